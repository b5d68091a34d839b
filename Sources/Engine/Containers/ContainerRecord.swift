import OCI

/// What the engine keeps about a container, saved as JSON in the metadata
/// database (one transaction per change).
public struct ContainerRecord: Codable, Sendable {
    public var id: String
    /// Without the leading "/" Docker shows.
    public var name: String
    public var created: String
    public var path: String
    public var args: [String]
    public var config: RunConfig
    public var hostConfig: HostConfig
    public var imageID: String
    public var state = ContainerStateInfo()
    public var restartCount = 0
    /// Set by stop and kill: restart policies leave such a container alone.
    public var manuallyStopped = false
    public var hasBeenStarted = false
    /// Chain IDs of the image's layers, top-most first: the overlay's lower dirs.
    public var layers: [String]
    public var driver: String

    public var shortID: String { String(id.prefix(12)) }
    public var isRunning: Bool { state.Running }
}

/// The files of one container under `<data-root>/containers/<id>/`.
public struct ContainerPaths: Sendable {
    public let directory: String

    public init(root: String, id: String) { directory = root + "/" + id }

    public var rootfs: String { directory + "/rootfs" }
    public var upper: String { directory + "/upper" }
    public var work: String { directory + "/work" }
    public var spec: String { directory + "/config.json" }
    public var monitorConfig: String { directory + "/monitor.conf" }
    public var exit: String { directory + "/exit" }
    public var hostname: String { directory + "/hostname" }
    public var hosts: String { directory + "/hosts" }
    public var resolvConf: String { directory + "/resolv.conf" }
    public func log(_ id: String) -> String { directory + "/\(id)-json.log" }
    public func execProcess(_ execID: String) -> String { directory + "/exec-\(execID).json" }
    public func execExit(_ execID: String) -> String { directory + "/exec-\(execID).exit" }
    /// The monitor's socket, by a path short enough for a socket address
    /// whatever the data root: through a descriptor of the directory.
    public static let monitorSocket = "monitor.sock"
}
