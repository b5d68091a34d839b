/// What `create` and `run` take besides the bundle's config.json.
public struct LaunchOptions: Sendable {
    public var id: String
    public var bundle: String
    public var pidFile: String?
    public var consoleSocket: String?
    public var preserveFDs: Int32 = 0
    public var noPivot = false
    public var noNewKeyring = false

    public init(id: String, bundle: String) {
        self.id = id
        self.bundle = bundle
    }
}

/// A container whose init is waiting for `start`, as `create` leaves it.
public struct LaunchedContainer {
    public let record: ContainerRecord
    /// The pty master, when the runtime itself holds the container's terminal (foreground `run -t`).
    public let consoleMaster: Int32?
}
