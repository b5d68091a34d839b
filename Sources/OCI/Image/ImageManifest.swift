/// One image for one platform: its config blob and its layers, bottom first.
/// The same shape serves Docker schema 2 and OCI manifests; `mediaType` tells
/// them apart (OCI allows it to be absent).
public struct ImageManifest: Codable, Hashable, Sendable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var config: Descriptor
    public var layers: [Descriptor]
    public var annotations: [String: String]?
    /// OCI 1.1 artifacts: what this manifest is, when it is not an image.
    public var artifactType: String?
    /// OCI 1.1 referrers: the manifest this one is about (signatures, SBOMs).
    public var subject: Descriptor?

    public init(schemaVersion: Int = 2, mediaType: String? = MediaType.ociManifest, config: Descriptor, layers: [Descriptor],
                annotations: [String: String]? = nil, artifactType: String? = nil, subject: Descriptor? = nil) {
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.config = config
        self.layers = layers
        self.annotations = annotations
        self.artifactType = artifactType
        self.subject = subject
    }
}
