/// The image config blob (Docker's `application/vnd.docker.container.image.v1+json`
/// or OCI's config): platform, run-time defaults, layer diff IDs and history.
/// Its digest is the image ID, so stores keep the original bytes; this type is
/// for reading them and for writing new images, not for re-encoding pulled ones
/// (Docker's legacy fields Berth does not model would be dropped).
public struct ImageConfig: Codable, Sendable, Equatable, Hashable {
    /// RFC 3339 text, kept verbatim so nothing is lost to rounding; see `createdDate`.
    public var created: String?
    public var author: String?
    public var architecture: String
    public var os: String
    public var variant: String?
    public var config: ContainerConfig?
    public var rootfs: RootFS
    public var history: [History]?
    public var comment: String?
    public var dockerVersion: String?
    /// Legacy: the ID of the build container that made the last layer.
    public var container: String?
    /// Legacy: that build container's config.
    public var containerConfig: ContainerConfig?
    public var osVersion: String?
    public var osFeatures: [String]?

    public init(created: String? = nil, author: String? = nil, architecture: String, os: String, variant: String? = nil,
                config: ContainerConfig? = nil, rootfs: RootFS = RootFS(), history: [History]? = nil, comment: String? = nil,
                dockerVersion: String? = nil, container: String? = nil, containerConfig: ContainerConfig? = nil,
                osVersion: String? = nil, osFeatures: [String]? = nil) {
        self.created = created
        self.author = author
        self.architecture = architecture
        self.os = os
        self.variant = variant
        self.config = config
        self.rootfs = rootfs
        self.history = history
        self.comment = comment
        self.dockerVersion = dockerVersion
        self.container = container
        self.containerConfig = containerConfig
        self.osVersion = osVersion
        self.osFeatures = osFeatures
    }

    /// `created` as Unix seconds (what the Engine API's `Created` field holds);
    /// nil when absent or not RFC 3339.
    public var createdDate: Int64? { created.flatMap { RFC3339.parse($0)?.seconds } }

    /// The platform this config declares, for matching against an index entry.
    public var platform: Platform {
        Platform(architecture: architecture, os: os, variant: variant, osVersion: osVersion, osFeatures: osFeatures)
    }

    enum CodingKeys: String, CodingKey {
        case created, author, architecture, os, variant, config, rootfs, history, comment, container
        case dockerVersion = "docker_version"
        case containerConfig = "container_config"
        case osVersion = "os.version"
        case osFeatures = "os.features"
    }
}
