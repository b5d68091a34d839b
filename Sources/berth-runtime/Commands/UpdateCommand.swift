import LinuxSupport
import OCI
import Runtime

enum UpdateCommand {
    /// `update`: new limits from `--resources FILE|-` (LinuxResources JSON) or from flags.
    static let command = Command(flags: [
        .value("resources", "r"), .value("memory", "m"), .value("memory-reservation"), .value("memory-swap"),
        .value("cpu-shares"), .value("cpu-quota"), .value("cpu-period"), .value("cpu-rt-period"), .value("cpu-rt-runtime"),
        .value("cpuset-cpus"), .value("cpuset-mems"), .value("pids-limit"), .value("blkio-weight"),
        .value("kernel-memory"), .value("kernel-memory-tcp"), .value("l3-cache-schema"), .value("mem-bw-schema"),
    ]) { global, args throws(RuntimeError) in
        let id = try args.positional(0, "container id")
        try global.runtime.update(id, resources: try resources(args))
        return 0
    }

    static func resources(_ args: ParsedArguments) throws(RuntimeError) -> RuntimeSpec.Resources {
        if let source = args.value("resources") {
            let bytes: [UInt8]
            do { bytes = source == "-" ? try FD.readToEnd(0) : Array(try SmallFile.read(source).utf8) } catch {
                throw .invalidArgument("cannot read resources: \(error)")
            }
            do { return try JSON.decode(RuntimeSpec.Resources.self, from: bytes) } catch {
                throw .invalidArgument("invalid resources JSON: \(error)")
            }
        }
        var resources = RuntimeSpec.Resources()
        var memory = RuntimeSpec.Memory()
        memory.limit = try args.value("memory").map(ByteSize.parse)
        memory.reservation = try args.value("memory-reservation").map(ByteSize.parse)
        memory.swap = try args.value("memory-swap").map(ByteSize.parse)
        if memory != RuntimeSpec.Memory() { resources.memory = memory }
        var cpu = RuntimeSpec.CPU()
        cpu.shares = try args.int("cpu-shares").map(UInt64.init)
        cpu.quota = try args.int("cpu-quota").map(Int64.init)
        cpu.period = try args.int("cpu-period").map(UInt64.init)
        cpu.cpus = args.value("cpuset-cpus")
        cpu.mems = args.value("cpuset-mems")
        if cpu != RuntimeSpec.CPU() { resources.cpu = cpu }
        if let limit = try args.int("pids-limit") { resources.pids = .init(limit: Int64(limit)) }
        return resources
    }
}

/// "512m", "1g", "1024", "-1": sizes as Docker and runc write them.
enum ByteSize {
    static func parse(_ text: String) throws(RuntimeError) -> Int64 {
        if text == "-1" { return -1 }
        let lower = text.lowercased().replacingSuffix("b")
        let units: [Character: Int64] = ["k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40]
        if let last = lower.last, let unit = units[last], let number = Double(lower.dropLast()) {
            return Int64(number * Double(unit))
        }
        guard let number = Int64(lower) else { throw .invalidArgument("invalid size: \(text)") }
        return number
    }
}

extension String {
    func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) && count > suffix.count ? String(dropLast(suffix.count)) : self
    }
}
