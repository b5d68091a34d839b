import CLISupport
import EngineClient

/// `berth update`: new resource limits or restart policy for running containers.
struct UpdateCommand: FlagCommand {
    static let usage = "[OPTIONS] CONTAINER [CONTAINER...]"
    static let summary = "Update configuration of one or more containers"
    static let aliases = "berth container update, berth update"
    static let arguments = UsageProblem.ArgumentRule.atLeast(1)
    static let updatable: Set<String> = [
        "blkio-weight", "cpu-period", "cpu-quota", "cpu-rt-period", "cpu-rt-runtime", "cpuset-cpus", "cpuset-mems",
        "cpu-shares", "memory", "memory-reservation", "memory-swap", "kernel-memory", "pids-limit", "cpus",
    ]
    static let flags: [FlagDefinition] = ContainerFlags.shared.filter { updatable.contains($0.name) }.map { flag in
        var copy = flag
        if flag.name == "kernel-memory" { copy.hidden = true }
        if flag.name == "pids-limit" { copy.minimumAPIVersion = "1.40" }
        if flag.name == "cpus" { copy.minimumAPIVersion = "1.29" }
        return copy
    } + [FlagDefinition("restart", "Restart policy to apply when a container exits")]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        guard Self.updatable.union(["restart"]).contains(where: flags.isSet) else {
            throw CLIError("you must provide one or more flags when using this command")
        }
        var restart = try RestartPolicy(parsing: "")
        if let policy = flags.string("restart"), !policy.isEmpty {
            do { restart = try RestartPolicy(parsing: policy) } catch { throw CLIError(error.message) }
        }
        let body = Self.body(flags, restart: restart)
        let client = try Session.client()
        var warnings: [String] = []
        var errors: [String] = []
        for name in flags.arguments {
            do {
                try ContainerOperations.checkID(name)
                let result = try client.updateContainer(name, body: body)
                Output.out(name + "\n")
                warnings += result.Warnings ?? []
            } catch {
                errors.append(ContainerOperations.describe(error))
            }
        }
        if !warnings.isEmpty { Output.out(warnings.joined(separator: "\n") + "\n") }
        if !errors.isEmpty { throw CLIError(errors.joined(separator: "\n")) }
    }

    /// Docker's UpdateConfig: the Resources fields (unset ones null or zero)
    /// and the restart policy.
    static func body(_ flags: ParsedFlags, restart: RestartPolicy) -> [UInt8] {
        func int(_ name: String) -> JSONDocument { .integer(flags.int(name)) }
        func string(_ name: String) -> JSONDocument { .string(flags.string(name) ?? "") }
        var members: [(String, JSONDocument)] = [
            ("CpuShares", int("cpu-shares")), ("Memory", int("memory")), ("NanoCpus", int("cpus")),
            ("CgroupParent", .string("")), ("BlkioWeight", int("blkio-weight")),
            ("BlkioWeightDevice", .null), ("BlkioDeviceReadBps", .null), ("BlkioDeviceWriteBps", .null),
            ("BlkioDeviceReadIOps", .null), ("BlkioDeviceWriteIOps", .null),
            ("CpuPeriod", int("cpu-period")), ("CpuQuota", int("cpu-quota")), ("CpuRealtimePeriod", int("cpu-rt-period")),
            ("CpuRealtimeRuntime", int("cpu-rt-runtime")), ("CpusetCpus", string("cpuset-cpus")), ("CpusetMems", string("cpuset-mems")),
            ("Devices", .null), ("DeviceCgroupRules", .null), ("DeviceRequests", .null),
        ]
        if flags.int("kernel-memory") != 0 { members.append(("KernelMemory", int("kernel-memory"))) }
        members += [
            ("MemoryReservation", int("memory-reservation")), ("MemorySwap", int("memory-swap")),
            ("MemorySwappiness", .null), ("OomKillDisable", .null),
            ("PidsLimit", flags.int("pids-limit") != 0 ? int("pids-limit") : .null),
            ("Ulimits", .null), ("CpuCount", .integer(0)), ("CpuPercent", .integer(0)),
            ("IOMaximumIOps", .integer(0)), ("IOMaximumBandwidth", .integer(0)),
            ("RestartPolicy", .object([("Name", .string(restart.name)), ("MaximumRetryCount", .integer(restart.maximumRetryCount))])),
        ]
        return Array((JSONWriter.compact(.object(members), .init(escapeHTML: true)) + "\n").utf8)
    }
}
