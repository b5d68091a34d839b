import OCI

/// One image as the store knows it: its ID (the config digest), the manifest
/// that describes it, its layers and the names that point at it.
public struct ImageRecord: Sendable, Equatable {
    public var id: Digest
    public var manifestDigest: Digest
    public var manifestMediaType: String
    /// The config's creation time, Unix seconds (0 when the config has none).
    public var created: Int64
    /// Bytes of all layers unpacked: what `docker images` shows as SIZE.
    public var size: Int64
    /// When this store first got the image, Unix seconds.
    public var addedAt: Int64
    public var layers: [LayerRecord]
    /// Fully qualified references, "docker.io/library/busybox:latest".
    public var tags: [String]
    /// Fully qualified canonical references, "docker.io/library/busybox@sha256:…".
    public var repoDigests: [String]

    public init(id: Digest, manifestDigest: Digest, manifestMediaType: String, created: Int64, size: Int64,
                addedAt: Int64, layers: [LayerRecord], tags: [String] = [], repoDigests: [String] = []) {
        self.id = id
        self.manifestDigest = manifestDigest
        self.manifestMediaType = manifestMediaType
        self.created = created
        self.size = size
        self.addedAt = addedAt
        self.layers = layers
        self.tags = tags
        self.repoDigests = repoDigests
    }
}

/// One layer of an image: its uncompressed digest, the chain ID that names
/// its snapshot, and the blob it came from.
public struct LayerRecord: Sendable, Equatable {
    public var diffID: Digest
    public var chainID: Digest
    public var blobDigest: Digest
    public var mediaType: String
    public var blobSize: Int64
    /// Bytes of the layer's files once unpacked.
    public var size: Int64

    public init(diffID: Digest, chainID: Digest, blobDigest: Digest, mediaType: String, blobSize: Int64, size: Int64) {
        self.diffID = diffID
        self.chainID = chainID
        self.blobDigest = blobDigest
        self.mediaType = mediaType
        self.blobSize = blobSize
        self.size = size
    }
}
