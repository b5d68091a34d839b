import LinuxSupport
import OCI

extension ImageStore {
    /// An image of `parent`'s layers plus one more, a layer blob already in
    /// the content store (`docker commit`). `makeConfig` receives the new
    /// layer's diff ID and returns the image config to record.
    public func commitImage(parent: ImageRecord, layerBlob: Digest, tags: [String],
                            makeConfig: (Digest) -> ImageConfig) throws(StorageError) -> ImageRecord {
        let diffID = try UncompressedDigest.compute(path: content.path(layerBlob))
        let config = makeConfig(diffID)
        let configBytes: [UInt8]
        do { configBytes = try JSON.encode(config) } catch { throw .invalidArchive("cannot encode the image config: \(error)") }
        let configDigest = try content.write(configBytes)
        var layers = parent.layers.map { Descriptor(mediaType: $0.mediaType, digest: $0.blobDigest, size: $0.blobSize) }
        layers.append(Descriptor(mediaType: try LayerMediaType.sniff(content.path(layerBlob)), digest: layerBlob, size: content.size(layerBlob) ?? 0))
        do throws(StorageError) {
            let record = try add(configBytes: configBytes, config: configDigest, layers: layers, manifest: nil)
            try commit(record, tags: tags)
            return record
        } catch {
            discardUnreferenced([configDigest, layerBlob])
            throw error
        }
    }
}
