/// An image config (Docker's and OCI's share it): how to run the image, its
/// layers' diff IDs and its history. Its sha256 is the image ID, so stored
/// configs are kept as the bytes that came in; this type is for reading them
/// and for writing new ones.
public struct ImageConfig: Codable, Sendable {
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
    public var container: String?
    public var containerConfig: ContainerConfig?

    enum CodingKeys: String, CodingKey {
        case created, author, architecture, os, variant, config, rootfs, history, comment, container
        case dockerVersion = "docker_version", containerConfig = "container_config"
    }

    public init(created: String? = nil, author: String? = nil, architecture: String, os: String, variant: String? = nil,
                config: ContainerConfig? = nil, rootfs: RootFS, history: [History]? = nil, comment: String? = nil) {
        self.created = created
        self.author = author
        self.architecture = architecture
        self.os = os
        self.variant = variant
        self.config = config
        self.rootfs = rootfs
        self.history = history
        self.comment = comment
    }

    /// `created` as Unix seconds.
    public var createdDate: Int64? { created.flatMap(RFC3339.unixSeconds) }
}

public struct RootFS: Codable, Sendable, Equatable {
    public var type: String
    public var diffIDs: [Digest]

    enum CodingKeys: String, CodingKey { case type, diffIDs = "diff_ids" }

    public init(type: String = "layers", diffIDs: [Digest]) {
        self.type = type
        self.diffIDs = diffIDs
    }
}

public struct History: Codable, Sendable, Equatable {
    public var created: String?
    public var createdBy: String?
    public var author: String?
    public var comment: String?
    public var emptyLayer: Bool?

    enum CodingKeys: String, CodingKey {
        case created, author, comment, createdBy = "created_by", emptyLayer = "empty_layer"
    }

    public init(created: String? = nil, createdBy: String? = nil, author: String? = nil, comment: String? = nil, emptyLayer: Bool? = nil) {
        self.created = created
        self.createdBy = createdBy
        self.author = author
        self.comment = comment
        self.emptyLayer = emptyLayer
    }
}

/// Encodes as `{}`: the values of Docker's port and volume sets.
public struct EmptyObject: Codable, Hashable, Sendable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }
    private enum NoKeys: CodingKey {}
}
