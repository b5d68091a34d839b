import LinuxSupport
import OCI

extension ImageStore {
    /// Makes a one-layer image from a root filesystem tar already in the
    /// content store (`docker import`). `makeConfig` receives the layer's
    /// diff ID and returns the image config to record.
    public func importImage(layerBlob: Digest, tags: [String],
                            makeConfig: (Digest) -> ImageConfig) throws(StorageError) -> ImageRecord {
        let blobPath = content.path(layerBlob)
        let mediaType = try LayerMediaType.sniff(blobPath)
        let diffID = mediaType == MediaType.ociLayer ? layerBlob : try UncompressedDigest.compute(path: blobPath)
        let config = makeConfig(diffID)
        let configBytes: [UInt8]
        do { configBytes = try JSON.encode(config) } catch { throw .invalidArchive("cannot encode the image config: \(error)") }
        let configDigest = try content.write(configBytes)
        let layer = Descriptor(mediaType: mediaType, digest: layerBlob, size: content.size(layerBlob) ?? 0)
        do throws(StorageError) {
            let record = try add(configBytes: configBytes, config: configDigest, layers: [layer], manifest: nil)
            try commit(record, tags: tags)
            return record
        } catch {
            discardUnreferenced([configDigest])
            throw error
        }
    }
}
