import OCI

/// One container's cgroup, whatever the hierarchy: create it, apply limits,
/// put processes in, freeze, report, and remove. v1 and v2 each implement it.
public protocol CgroupManager: Sendable {
    /// Creates the cgroup (and missing parents) and applies `resources`.
    func create(resources: RuntimeSpec.Resources?) throws(RuntimeError)
    /// Moves a process into the cgroup.
    func add(pid: Int32) throws(RuntimeError)
    /// Changes limits of an existing cgroup.
    func apply(resources: RuntimeSpec.Resources) throws(RuntimeError)
    func freeze() throws(RuntimeError)
    func thaw() throws(RuntimeError)
    var isFrozen: Bool { get }
    /// Every process in the cgroup.
    func pids() -> [Int32]
    func stats() -> CgroupStats
    /// Removes the cgroup directories; the cgroup must be empty.
    func destroy() throws(RuntimeError)
    /// The directories that make up this cgroup, for state files and /sys/fs/cgroup in the container.
    var paths: [String: String] { get }
}

extension CgroupManager {
    /// Sends `signal` to every process in the cgroup, frozen first so none can fork
    /// away while the list is being walked.
    public func signalAll(_ signal: Int32) {
        try? freeze()
        for pid in pids() { _ = try? LinuxSupportShim.kill(pid, signal) }
        try? thaw()
    }
}

/// Which cgroup layout the host mounts.
public enum CgroupMode: Sendable, Equatable {
    case v1, hybrid, unified

    /// Reads the layout from the filesystem type at /sys/fs/cgroup (statfs magic).
    public static func detect(root: String = "/sys/fs/cgroup") -> CgroupMode {
        if FilesystemMagic.of(root) == FilesystemMagic.cgroup2 { return .unified }
        if FilesystemMagic.of(root + "/unified") == FilesystemMagic.cgroup2 { return .hybrid }
        return .v1
    }
}

/// Builds the manager for a container from its spec's cgroupsPath.
public enum Cgroups {
    public static func manager(cgroupsPath: String?, id: String) throws(RuntimeError) -> any CgroupManager {
        let path = (cgroupsPath?.isEmpty ?? true) ? id : cgroupsPath!
        if path.contains(":") && !path.hasPrefix("/") {
            throw .cgroup("systemd cgroup paths (slice:prefix:name) are not supported: \(path)")
        }
        switch CgroupMode.detect() {
        case .unified:
            return CgroupV2Driver(directory: CgroupV2Driver.resolve(path))
        case .v1, .hybrid:
            return try CgroupV1Driver(paths: CgroupV1Driver.resolve(path))
        }
    }

    /// Rebuilds a manager from paths recorded in a container's state.
    public static func manager(recordedPaths: [String: String]) -> any CgroupManager {
        if let unified = recordedPaths[""] , recordedPaths.count == 1 {
            return CgroupV2Driver(directory: unified)
        }
        return CgroupV1Driver(paths: recordedPaths)
    }
}
