import LinuxSupport
import OCI

/// One image to put in a saved archive, with the names to give it there.
public struct SavedImage: Sendable {
    public let record: ImageRecord
    /// Fully qualified references to record for it (may be empty).
    public let names: [String]

    public init(record: ImageRecord, names: [String]) {
        self.record = record
        self.names = names
    }
}

extension ImageStore {
    /// Writes images as one tar that is both a `docker save` archive
    /// (manifest.json) and an OCI image layout (oci-layout, index.json,
    /// blobs/), as current Docker engines write it: older engines read the
    /// first, OCI tools the second.
    public func save(_ images: [SavedImage], to fd: Int32) throws(StorageError) {
        let builder = try ArchiveBuilder(fd: fd)
        try builder.addDirectory("blobs")
        try builder.addDirectory("blobs/sha256")
        var written = Set<Digest>()
        func addBlob(_ digest: Digest) throws(StorageError) {
            guard written.insert(digest).inserted else { return }
            guard content.contains(digest) else { throw .missingBlob(digest.description) }
            try builder.addFile("blobs/sha256/" + digest.encoded, copying: content.path(digest))
        }
        var manifestEntries: [DockerArchiveManifestEntry] = []
        var indexEntries: [Descriptor] = []
        for image in images {
            let record = image.record
            try addBlob(record.id)
            for layer in record.layers { try addBlob(layer.blobDigest) }
            try addBlob(record.manifestDigest)
            let familiar = image.names.compactMap { try? ImageReference.parse($0).familiarString }
            manifestEntries.append(DockerArchiveManifestEntry(
                Config: "blobs/sha256/" + record.id.encoded, RepoTags: familiar.isEmpty ? nil : familiar,
                Layers: record.layers.map { "blobs/sha256/" + $0.blobDigest.encoded }))
            let base = Descriptor(mediaType: record.manifestMediaType, digest: record.manifestDigest,
                                  size: content.size(record.manifestDigest) ?? 0)
            if image.names.isEmpty { indexEntries.append(base) }
            for name in image.names {
                var descriptor = base
                var annotations = ["io.containerd.image.name": name]
                if let tag = (try? ImageReference.parse(name))?.tag { annotations["org.opencontainers.image.ref.name"] = tag }
                descriptor.annotations = annotations
                indexEntries.append(descriptor)
            }
        }
        do {
            try builder.addFile("oci-layout", bytes: Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8))
            try builder.addFile("index.json", bytes: JSON.encode(ImageIndex(schemaVersion: 2, mediaType: MediaType.ociIndex,
                                                                             manifests: indexEntries, annotations: nil)))
            try builder.addFile("manifest.json", bytes: JSON.encode(manifestEntries))
        } catch let error as StorageError {
            throw error
        } catch {
            throw .invalidArchive("cannot encode the archive's metadata: \(error)")
        }
        try builder.finish()
    }
}
