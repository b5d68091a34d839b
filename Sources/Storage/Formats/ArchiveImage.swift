import OCI

/// An image found in an archive, before it is unpacked: its config, its layer
/// blobs in order, its manifest when the archive carried one, and its names.
struct ArchiveImage {
    var config: Digest
    var configBytes: [UInt8]
    var layers: [Descriptor]
    /// The manifest as the archive had it (OCI layouts); nil for a plain
    /// `docker save` archive, where the store writes one.
    var manifest: Descriptor?
    /// Names as written in the archive, e.g. "busybox:latest" or a full reference.
    var names: [String]
}

enum ArchiveImageReader {
    /// The images an ingested archive holds: from `manifest.json` (docker
    /// save) when present, else from `index.json` (OCI layout).
    static func images(in archive: IngestedArchive, content: ContentStore) throws(StorageError) -> [ArchiveImage] {
        if let manifestJSON = archive.metadata["manifest.json"] {
            let entries: [DockerArchiveManifestEntry]
            do { entries = try JSON.decode([DockerArchiveManifestEntry].self, from: manifestJSON) } catch {
                throw .invalidArchive("manifest.json: \(error)")
            }
            return try entries.map { (entry) throws(StorageError) in
                let config = try archive.blob(entry.Config)
                let layers = try entry.Layers.map { (name) throws(StorageError) -> Descriptor in
                    let digest = try archive.blob(name)
                    return Descriptor(mediaType: try LayerMediaType.sniff(content.path(digest)), digest: digest,
                                      size: content.size(digest) ?? 0)
                }
                return ArchiveImage(config: config, configBytes: try content.read(config), layers: layers,
                                    manifest: nil, names: entry.RepoTags ?? [])
            }
        }
        guard let indexJSON = archive.metadata["index.json"] else {
            throw .invalidArchive("neither manifest.json nor index.json found; is this a docker save or OCI layout archive?")
        }
        let index: ImageIndex
        do { index = try JSON.decode(ImageIndex.self, from: indexJSON) } catch { throw .invalidArchive("index.json: \(error)") }
        var images: [ArchiveImage] = []
        for descriptor in index.manifests {
            guard var image = try image(for: descriptor, content: content, depth: 0) else { continue }
            if let name = Self.name(from: descriptor.annotations) { image.names = [name] }
            images.append(image)
        }
        return images
    }

    /// Follows a descriptor through nested indexes to a manifest for this
    /// machine's platform.
    private static func image(for descriptor: Descriptor, content: ContentStore, depth: Int) throws(StorageError) -> ArchiveImage? {
        guard depth < 4 else { throw .invalidArchive("indexes nested too deeply") }
        guard content.contains(descriptor.digest) else {
            // An index may list platforms whose blobs were not exported.
            return nil
        }
        let bytes = try content.read(descriptor.digest)
        let kind: ManifestKind
        do { kind = try ManifestKind.detect(bytes, declaredMediaType: descriptor.mediaType) } catch {
            throw .invalidArchive("\(descriptor.digest): \(error)")
        }
        switch kind {
        case .ociIndex, .dockerManifestList:
            let index: ImageIndex
            do { index = try JSON.decode(ImageIndex.self, from: bytes) } catch { throw .invalidArchive("\(descriptor.digest): \(error)") }
            let candidates = index.manifests.filter { $0.platform.map(Platform.matchesHost) ?? true }
            for candidate in candidates {
                if let image = try image(for: candidate, content: content, depth: depth + 1) { return image }
            }
            return nil
        case .ociManifest, .dockerManifest:
            let manifest: ImageManifest
            do { manifest = try JSON.decode(ImageManifest.self, from: bytes) } catch { throw .invalidArchive("\(descriptor.digest): \(error)") }
            guard content.contains(manifest.config.digest) else { throw .missingBlob(manifest.config.digest.description) }
            for layer in manifest.layers where !content.contains(layer.digest) { throw .missingBlob(layer.digest.description) }
            return ArchiveImage(config: manifest.config.digest, configBytes: try content.read(manifest.config.digest),
                                layers: manifest.layers,
                                manifest: Descriptor(mediaType: descriptor.mediaType, digest: descriptor.digest, size: Int64(bytes.count)),
                                names: [])
        }
    }

    /// containerd's full name annotation, else the OCI ref name when it is a
    /// whole reference rather than just a tag.
    private static func name(from annotations: [String: String]?) -> String? {
        if let name = annotations?["io.containerd.image.name"] { return name }
        if let name = annotations?["org.opencontainers.image.ref.name"], name.contains("/") || name.contains(":") { return name }
        return nil
    }
}
