/// Resource usage of a cgroup, shaped as runc's `events --stats` data so that
/// tools written for runc read it unchanged.
public struct CgroupStats: Codable, Sendable {
    public struct CPUUsage: Codable, Sendable {
        public var total: UInt64 = 0
        public var percpu: [UInt64]? = nil
        public var kernel: UInt64 = 0
        public var user: UInt64 = 0
    }
    public struct Throttling: Codable, Sendable {
        public var periods: UInt64 = 0
        public var throttledPeriods: UInt64 = 0
        public var throttledTime: UInt64 = 0
    }
    public struct CPU: Codable, Sendable {
        public var usage = CPUUsage()
        public var throttling = Throttling()
    }
    public struct MemoryEntry: Codable, Sendable {
        public var limit: UInt64 = 0
        public var usage: UInt64 = 0
        public var max: UInt64 = 0
        public var failcnt: UInt64 = 0
    }
    public struct Memory: Codable, Sendable {
        public var cache: UInt64 = 0
        public var usage = MemoryEntry()
        public var swap = MemoryEntry()
        public var kernel = MemoryEntry()
        public var kernelTCP = MemoryEntry()
        public var raw: [String: UInt64] = [:]
    }
    public struct Pids: Codable, Sendable {
        public var current: UInt64 = 0
        public var limit: UInt64 = 0
    }

    public var cpu = CPU()
    public var memory = Memory()
    public var pids = Pids()
    public init() {}
}

/// Parsers for cgroup interface files.
enum CgroupFile {
    static func number(_ text: String?) -> UInt64? {
        guard let text else { return nil }
        let trimmed = text.trimmingWhitespace
        if trimmed == "max" { return UInt64.max }
        return UInt64(trimmed)
    }

    /// "key value" lines (memory.stat, cpu.stat) as a dictionary.
    static func keyValues(_ text: String?) -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        for line in (text ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = UInt64(parts[1]) { result[String(parts[0])] = value }
        }
        return result
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
