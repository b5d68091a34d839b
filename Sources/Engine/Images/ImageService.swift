import LinuxSupport
import OCI
import Storage
import Synchronization

/// The engine's image operations with Docker's semantics: name lookup, tag
/// and untag rules, delete conflicts, load/save/import. Every method blocks
/// (disk and unpacking); callers run them off their event loops.
public final class ImageService: Sendable {
    public let store: ImageStore
    /// The containers using an image ("sha256:…"), told by the container service.
    private let users = Mutex<@Sendable (String) -> [(id: String, running: Bool)]>({ _ in [] })

    public init(store: ImageStore) {
        self.store = store
    }

    public func setContainerUsers(_ provider: @escaping @Sendable (String) -> [(id: String, running: Bool)]) {
        users.withLock { $0 = provider }
    }

    func containerUsers(_ imageID: String) -> [(id: String, running: Bool)] {
        users.withLock { $0 }(imageID)
    }

    // MARK: Lookup

    /// Finds an image as Docker does: a full or `sha256:` ID, a reference
    /// (the tag defaults to latest), a digested reference, or a unique ID prefix.
    public func resolve(_ name: String) throws(EngineError) -> ImageRecord {
        guard let image = try find(name) else { throw .notFound("No such image: \(name)") }
        return image
    }

    func find(_ name: String) throws(EngineError) -> ImageRecord? {
        let records = store.records
        return try storage { () throws(StorageError) -> ImageRecord? in
            if let digest = try? Digest(parsing: name) { return try records.image(digest) }
            if name.count == 64, let digest = try? Digest(sha256Hex: name) { return try records.image(digest) }
            if let reference = try? ImageReference.parse(name) {
                if reference.digest != nil, let id = try records.imageID(forRepoDigest: reference.repository + "@" + reference.digest!.description) {
                    return try records.image(id)
                }
                if let id = try records.imageID(forTag: reference.withDefaultTag().description) { return try records.image(id) }
            }
            let prefix = name.hasPrefix("sha256:") ? String(name.dropFirst(7)) : name
            let matches = try records.imageIDs(withPrefix: prefix)
            if matches.count == 1 { return try records.image(matches[0]) }
            return nil
        }
    }

    public func all() throws(EngineError) -> [ImageRecord] {
        try storage { () throws(StorageError) in try store.records.all() }
    }

    public func config(of image: ImageRecord) throws(EngineError) -> ImageConfig {
        let bytes = try storage { () throws(StorageError) in try store.content.read(image.id) }
        do { return try JSON.decode(ImageConfig.self, from: bytes) } catch {
            throw .internalError("image config \(image.id) is unreadable: \(error)")
        }
    }

    // MARK: Tags

    public func tag(_ source: String, repository: String, tag: String?) throws(EngineError) {
        let image = try resolve(source)
        var reference: ImageReference
        do {
            reference = try ImageReference.parse(repository)
            if let tag, !tag.isEmpty { reference = try reference.with(tag: tag) }
        } catch {
            throw .invalid("\(error)")
        }
        guard reference.digest == nil else { throw .invalid("refusing to create a tag with a digest reference") }
        try storage { () throws(StorageError) in try store.tag(image.id, as: reference.withDefaultTag().description) }
    }

    // MARK: Load, save, import

    /// Loads an archive and returns the lines Docker prints for it.
    public func load(archive path: String) throws(EngineError) -> [String] {
        let loaded = try storage { () throws(StorageError) in try store.load(archive: path) }
        var lines: [String] = []
        for image in loaded {
            for (name, previous) in image.replaced.sorted(by: { $0.key < $1.key }) {
                let familiar = (try? ImageReference.parse(name).familiarString) ?? name
                lines.append("The image \(familiar) already exists, renaming the old one with ID \(previous) to empty string")
            }
            if image.names.isEmpty { lines.append("Loaded image ID: \(image.id)") }
            for name in image.names { lines.append("Loaded image: \((try? ImageReference.parse(name).familiarString) ?? name)") }
        }
        return lines
    }

    /// Writes the named images as one archive. A name that is a reference
    /// saves that tag; an ID saves the image with no names, as Docker does.
    public func save(_ names: [String], to fd: Int32) throws(EngineError) {
        var images: [SavedImage] = []
        for name in names {
            let image = try resolve(name)
            var tags: [String] = []
            if let reference = try? ImageReference.parse(name), reference.digest == nil {
                let full = reference.withDefaultTag().description
                if image.tags.contains(full) { tags = [full] }
            }
            if let index = images.firstIndex(where: { $0.record.id == image.id }) {
                images[index] = SavedImage(record: image, names: images[index].names + tags)
            } else {
                images.append(SavedImage(record: image, names: tags))
            }
        }
        try storage { () throws(StorageError) in try store.save(images, to: fd) }
    }

    /// `docker import`: the root filesystem tar in `layerBlob` becomes a
    /// one-layer image, with `changes` applied to its config.
    public func importImage(layerBlob: Digest, repository: String?, tag: String?, message: String?,
                            changes: [String], source: String) throws(EngineError) -> Digest {
        var tags: [String] = []
        if let repository, !repository.isEmpty {
            do {
                var reference = try ImageReference.parse(repository)
                if let tag, !tag.isEmpty { reference = try reference.with(tag: tag) }
                tags = [reference.withDefaultTag().description]
            } catch { throw .invalid("\(error)") }
        }
        let containerConfig = try ImportChanges.apply(changes, to: ContainerConfig())
        let now = Clock.rfc3339Now()
        let store = self.store
        defer { store.discardUnreferenced([layerBlob]) }
        let record = try storage { () throws(StorageError) in
            try store.importImage(layerBlob: layerBlob, tags: tags) { diffID in
                ImageConfig(created: now, architecture: Platform.hostArchitecture, os: "linux",
                            config: containerConfig, rootfs: RootFS(type: "layers", diffIDs: [diffID]),
                            history: [History(created: now, createdBy: nil, author: nil,
                                              comment: message?.isEmpty == false ? message : "Imported from \(source)",
                                              emptyLayer: nil)])
            }
        }
        return record.id
    }
}

/// Runs store calls, reporting their errors as the engine's: input faults
/// as 400, missing content as 404, disk and database failures as 500.
func storage<T>(_ body: () throws(StorageError) -> T) throws(EngineError) -> T {
    do { return try body() } catch { throw EngineError(.invalidArgument, "\(error)").classified(error) }
}

extension EngineError {
    /// Store errors caused by input are the caller's fault (400); failures of
    /// the disk or database are ours (500).
    func classified(_ error: StorageError) -> EngineError {
        switch error {
        case .system, .database: EngineError(.internal, message)
        case .missingBlob: EngineError(.notFound, message)
        default: self
        }
    }
}
