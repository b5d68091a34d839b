/// Where the container machinery lives and how it is set up, fixed when the daemon starts.
public struct ContainerSettings: Sendable {
    /// `<data-root>/containers`.
    public var root: String
    /// berth-runtime's state root, under the exec root.
    public var runtimeRoot: String
    public var runtimeBinary: String
    public var monitorBinary: String
    /// The cgroup every container's cgroup goes under ("/berth").
    public var cgroupParent: String
    /// "1" or "2": where OOM kills are counted.
    public var cgroupVersion: String
    public var dns: [String]
    /// tini-static, for `--init`; nil when not installed.
    public var initBinary: String?
    /// "overlay2", or "vfs" to copy layers instead of stacking them.
    public var storageDriver: String

    public init(root: String, runtimeRoot: String, runtimeBinary: String, monitorBinary: String, cgroupParent: String,
                cgroupVersion: String, dns: [String], initBinary: String?, storageDriver: String) {
        self.root = root
        self.runtimeRoot = runtimeRoot
        self.runtimeBinary = runtimeBinary
        self.monitorBinary = monitorBinary
        self.cgroupParent = cgroupParent
        self.cgroupVersion = cgroupVersion
        self.dns = dns
        self.initBinary = initBinary
        self.storageDriver = storageDriver
    }

    /// The file whose `oom_kill` count tells whether the container's cgroup saw an OOM kill.
    func oomCounter(id: String) -> String {
        let relative = cgroupParent + "/" + id
        return cgroupVersion == "2" ? "/sys/fs/cgroup\(relative)/memory.events" : "/sys/fs/cgroup/memory\(relative)/memory.oom_control"
    }
}
