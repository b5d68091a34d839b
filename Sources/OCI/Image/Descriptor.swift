/// A typed, sized pointer to a blob: how manifests name their config and
/// layers, and indexes their manifests. Size and digest together let a
/// puller refuse a blob that is too long before hashing all of it.
public struct Descriptor: Codable, Hashable, Sendable {
    public var mediaType: String
    public var digest: Digest
    public var size: Int64
    /// Where else the blob may be fetched (foreign layers).
    public var urls: [String]?
    public var annotations: [String: String]?
    /// Set on index / manifest-list entries only.
    public var platform: Platform?
    /// OCI 1.1: the type of an artifact manifest this points to.
    public var artifactType: String?
    /// OCI 1.1: the blob itself, base64, for tiny blobs. Kept as text so the
    /// descriptor re-encodes unchanged; the digest still applies to the decoded bytes.
    public var data: String?

    public init(mediaType: String, digest: Digest, size: Int64, urls: [String]? = nil, annotations: [String: String]? = nil,
                platform: Platform? = nil, artifactType: String? = nil, data: String? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.urls = urls
        self.annotations = annotations
        self.platform = platform
        self.artifactType = artifactType
        self.data = data
    }
}
