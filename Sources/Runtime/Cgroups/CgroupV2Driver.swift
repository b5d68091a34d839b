import Glibc
import LinuxSupport
import OCI

/// cgroup v2: one directory in the unified hierarchy. Controllers must be
/// enabled in every ancestor's cgroup.subtree_control before their files appear.
public struct CgroupV2Driver: CgroupManager {
    public let directory: String
    /// The unified hierarchy's mount point; ancestors up to it get controllers enabled.
    let mountPoint: String

    public init(directory: String, mountPoint: String = "/sys/fs/cgroup") {
        self.directory = directory
        self.mountPoint = mountPoint
    }

    public var paths: [String: String] { ["": directory] }

    static func resolve(_ cgroupsPath: String, mountPoint: String = "/sys/fs/cgroup") -> String {
        if cgroupsPath.hasPrefix("/") { return Path.clean(mountPoint + cgroupsPath) }
        let own = ((try? SmallFile.read("/proc/self/cgroup")) ?? "")
            .split(separator: "\n").first { $0.hasPrefix("0::") }.map { String($0.dropFirst(3)) } ?? "/"
        return Path.clean(mountPoint + "/" + own + "/" + cgroupsPath)
    }

    static let wantedControllers = ["cpuset", "cpu", "io", "memory", "pids"]

    public func create(resources: RuntimeSpec.Resources?) throws(RuntimeError) {
        try sys { () throws(SystemCallError) in try Directory.create(directory) }
        try enableControllers()
        if let resources { try apply(resources: resources) }
    }

    /// Writes "+cpu +memory ..." into each ancestor's subtree_control, for the
    /// controllers that ancestor has available.
    private func enableControllers() throws(RuntimeError) {
        var ancestors: [String] = []
        var current = Path.parent(directory)
        while current.hasPrefix(mountPoint) {
            ancestors.append(current)
            if current == mountPoint { break }
            current = Path.parent(current)
        }
        for ancestor in ancestors.reversed() {
            let available = ((try? SmallFile.read(ancestor + "/cgroup.controllers")) ?? "").split(separator: " ").map { $0.trimmingWhitespace }
            let enable = Self.wantedControllers.filter(available.contains)
            if enable.isEmpty { continue }
            try write(ancestor + "/cgroup.subtree_control", enable.map { "+" + $0 }.joined(separator: " "))
        }
    }

    public func add(pid: Int32) throws(RuntimeError) {
        try write(directory + "/cgroup.procs", String(pid))
    }

    public func apply(resources: RuntimeSpec.Resources) throws(RuntimeError) {
        for (file, value) in Self.files(for: resources) {
            try write(directory + "/" + file, value)
        }
    }

    /// The interface files and values that express `resources` on v2, in the
    /// order they are written. Pure, so it is unit-tested without a cgroup2 mount.
    public static func files(for resources: RuntimeSpec.Resources) -> [(String, String)] {
        var files: [(String, String)] = []
        if let memory = resources.memory {
            if let limit = memory.limit { files.append(("memory.max", limit > 0 ? String(limit) : "max")) }
            if let reservation = memory.reservation { files.append(("memory.low", reservation > 0 ? String(reservation) : "0")) }
            // OCI's swap is memory+swap; v2's swap.max counts swap alone.
            if let swap = memory.swap {
                if swap < 0 { files.append(("memory.swap.max", "max")) }
                else if let limit = memory.limit, limit > 0 { files.append(("memory.swap.max", String(max(0, swap - limit)))) }
            }
            if memory.disableOOMKiller == true { files.append(("memory.oom.group", "0")) }
        }
        if let cpu = resources.cpu {
            if let shares = cpu.shares, shares != 0 { files.append(("cpu.weight", String(weight(fromShares: shares)))) }
            if cpu.quota != nil || cpu.period != nil {
                let quota = cpu.quota.map { $0 > 0 ? String($0) : "max" } ?? "max"
                files.append(("cpu.max", "\(quota) \(cpu.period ?? 100_000)"))
            }
            if let cpus = cpu.cpus, !cpus.isEmpty { files.append(("cpuset.cpus", cpus)) }
            if let mems = cpu.mems, !mems.isEmpty { files.append(("cpuset.mems", mems)) }
        }
        if let pids = resources.pids { files.append(("pids.max", pids.limit > 0 ? String(pids.limit) : "max")) }
        for (key, value) in (resources.unified ?? [:]).sorted(by: { $0.key < $1.key }) { files.append((key, value)) }
        return files
    }

    /// cgroup v1 cpu.shares [2, 262144] mapped onto v2 cpu.weight [1, 10000],
    /// the conversion runc and crun use.
    public static func weight(fromShares shares: UInt64) -> UInt64 {
        let clamped = min(max(shares, 2), 262_144)
        return 1 + ((clamped - 2) * 9999) / 262_142
    }

    public func freeze() throws(RuntimeError) { try setFrozen(true) }
    public func thaw() throws(RuntimeError) { try setFrozen(false) }

    private func setFrozen(_ frozen: Bool) throws(RuntimeError) {
        try write(directory + "/cgroup.freeze", frozen ? "1" : "0")
        let deadline = Clock.monotonicSeconds() + 10
        while Clock.monotonicSeconds() < deadline {
            let events = CgroupFile.keyValues(try? SmallFile.read(directory + "/cgroup.events"))
            if events["frozen"] == (frozen ? 1 : 0) { return }
            Clock.sleep(seconds: 0.01)
        }
        throw .cgroup("timed out waiting for cgroup.freeze=\(frozen ? 1 : 0)")
    }

    public var isFrozen: Bool {
        ((try? SmallFile.read(directory + "/cgroup.freeze")) ?? "").trimmingWhitespace == "1"
    }

    public func pids() -> [Int32] {
        ((try? SmallFile.read(directory + "/cgroup.procs")) ?? "").split(separator: "\n").compactMap { Int32($0) }
    }

    public func stats() -> CgroupStats {
        var stats = CgroupStats()
        func read(_ file: String) -> String? { try? SmallFile.read(directory + "/" + file) }
        let cpu = CgroupFile.keyValues(read("cpu.stat"))
        stats.cpu.usage.total = (cpu["usage_usec"] ?? 0) * 1000
        stats.cpu.usage.user = (cpu["user_usec"] ?? 0) * 1000
        stats.cpu.usage.kernel = (cpu["system_usec"] ?? 0) * 1000
        stats.cpu.throttling = .init(periods: cpu["nr_periods"] ?? 0, throttledPeriods: cpu["nr_throttled"] ?? 0,
                                     throttledTime: (cpu["throttled_usec"] ?? 0) * 1000)
        stats.memory.usage = .init(limit: CgroupFile.number(read("memory.max")) ?? 0, usage: CgroupFile.number(read("memory.current")) ?? 0,
                                   max: CgroupFile.number(read("memory.peak")) ?? 0, failcnt: CgroupFile.keyValues(read("memory.events"))["max"] ?? 0)
        stats.memory.swap = .init(limit: CgroupFile.number(read("memory.swap.max")) ?? 0, usage: CgroupFile.number(read("memory.swap.current")) ?? 0)
        stats.memory.raw = CgroupFile.keyValues(read("memory.stat"))
        stats.memory.cache = stats.memory.raw["file"] ?? 0
        stats.pids.current = CgroupFile.number(read("pids.current")) ?? 0
        let limit = CgroupFile.number(read("pids.max")) ?? 0
        stats.pids.limit = limit == UInt64.max ? 0 : limit
        return stats
    }

    public func destroy() throws(RuntimeError) {
        try CgroupDirectory.remove(directory)
    }

    private func write(_ path: String, _ value: String) throws(RuntimeError) {
        do { try SmallFile.write(path, value) } catch { throw .cgroup(error.description) }
    }
}
