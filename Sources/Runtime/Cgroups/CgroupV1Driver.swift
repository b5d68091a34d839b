import Glibc
import LinuxSupport
import OCI

/// cgroup v1: one directory per mounted hierarchy (memory, cpu, pids, ...),
/// each holding the same relative path.
public struct CgroupV1Driver: CgroupManager {
    /// Hierarchy name ("memory", "cpu,cpuacct", "name=systemd") → directory.
    public let paths: [String: String]

    public init(paths: [String: String]) {
        self.paths = paths
    }

    /// A mounted v1 hierarchy: its mount point and the controllers it carries.
    struct Hierarchy {
        let mountPoint: String
        let controllers: [String]
        var key: String { controllers.joined(separator: ",") }
    }

    static let knownControllers: Set<String> = [
        "cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "net_cls", "net_prio",
        "blkio", "perf_event", "hugetlb", "pids", "rdma", "misc",
    ]

    /// The v1 hierarchies mounted in this mount namespace, from /proc/self/mountinfo.
    /// Lines are split as bytes, not Characters: every create reads this file,
    /// and on a busy host most of its lines are containers' own mounts.
    static func hierarchies(mountinfo: String? = try? SmallFile.read("/proc/self/mountinfo")) -> [Hierarchy] {
        var seen = Set<String>()
        var result: [Hierarchy] = []
        for line in Array((mountinfo ?? "").utf8).split(separator: UInt8(ascii: "\n")) {
            // ID PARENT MAJOR:MINOR ROOT MOUNT-POINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER-OPTIONS
            let fields = line.split(separator: UInt8(ascii: " "))
            guard let dash = fields.firstIndex(where: { $0.elementsEqual("-".utf8) }), dash >= 5, fields.count >= dash + 4,
                  fields[dash + 1].elementsEqual("cgroup".utf8) else { continue }
            let controllers = fields[dash + 3].split(separator: UInt8(ascii: ","))
                .map { String(decoding: $0, as: UTF8.self) }
                .filter { knownControllers.contains($0) || $0.hasPrefix("name=") }
            guard !controllers.isEmpty else { continue }
            let hierarchy = Hierarchy(mountPoint: String(decoding: fields[4], as: UTF8.self), controllers: controllers)
            if seen.insert(hierarchy.key).inserted { result.append(hierarchy) }
        }
        return result
    }

    /// This process's own cgroup in each hierarchy, from /proc/self/cgroup.
    static func ownCgroups(_ text: String? = try? SmallFile.read("/proc/self/cgroup")) -> [String: String] {
        var result: [String: String] = [:]
        for line in (text ?? "").split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, !parts[1].isEmpty else { continue }
            result[String(parts[1])] = String(parts[2])
        }
        return result
    }

    /// Directory per hierarchy for `cgroupsPath`: absolute paths hang from each
    /// hierarchy's root, relative ones from this process's own cgroup (as runc does).
    static func resolve(_ cgroupsPath: String) throws(RuntimeError) -> [String: String] {
        let own = ownCgroups()
        var paths: [String: String] = [:]
        for hierarchy in hierarchies() {
            let base = cgroupsPath.hasPrefix("/") ? "/" : (own[hierarchy.key] ?? "/")
            paths[hierarchy.key] = Path.clean(hierarchy.mountPoint + "/" + Path.clean(base + "/" + cgroupsPath))
        }
        if paths.isEmpty { throw .cgroup("no cgroup v1 hierarchy is mounted") }
        return paths
    }

    func directory(_ controller: String) -> String? {
        if let exact = paths[controller] { return exact }
        return paths.first { $0.key.split(separator: ",").contains(Substring(controller)) }?.value
    }

    public func create(resources: RuntimeSpec.Resources?) throws(RuntimeError) {
        for (key, path) in paths.sorted(by: { $0.key < $1.key }) {
            try sys { () throws(SystemCallError) in try Directory.create(path) }
            if key.split(separator: ",").contains("cpuset") { try inheritCpuset(path) }
        }
        if let resources { try apply(resources: resources) }
        try applyDefaultDevices()
    }

    /// A new cpuset cgroup starts with no cpus and no mems, and refuses tasks
    /// until they are set: copy them down from the nearest parent that has them.
    private func inheritCpuset(_ path: String) throws(RuntimeError) {
        var chain: [String] = []
        var current = path
        while true {
            let cpus = (try? SmallFile.read(current + "/cpuset.cpus"))?.trimmingWhitespace ?? ""
            if !cpus.isEmpty || current == "/" { break }
            chain.append(current)
            current = Path.parent(current)
        }
        for directory in chain.reversed() {
            let parent = Path.parent(directory)
            for file in ["cpuset.cpus", "cpuset.mems"] {
                let value = ((try? SmallFile.read(parent + "/" + file)) ?? "").trimmingWhitespace
                try write(directory + "/" + file, value)
            }
        }
    }

    public func add(pid: Int32) throws(RuntimeError) {
        for path in paths.values {
            try write(path + "/cgroup.procs", String(pid))
        }
    }

    public func apply(resources: RuntimeSpec.Resources) throws(RuntimeError) {
        if let memory = resources.memory { try applyMemory(memory) }
        if let cpu = resources.cpu { try applyCPU(cpu) }
        if let pids = resources.pids, let dir = directory("pids") {
            try write(dir + "/pids.max", pids.limit > 0 ? String(pids.limit) : "max")
        }
        if let rules = resources.devices, let dir = directory("devices") {
            for rule in rules { try write(dir + (rule.allow ? "/devices.allow" : "/devices.deny"), DeviceRules.line(rule)) }
        }
    }

    /// The devices every container needs (runc adds the same ones), allowed
    /// after the spec's own rules.
    private func applyDefaultDevices() throws(RuntimeError) {
        guard let dir = directory("devices") else { return }
        for rule in DeviceRules.alwaysAllowed { try write(dir + "/devices.allow", DeviceRules.line(rule)) }
    }

    private func applyMemory(_ memory: RuntimeSpec.Memory) throws(RuntimeError) {
        guard let dir = directory("memory") else { return }
        let limitFile = dir + "/memory.limit_in_bytes"
        let swapFile = dir + "/memory.memsw.limit_in_bytes"
        let hasSwapAccounting = SmallFile.exists(swapFile)
        switch (memory.limit, hasSwapAccounting ? memory.swap : nil) {
        case (let limit?, let swap?):
            // The kernel refuses memory > memsw: order the two writes so every
            // intermediate state is valid, whichever way the limits move.
            do {
                try write(limitFile, String(limit))
                try write(swapFile, String(swap))
            } catch {
                try write(swapFile, String(swap))
                try write(limitFile, String(limit))
            }
        case (let limit?, nil):
            try write(limitFile, String(limit))
        case (nil, let swap?):
            try write(swapFile, String(swap))
        case (nil, nil):
            break
        }
        if let reservation = memory.reservation { try write(dir + "/memory.soft_limit_in_bytes", String(reservation)) }
        if let swappiness = memory.swappiness, swappiness <= 100 { try write(dir + "/memory.swappiness", String(swappiness)) }
        if memory.disableOOMKiller == true { try write(dir + "/memory.oom_control", "1") }
    }

    private func applyCPU(_ cpu: RuntimeSpec.CPU) throws(RuntimeError) {
        if let dir = directory("cpu") {
            if let shares = cpu.shares, shares != 0 { try write(dir + "/cpu.shares", String(shares)) }
            if let period = cpu.period, period != 0 { try write(dir + "/cpu.cfs_period_us", String(period)) }
            if let quota = cpu.quota, quota != 0 { try write(dir + "/cpu.cfs_quota_us", String(quota)) }
            if let runtime = cpu.realtimeRuntime, runtime != 0 { try write(dir + "/cpu.rt_runtime_us", String(runtime)) }
            if let period = cpu.realtimePeriod, period != 0 { try write(dir + "/cpu.rt_period_us", String(period)) }
        }
        if let dir = directory("cpuset") {
            if let cpus = cpu.cpus, !cpus.isEmpty { try write(dir + "/cpuset.cpus", cpus) }
            if let mems = cpu.mems, !mems.isEmpty { try write(dir + "/cpuset.mems", mems) }
        }
    }

    public func freeze() throws(RuntimeError) {
        try setFreezer("FROZEN")
    }

    public func thaw() throws(RuntimeError) {
        try setFreezer("THAWED")
    }

    private func setFreezer(_ state: String) throws(RuntimeError) {
        guard let dir = directory("freezer") else { throw .cgroup("the freezer controller is not mounted") }
        // Freezing can stall on tasks in uninterruptible sleep: retry writing
        // until the state file reports the target, for up to ten seconds.
        let deadline = Clock.monotonicSeconds() + 10
        repeat {
            try write(dir + "/freezer.state", state)
            if ((try? SmallFile.read(dir + "/freezer.state")) ?? "").trimmingWhitespace == state { return }
            Clock.sleep(seconds: 0.01)
        } while Clock.monotonicSeconds() < deadline
        throw .cgroup("timed out setting freezer.state to \(state)")
    }

    public var isFrozen: Bool {
        guard let dir = directory("freezer") else { return false }
        return ((try? SmallFile.read(dir + "/freezer.state")) ?? "").trimmingWhitespace == "FROZEN"
    }

    public func pids() -> [Int32] {
        for controller in ["pids", "memory", "freezer", "devices", "cpu"] {
            if let dir = directory(controller), let text = try? SmallFile.read(dir + "/cgroup.procs") {
                return text.split(separator: "\n").compactMap { Int32($0) }
            }
        }
        return []
    }

    public func stats() -> CgroupStats {
        var stats = CgroupStats()
        func read(_ controller: String, _ file: String) -> String? {
            directory(controller).flatMap { try? SmallFile.read($0 + "/" + file) }
        }
        stats.cpu.usage.total = CgroupFile.number(read("cpuacct", "cpuacct.usage")) ?? 0
        stats.cpu.usage.percpu = read("cpuacct", "cpuacct.usage_percpu")?.split(separator: " ").compactMap { UInt64($0.trimmingWhitespace) }
        let ticks = CgroupFile.keyValues(read("cpuacct", "cpuacct.stat"))
        let nanosPerTick = UInt64(1_000_000_000 / max(1, sysconf(Int32(_SC_CLK_TCK))))
        stats.cpu.usage.user = (ticks["user"] ?? 0) * nanosPerTick
        stats.cpu.usage.kernel = (ticks["system"] ?? 0) * nanosPerTick
        let throttling = CgroupFile.keyValues(read("cpu", "cpu.stat"))
        stats.cpu.throttling = .init(periods: throttling["nr_periods"] ?? 0,
                                     throttledPeriods: throttling["nr_throttled"] ?? 0,
                                     throttledTime: throttling["throttled_time"] ?? 0)
        func entry(_ prefix: String) -> CgroupStats.MemoryEntry {
            .init(limit: CgroupFile.number(read("memory", prefix + "limit_in_bytes")) ?? 0,
                  usage: CgroupFile.number(read("memory", prefix + "usage_in_bytes")) ?? 0,
                  max: CgroupFile.number(read("memory", prefix + "max_usage_in_bytes")) ?? 0,
                  failcnt: CgroupFile.number(read("memory", prefix + "failcnt")) ?? 0)
        }
        stats.memory.usage = entry("memory.")
        stats.memory.swap = entry("memory.memsw.")
        stats.memory.kernel = entry("memory.kmem.")
        stats.memory.kernelTCP = entry("memory.kmem.tcp.")
        stats.memory.raw = CgroupFile.keyValues(read("memory", "memory.stat"))
        stats.memory.cache = stats.memory.raw["total_cache"] ?? stats.memory.raw["cache"] ?? 0
        stats.pids.current = CgroupFile.number(read("pids", "pids.current")) ?? 0
        let limit = CgroupFile.number(read("pids", "pids.max")) ?? 0
        stats.pids.limit = limit == UInt64.max ? 0 : limit
        return stats
    }

    public func destroy() throws(RuntimeError) {
        for path in paths.values {
            try CgroupDirectory.remove(path)
        }
    }

    private func write(_ path: String, _ value: String) throws(RuntimeError) {
        do { try SmallFile.write(path, value) } catch { throw .cgroup(error.description) }
    }
}

enum CgroupDirectory {
    /// rmdir, retried briefly: a cgroup stays busy for a moment after its last
    /// task exits. A missing directory is already removed.
    static func remove(_ path: String) throws(RuntimeError) {
        let deadline = Clock.monotonicSeconds() + 5
        while rmdir(path) != 0 {
            if errno == ENOENT { return }
            if errno != EBUSY || Clock.monotonicSeconds() > deadline {
                throw .cgroup(SystemCallError("rmdir", path).description)
            }
            Clock.sleep(seconds: 0.01)
        }
    }
}
