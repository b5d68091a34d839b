import Glibc
import LinuxSupport
import OCI
import Synchronization

/// The image store: content (blobs), snapshots (unpacked layers) and records
/// (the metadata database) kept consistent with each other.
///
/// Order of writes, for crash safety: blobs first, then snapshots, each
/// published by an atomic rename; the image record last, in one transaction.
/// A crash before the transaction leaves only unreferenced blobs and
/// snapshots, which `sweep` (run at every open) removes.
public final class ImageStore: Sendable {
    public let content: ContentStore
    public let snapshots: SnapshotStore
    public let records: ImageMetadataStore
    /// Serialises what changes the set of images (commit, delete, sweep), so
    /// a delete never removes a snapshot that a concurrent load is about to use.
    private let changeLock = Mutex(())
    let temporaryDirectory: String

    public init(dataRoot: String, database: MetadataDatabase) throws(StorageError) {
        content = try ContentStore(root: dataRoot + "/content")
        do { snapshots = try SnapshotStore(root: dataRoot + "/snapshots") } catch { throw .invalidArchive("\(error)") }
        records = ImageMetadataStore(database: database)
        temporaryDirectory = dataRoot + "/tmp"
        Directory.removeTree(temporaryDirectory)
        try sys { () throws(SystemCallError) in try Directory.create(temporaryDirectory, mode: 0o700) }
        try sweep()
    }

    /// A scratch file for an upload, removed by the caller or at the next open.
    public func temporaryFile(prefix: String) throws(StorageError) -> (path: String, fd: Int32) {
        var template = Array((temporaryDirectory + "/\(prefix)-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .system(SystemCallError("mkostemp", temporaryDirectory)) }
        return (String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self), fd)
    }

    /// Removes blobs and snapshots that no image references.
    public func sweep() throws(StorageError) {
        try changeLock.withLock { _ throws(StorageError) in
            let (blobs, chains) = try records.referencedContent()
            for digest in content.list() where !blobs.contains(digest.description) { content.delete(digest) }
            for chainID in snapshots.list() where !chains.contains(chainID) {
                try? snapshots.remove(chainID)
            }
        }
    }

    /// Removes those of `blobs` that no image references (what a failed
    /// load or import had added).
    public func discardUnreferenced(_ blobs: [Digest]) {
        guard !blobs.isEmpty else { return }
        changeLock.withLock { _ in
            guard let (referenced, _) = try? records.referencedContent() else { return }
            for digest in blobs where !referenced.contains(digest.description) { content.delete(digest) }
        }
    }

    /// Makes sure every layer of an image is unpacked, in order, checking
    /// each against the diff IDs its config promises. Returns the records.
    func unpackLayers(_ layers: [Descriptor], diffIDs: [Digest]) throws(StorageError) -> [LayerRecord] {
        // Docker's limit: overlayfs cannot stack more lower dirs than this.
        guard layers.count <= SnapshotStore.maxDepth else { throw .invalidArchive("\(LayerError.maxDepthExceeded(layers.count))") }
        guard layers.count == diffIDs.count else {
            throw .invalidArchive("the image config lists \(diffIDs.count) layers but the manifest has \(layers.count)")
        }
        let chainIDs = ChainID.compute(diffIDs.map(\.description))
        var records: [LayerRecord] = []
        for (index, layer) in layers.enumerated() {
            let chainID = chainIDs[index]
            let size: Int64
            do { size = try unpackLayer(blob: layer.digest, diffID: diffIDs[index], chainID: chainID) } catch {
                throw .invalidArchive("layer \(index + 1) (\(layer.digest)): \(error)")
            }
            records.append(LayerRecord(diffID: diffIDs[index], chainID: try Self.digest(chainID), blobDigest: layer.digest,
                                       mediaType: layer.mediaType, blobSize: layer.size, size: size))
        }
        return records
    }

    /// Records an image under `tags` (fully qualified) and refreshes index.json.
    /// Returns the tags that moved away from another image.
    @discardableResult
    func commit(_ image: ImageRecord, tags: [String], repoDigests: [String] = []) throws(StorageError) -> [String: Digest] {
        try changeLock.withLock { _ throws(StorageError) in
            let moved = try records.insert(image, tags: tags, repoDigests: repoDigests, now: Clock.unixSeconds())
            try writeIndex()
            return moved
        }
    }

    public func tag(_ id: Digest, as reference: String) throws(StorageError) {
        try changeLock.withLock { _ throws(StorageError) in
            try records.tag(id, as: reference, now: Clock.unixSeconds())
            try writeIndex()
        }
    }

    public func untag(_ reference: String) throws(StorageError) {
        try changeLock.withLock { _ throws(StorageError) in
            try records.untag(reference)
            try writeIndex()
        }
    }

    /// Deletes an image record, then whatever content only it used. Returns
    /// the chain IDs of the snapshots removed (Docker lists them as deleted).
    public func delete(_ id: Digest) throws(StorageError) -> [Digest] {
        try changeLock.withLock { _ throws(StorageError) -> [Digest] in
            guard let image = try records.image(id) else { return [] }
            try records.delete(id)
            try writeIndex()
            let (blobs, chains) = try records.referencedContent()
            var removed: [Digest] = []
            for layer in image.layers.reversed() where !chains.contains(layer.chainID.description) {
                if snapshots.exists(layer.chainID.description) {
                    try? snapshots.remove(layer.chainID.description)
                    removed.append(layer.chainID)
                }
            }
            for digest in [image.id, image.manifestDigest] + image.layers.map(\.blobDigest) where !blobs.contains(digest.description) {
                content.delete(digest)
            }
            return removed
        }
    }

    /// index.json lists one descriptor per tag (and one per untagged image),
    /// annotated as containerd and the OCI spec name images.
    private func writeIndex() throws(StorageError) {
        var manifests: [Descriptor] = []
        for image in try records.all() {
            let base = Descriptor(mediaType: image.manifestMediaType, digest: image.manifestDigest,
                                  size: content.size(image.manifestDigest) ?? 0)
            if image.tags.isEmpty { manifests.append(base) }
            for tag in image.tags {
                var descriptor = base
                var annotations = ["io.containerd.image.name": tag]
                if let reference = try? ImageReference.parse(tag), let name = reference.tag { annotations["org.opencontainers.image.ref.name"] = name }
                descriptor.annotations = annotations
                manifests.append(descriptor)
            }
        }
        try content.writeIndex(ImageIndex(schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: manifests))
    }

    static func digest(_ text: String) throws(StorageError) -> Digest {
        do { return try Digest(parsing: text) } catch { throw .invalidArchive("bad digest \(text)") }
    }
}
