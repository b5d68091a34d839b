/// A list of manifests, usually one per platform: an OCI index or a Docker
/// manifest list (same JSON shape, different `mediaType`).
public struct ImageIndex: Codable, Hashable, Sendable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var manifests: [Descriptor]
    public var annotations: [String: String]?
    public var artifactType: String?
    public var subject: Descriptor?

    public init(schemaVersion: Int = 2, mediaType: String? = MediaType.ociIndex, manifests: [Descriptor],
                annotations: [String: String]? = nil, artifactType: String? = nil, subject: Descriptor? = nil) {
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.manifests = manifests
        self.annotations = annotations
        self.artifactType = artifactType
        self.subject = subject
    }
}
