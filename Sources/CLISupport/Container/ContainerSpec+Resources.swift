/// HostConfig's resource fields (Docker's container.Resources), health
/// checks and devices, from the flags.
extension ContainerSpec {
    static func resources(_ flags: ParsedFlags, devices: [JSONDocument], apiVersion: String) -> [(String, JSONDocument)] {
        func throttle(_ name: String, bytes: Bool) -> JSONDocument {
            .array(flags.strings(name).map { entry in
                let parts = entry.split(separator: ":").map(String.init)
                let rate = bytes ? ((try? ByteSize.ramInBytes(parts[1])).map { String($0) } ?? "0") : parts[1]
                return .object([("Path", .string(parts[0])), ("Rate", .number(rate))])
            })
        }
        var members: [(String, JSONDocument)] = [
            ("CpuShares", .integer(flags.int("cpu-shares"))),
            ("Memory", .integer(flags.int("memory"))),
            ("NanoCpus", .integer(flags.int("cpus"))),
            ("CgroupParent", .string(flags.string("cgroup-parent") ?? "")),
            ("BlkioWeight", .integer(flags.int("blkio-weight"))),
            ("BlkioWeightDevice", .array(flags.strings("blkio-weight-device").map { entry in
                let parts = entry.split(separator: ":").map(String.init)
                return .object([("Path", .string(parts[0])), ("Weight", .number(parts[1]))])
            })),
            ("BlkioDeviceReadBps", throttle("device-read-bps", bytes: true)),
            ("BlkioDeviceWriteBps", throttle("device-write-bps", bytes: true)),
            ("BlkioDeviceReadIOps", throttle("device-read-iops", bytes: false)),
            ("BlkioDeviceWriteIOps", throttle("device-write-iops", bytes: false)),
            ("CpuPeriod", .integer(flags.int("cpu-period"))),
            ("CpuQuota", .integer(flags.int("cpu-quota"))),
            ("CpuRealtimePeriod", .integer(flags.int("cpu-rt-period"))),
            ("CpuRealtimeRuntime", .integer(flags.int("cpu-rt-runtime"))),
            ("CpusetCpus", .string(flags.string("cpuset-cpus") ?? "")),
            ("CpusetMems", .string(flags.string("cpuset-mems") ?? "")),
            ("Devices", .array(devices)),
            ("DeviceCgroupRules", .strings(nilIfEmpty(flags.strings("device-cgroup-rule")))),
            ("DeviceRequests", gpuRequests(flags.string("gpus"))),
        ]
        // Kernel memory only travels between API 1.40 and 1.41.
        let kernelMemory = flags.int("kernel-memory")
        if kernelMemory != 0 && compareVersions(apiVersion, "1.40") >= 0 && compareVersions(apiVersion, "1.42") < 0 {
            members.append(("KernelMemory", .integer(kernelMemory)))
        }
        var ulimits: [Ulimit] = []
        for text in flags.strings("ulimit") {
            guard let limit = try? Ulimit(parsing: text) else { continue }
            ulimits.removeAll { $0.name == limit.name }
            ulimits.append(limit)
        }
        ulimits.sort { $0.name < $1.name }
        members += [
            ("MemoryReservation", .integer(flags.int("memory-reservation"))),
            ("MemorySwap", .integer(flags.int("memory-swap"))),
            ("MemorySwappiness", .integer(flags.int("memory-swappiness", default: -1))),
            ("OomKillDisable", .bool(flags.bool("oom-kill-disable"))),
            ("PidsLimit", .integer(flags.int("pids-limit"))),
            ("Ulimits", .array(ulimits.map {
                .object([("Name", .string($0.name)), ("Hard", .integer($0.hard)), ("Soft", .integer($0.soft))])
            })),
            ("CpuCount", .integer(flags.int("cpu-count"))),
            ("CpuPercent", .integer(flags.int("cpu-percent"))),
            ("IOMaximumIOps", .number(flags.string("io-maxiops") ?? "0")),
            ("IOMaximumBandwidth", .integer(flags.int("io-maxbandwidth"))),
        ]
        return members
    }

    /// `--gpus all` or `--gpus 2`: one request for the default GPU driver.
    static func gpuRequests(_ value: String?) -> JSONDocument {
        guard let value, !value.isEmpty else { return .null }
        let count: Int64 = value == "all" ? -1 : (Int64(value) ?? 0)
        return .array([.object([
            ("Driver", .string("")), ("Count", .integer(count)), ("DeviceIDs", .null),
            ("Capabilities", .array([.array([.string("gpu")])])), ("Options", .null),
        ])])
    }

    static func healthConfig(_ flags: ParsedFlags) throws(FlagValueError) -> JSONDocument? {
        let command = flags.string("health-cmd") ?? ""
        let interval = flags.int("health-interval"), timeout = flags.int("health-timeout")
        let startPeriod = flags.int("health-start-period"), startInterval = flags.int("health-start-interval")
        let retries = flags.int("health-retries")
        let haveSettings = !command.isEmpty || interval != 0 || timeout != 0 || startPeriod != 0 || retries != 0 || startInterval != 0
        if flags.bool("no-healthcheck") {
            if haveSettings { throw FlagValueError("--no-healthcheck conflicts with --health-* options") }
            return .object([("Test", .array([.string("NONE")]))])
        }
        guard haveSettings else { return nil }
        if interval < 0 { throw FlagValueError("--health-interval cannot be negative") }
        if timeout < 0 { throw FlagValueError("--health-timeout cannot be negative") }
        if retries < 0 { throw FlagValueError("--health-retries cannot be negative") }
        if startPeriod < 0 { throw FlagValueError("--health-start-period cannot be negative") }
        if startInterval < 0 { throw FlagValueError("--health-start-interval cannot be negative") }
        var members: [(String, JSONDocument)] = []
        if !command.isEmpty { members.append(("Test", .array([.string("CMD-SHELL"), .string(command)]))) }
        if interval != 0 { members.append(("Interval", .integer(interval))) }
        if timeout != 0 { members.append(("Timeout", .integer(timeout))) }
        if startPeriod != 0 { members.append(("StartPeriod", .integer(startPeriod))) }
        if startInterval != 0 { members.append(("StartInterval", .integer(startInterval))) }
        if retries != 0 { members.append(("Retries", .integer(retries))) }
        return .object(members)
    }
}
