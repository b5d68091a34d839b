import Glibc
import LinuxSupport
import OCI

/// What the runtime remembers about a container between invocations, saved
/// as state.json in the container's state directory.
public struct ContainerRecord: Codable, Sendable {
    public var id: String
    public var bundle: String
    public var rootfs: String
    public var pid: Int32
    /// /proc/PID/stat start time of the init, to tell it from a later process with the same pid.
    public var initStartTime: UInt64
    public var created: String
    public var cgroupPaths: [String: String]
    public var spec: RuntimeSpec

    public var cgroup: any CgroupManager { Cgroups.manager(recordedPaths: cgroupPaths) }

    /// True while the container's init (the same process, not a reused pid) lives and is not a zombie.
    var initIsAlive: Bool {
        guard pid > 0, let start = Processes.startTime(of: pid), start == initStartTime else { return false }
        let state = Processes.state(of: pid)
        return state != "Z" && state != "X"
    }

    func status(in store: StateStore) -> ContainerState.Status {
        guard initIsAlive else { return .stopped }
        if SmallFile.exists(store.execFIFO(id)) { return .created }
        if cgroup.isFrozen { return .paused }
        return .running
    }

    func state(in store: StateStore) -> ContainerState {
        let status = status(in: store)
        return ContainerState(id: id, status: status, pid: status == .stopped ? 0 : pid, bundle: bundle,
                              rootfs: rootfs, created: created, annotations: spec.annotations)
    }
}

/// The runtime's state root: one directory per container.
public struct StateStore: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    public func directory(_ id: String) -> String { root + "/" + id }
    func recordPath(_ id: String) -> String { directory(id) + "/state.json" }
    func execFIFO(_ id: String) -> String { directory(id) + "/exec.fifo" }

    /// Container ids are file names here, so they are held to runc's rules.
    public static func validate(id: String) throws(RuntimeError) {
        let allowed = id.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(scalar) || "_+-.".unicodeScalars.contains(scalar)
        }
        guard !id.isEmpty, id != ".", id != "..", id.utf8.count <= 1024, allowed else {
            throw .invalidArgument("invalid container id format: \(id)")
        }
    }

    /// Creates the container's directory; fails if the id is taken.
    func reserve(_ id: String) throws(RuntimeError) {
        try StateStore.validate(id: id)
        try sys { () throws(SystemCallError) in try Directory.create(root, mode: 0o711) }
        if mkdir(directory(id), 0o711) != 0 {
            if errno == EEXIST { throw .containerExists(id) }
            throw .system(SystemCallError("mkdir", directory(id)))
        }
    }

    public func load(_ id: String) throws(RuntimeError) -> ContainerRecord {
        try StateStore.validate(id: id)
        guard let text = try? SmallFile.read(recordPath(id)) else { throw .containerNotFound(id) }
        do {
            return try JSON.decode(ContainerRecord.self, from: Array(text.utf8))
        } catch {
            throw .invalidArgument("corrupt state for container \(id): \(error)")
        }
    }

    /// Replaced in one step but not synced: a state file describes live
    /// processes, which a machine crash takes with it (runc does the same).
    func save(_ record: ContainerRecord) throws(RuntimeError) {
        let text: String
        // Keys unsorted: only this runtime reads the file, and sorting a
        // whole spec's keys is a measurable part of every create.
        do { text = String(decoding: try JSON.encode(record, sortedKeys: false), as: UTF8.self) } catch { throw .invalidArgument("cannot encode state: \(error)") }
        try sys { () throws(SystemCallError) in try SmallFile.writeReplacing(recordPath(record.id), text) }
    }

    func remove(_ id: String) {
        Directory.removeTree(directory(id))
    }

    public func ids() -> [String] {
        Directory.entries(root).filter { SmallFile.exists(recordPath($0)) }.sorted()
    }
}
