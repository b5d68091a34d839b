import LinuxSupport
import OCI

/// What the store needs to record an image fetched from a registry.
public struct PulledImage: Sendable {
    public var config: Digest
    /// The config's creation time, Unix seconds (0 when it has none).
    public var created: Int64
    /// The image manifest (for this platform), already in the content store.
    public var manifest: Descriptor
    public var layers: [PulledLayer]
    /// The fully qualified tag to point at the image, if pulled by tag.
    public var tag: String?
    /// `<domain>/<path>@<digest>` of what was asked for (the index's digest
    /// when the tag named an index).
    public var repoDigest: String

    public init(config: Digest, created: Int64, manifest: Descriptor, layers: [PulledLayer], tag: String?, repoDigest: String) {
        self.config = config
        self.created = created
        self.manifest = manifest
        self.layers = layers
        self.tag = tag
        self.repoDigest = repoDigest
    }
}

/// One layer of a pulled image, its blob in the store and its snapshot unpacked.
public struct PulledLayer: Sendable {
    public var blob: Descriptor
    public var diffID: Digest
    public var chainID: String
    /// Bytes of the unpacked files.
    public var size: Int64

    public init(blob: Descriptor, diffID: Digest, chainID: String, size: Int64) {
        self.blob = blob
        self.diffID = diffID
        self.chainID = chainID
        self.size = size
    }
}

extension ImageStore {
    /// Whether a layer needs nothing from the registry: its snapshot and its
    /// blob are both here (Docker says "Already exists").
    public func hasLayer(chainID: String, blob: Digest) -> Bool {
        snapshots.exists(chainID) && content.contains(blob)
    }

    /// The unpacked size of a snapshot some image already records.
    public func recordedLayerSize(chainID: String) -> Int64? {
        try? records.database.read { db in
            try Int64.fetchOne(db, sql: "SELECT size FROM image_layers WHERE chain_id = ? LIMIT 1", arguments: [chainID])
        }
    }

    /// Unpacks a verified layer blob into the snapshot `chainID`, checking
    /// that its uncompressed digest is `diffID`. Returns the unpacked size
    /// (0 when the snapshot was already there and no image records it).
    /// Loads and pulls share it; a refusal is a `LayerError`.
    public func unpackLayer(blob: Digest, diffID: Digest, chainID: String) throws(LayerError) -> Int64 {
        if snapshots.exists(chainID) { return recordedLayerSize(chainID: chainID) ?? 0 }
        var size: Int64 = 0
        try snapshots.create(chainID) { (directory) throws(LayerError) in
            let result = try LayerUnpacker.unpack(file: content.path(blob), into: directory)
            guard result.diffID == diffID.description else {
                throw LayerError.digestMismatch(expected: diffID.description, actual: result.diffID)
            }
            size = result.size
        }
        return size
    }

    /// Keeps blobs and snapshots a pull has verified but not yet recorded
    /// out of the sweep that runs at every start, for a day, so that a pull
    /// interrupted by a crash resumes without fetching them again.
    public func lease(_ keys: [String]) {
        let expires = Clock.unixSeconds() + 86_400
        try? records.database.write { db in
            for key in keys {
                try db.execute(sql: "INSERT OR REPLACE INTO content_leases (key, expires) VALUES (?, ?)", arguments: [key, expires])
            }
        }
    }

    public func releaseLeases(_ keys: [String]) {
        try? records.database.write { db in
            for key in keys { try db.execute(sql: "DELETE FROM content_leases WHERE key = ?", arguments: [key]) }
        }
    }

    /// Records a pulled image: one transaction for image, tag and repo
    /// digest, then index.json. Returns whether the tag moved (a newer image).
    public func commitPulled(_ image: PulledImage) throws(StorageError) -> (record: ImageRecord, tagMoved: Bool) {
        let layers = try image.layers.map { (layer) throws(StorageError) -> LayerRecord in
            LayerRecord(diffID: layer.diffID, chainID: try Self.digest(layer.chainID), blobDigest: layer.blob.digest,
                        mediaType: layer.blob.mediaType, blobSize: layer.blob.size, size: layer.size)
        }
        let record = ImageRecord(id: image.config, manifestDigest: image.manifest.digest, manifestMediaType: image.manifest.mediaType,
                                 created: image.created, size: layers.reduce(0) { $0 + $1.size },
                                 addedAt: Clock.unixSeconds(), layers: layers)
        let previous = try image.tag.flatMap { (tag) throws(StorageError) in try records.imageID(forTag: tag) }
        try commit(record, tags: image.tag.map { [$0] } ?? [], repoDigests: [image.repoDigest])
        return (record, image.tag != nil && previous != image.config)
    }
}

extension ImageStore {
    /// Records `<domain>/<path>@<digest>` for an image after a push.
    public func addRepoDigest(_ id: Digest, _ reference: String) throws(StorageError) {
        try records.database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO repo_digests (reference, image_id) VALUES (?, ?)", arguments: [reference, id.description])
        }
    }
}

extension ImageStore {
    /// `<domain>/<path>` of the repositories some local image was pulled from
    /// or pushed to that hold `blob`: where a push may mount it from.
    public func repositories(holding blob: Digest) -> [String] {
        let references = (try? records.database.read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT r.reference FROM repo_digests r JOIN image_layers l ON l.image_id = r.image_id
                WHERE l.blob_digest = ?
                """, arguments: [blob.description])
        }) ?? []
        return Array(Set(references.compactMap { $0.split(separator: "@").first.map(String.init) })).sorted()
    }
}
