import LinuxSupport
import OCI

/// What loading one image of an archive did.
public struct LoadedImage: Sendable {
    public let id: Digest
    /// Fully qualified names now pointing at the image.
    public let names: [String]
    /// Names that pointed at another image before, with that image's ID.
    public let replaced: [String: Digest]
}

extension ImageStore {
    /// Loads a `docker save` archive or an OCI layout archive (tar, possibly
    /// compressed). Every image in it is checked (digests, diff IDs) and
    /// unpacked before its record is written.
    public func load(archive path: String) throws(StorageError) -> [LoadedImage] {
        var added: [Digest] = []
        do throws(StorageError) {
            return try load(archive: path, added: &added)
        } catch {
            // A refused archive leaves the store as it was.
            discardUnreferenced(added)
            throw error
        }
    }

    private func load(archive path: String, added: inout [Digest]) throws(StorageError) -> [LoadedImage] {
        let ingested = try IngestedArchive.read(archive: path, into: content, added: &added)
        let images = try ArchiveImageReader.images(in: ingested, content: content)
        guard !images.isEmpty else { throw .invalidArchive("the archive holds no image for linux/\(Platform.hostArchitecture)") }
        var loaded: [LoadedImage] = []
        for image in images {
            let names = try image.names.map { (name) throws(StorageError) -> String in
                do { return try ImageReference.parse(name).withDefaultTag().description } catch {
                    throw .invalidArchive("invalid image name \(name) in the archive: \(error)")
                }
            }
            let record = try add(configBytes: image.configBytes, config: image.config, layers: image.layers, manifest: image.manifest)
            let replaced = try commit(record, tags: names)
            loaded.append(LoadedImage(id: record.id, names: names, replaced: replaced))
        }
        return loaded
    }

    /// Unpacks an image's layers and writes its manifest if it has none;
    /// returns the record to commit.
    func add(configBytes: [UInt8], config: Digest, layers: [Descriptor], manifest: Descriptor?) throws(StorageError) -> ImageRecord {
        let parsed: ImageConfig
        do { parsed = try JSON.decode(ImageConfig.self, from: configBytes) } catch {
            throw .invalidArchive("image config \(config): \(error)")
        }
        let layerRecords = try unpackLayers(layers, diffIDs: parsed.rootfs.diffIDs)
        let manifestDescriptor: Descriptor
        if let manifest { manifestDescriptor = manifest } else {
            manifestDescriptor = try writeManifest(config: config, configSize: Int64(configBytes.count), layers: layers)
        }
        return ImageRecord(id: config, manifestDigest: manifestDescriptor.digest, manifestMediaType: manifestDescriptor.mediaType,
                           created: parsed.createdDate ?? 0, size: layerRecords.reduce(0) { $0 + $1.size },
                           addedAt: Clock.unixSeconds(), layers: layerRecords)
    }

    /// An OCI manifest for an image that arrived without one.
    func writeManifest(config: Digest, configSize: Int64, layers: [Descriptor]) throws(StorageError) -> Descriptor {
        let manifest = ImageManifest(
            schemaVersion: 2, mediaType: MediaType.ociManifest,
            config: Descriptor(mediaType: MediaType.ociConfig, digest: config, size: configSize),
            layers: layers.map { Descriptor(mediaType: $0.mediaType, digest: $0.digest, size: $0.size) }, annotations: nil)
        let bytes: [UInt8]
        do { bytes = try JSON.encode(manifest) } catch { throw .invalidArchive("cannot encode a manifest: \(error)") }
        let digest = try content.write(bytes)
        return Descriptor(mediaType: MediaType.ociManifest, digest: digest, size: Int64(bytes.count))
    }
}
