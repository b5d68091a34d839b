/// The state of a container as the OCI runtime spec's `state` operation reports
/// it, plus the fields runc adds that containerd reads (rootfs, created, owner).
public struct ContainerState: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case creating, created, running, paused, stopped
    }

    public var ociVersion: String
    public var id: String
    public var status: Status
    public var pid: Int32
    public var bundle: String
    public var rootfs: String
    public var created: String
    public var owner: String
    public var annotations: [String: String]?

    public init(id: String, status: Status, pid: Int32, bundle: String, rootfs: String, created: String, annotations: [String: String]?) {
        self.ociVersion = RuntimeSpec.version
        self.id = id
        self.status = status
        self.pid = pid
        self.bundle = bundle
        self.rootfs = rootfs
        self.created = created
        self.owner = ""
        self.annotations = annotations
    }
}
