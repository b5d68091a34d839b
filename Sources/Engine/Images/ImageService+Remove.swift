import OCI
import Storage

/// One line of an image delete's answer: a name removed, or an image/layer deleted.
public enum ImageDeleteItem: Sendable, Equatable {
    case untagged(String)
    case deleted(String)
}

extension ImageService {
    /// `docker rmi`, with Docker's rules: a tag that is not the image's last
    /// name is only untagged; deleting by ID an image that several names
    /// point at needs `force`, which removes every name first.
    public func remove(_ name: String, force: Bool, prune: Bool = true) throws(EngineError) -> [ImageDeleteItem] {
        let image = try resolve(name)
        var items: [ImageDeleteItem] = []
        let byReference = (try? ImageReference.parse(name)).map { $0.withDefaultTag().description }.flatMap { image.tags.contains($0) ? $0 : nil }
        let users = containerUsers(image.id.description)
        if let reference = byReference, image.tags.count == 1, let user = users.first, !force {
            throw .conflict("conflict: unable to remove repository reference \"\(name)\" (must force) - container \(user.id.prefix(12)) is using its referenced image \(image.id.shortID)")
        }
        if byReference == nil, let user = users.first(where: \.running) {
            throw .conflict("conflict: unable to delete \(image.id.shortID) (cannot be forced) - image is being used by running container \(user.id.prefix(12))")
        }
        if byReference == nil, let user = users.first, !force {
            throw .conflict("conflict: unable to delete \(image.id.shortID) (must be forced) - image is being used by stopped container \(user.id.prefix(12))")
        }
        if let reference = byReference {
            try storage { () throws(StorageError) in try store.untag(reference) }
            items.append(.untagged(Self.familiar(reference)))
            // Other names remain: the image stays.
            if image.tags.count > 1 { return items }
        } else if image.tags.count > 1 && !force {
            throw .conflict("conflict: unable to delete \(image.id.shortID) (must be forced) - image is referenced in multiple repositories")
        } else {
            for tag in image.tags {
                try storage { () throws(StorageError) in try store.untag(tag) }
                items.append(.untagged(Self.familiar(tag)))
            }
        }
        // A container still needs the image's layers: it stays, untagged.
        if !users.isEmpty { return items }
        for digest in image.repoDigests { items.append(.untagged(Self.familiar(digest))) }
        let removedLayers = try storage { () throws(StorageError) in try store.delete(image.id) }
        items.append(.deleted(image.id.description))
        items += removedLayers.map { .deleted($0.description) }
        return items
    }

    /// `docker image prune`: untagged images, or with `all` every image
    /// (no containers use images yet). Returns what went and the bytes freed.
    public func prune(all: Bool, labels: [String] = [], until: Int64? = nil) throws(EngineError) -> ([ImageDeleteItem], Int64) {
        var items: [ImageDeleteItem] = []
        var reclaimed: Int64 = 0
        for image in try self.all() where all || image.tags.isEmpty {
            if !containerUsers(image.id.description).isEmpty { continue }
            if let until, image.created >= until { continue }
            if !labels.isEmpty {
                let config = try? config(of: image)
                guard ImageFilters.matchesLabels(config?.config?.labels ?? [:], labels) else { continue }
            }
            for tag in image.tags {
                try storage { () throws(StorageError) in try store.untag(tag) }
                items.append(.untagged(Self.familiar(tag)))
            }
            let removed = try storage { () throws(StorageError) in try store.delete(image.id) }
            items.append(.deleted(image.id.description))
            items += removed.map { .deleted($0.description) }
            reclaimed += image.size
        }
        return (items, reclaimed)
    }

    public static func familiar(_ reference: String) -> String {
        (try? ImageReference.parse(reference).familiarString) ?? reference
    }
}
