import Glibc
import LinuxSupport
import OCI

/// What a collection found, and removed unless it was a dry run.
public struct GarbageCollectionReport: Sendable {
    public var markedBlobs = 0
    public var unreferencedBlobs: [Digest] = []
    public var freedBytes: Int64 = 0
    /// `<repository>@<digest>` of untagged manifests dropped (`--delete-untagged`).
    public var removedManifests: [String] = []
}

/// Offline mark and sweep (`berth-registry garbage-collect`). Every
/// manifest a repository holds is kept, or with `deleteUntagged` only those
/// a tag reaches (through indexes) and their referrers; everything such a
/// manifest names (itself, index children, config, layers) is marked; blobs
/// nobody marked are deleted, with the repository links to them. A blob a
/// kept manifest still needs is never deleted: marking reads the manifests
/// themselves, and a manifest that cannot be read stops the collection.
public enum GarbageCollector {
    public static func collect(_ store: RegistryStore, dryRun: Bool, deleteUntagged: Bool) throws(RegistryStoreError) -> GarbageCollectionReport {
        var report = GarbageCollectionReport()
        var marked = Set<Digest>()
        for name in store.repositoryNames() {
            let revisions = store.revisionDigests(name)
            var keep = Set<Digest>()
            var work: [Digest] = deleteUntagged ? store.tags(name).compactMap { store.tagTarget(name, tag: $0) } : revisions
            while let digest = work.popLast() {
                guard keep.insert(digest).inserted else { continue }
                guard let stored = store.manifest(name, digest) else {
                    // A tag or index naming a manifest the repository lacks: nothing to mark below it.
                    continue
                }
                marked.insert(digest)
                let kind: ManifestKind
                do { kind = try ManifestKind.detect(stored.bytes, declaredMediaType: stored.mediaType) } catch {
                    throw RegistryStoreError("\(name)@\(digest) cannot be read (\(error)); nothing was collected")
                }
                do {
                    if kind.isIndex {
                        let index = try JSON.decode(ImageIndex.self, from: stored.bytes)
                        work += index.manifests.map(\.digest)
                    } else {
                        let manifest = try JSON.decode(ImageManifest.self, from: stored.bytes)
                        marked.insert(manifest.config.digest)
                        for layer in manifest.layers { marked.insert(layer.digest) }
                    }
                } catch {
                    throw RegistryStoreError("\(name)@\(digest) cannot be decoded (\(error)); nothing was collected")
                }
                work += store.referrers(name, subject: digest).map(\.digest)
            }
            for digest in revisions where !keep.contains(digest) {
                report.removedManifests.append(name + "@" + digest.description)
                if !dryRun { _ = store.deleteManifest(name, digest) }
            }
        }
        report.markedBlobs = marked.count
        for digest in store.content.list() where !marked.contains(digest) {
            report.unreferencedBlobs.append(digest)
            report.freedBytes += store.blobSize(digest) ?? 0
        }
        report.unreferencedBlobs.sort()
        guard !dryRun else { return report }
        let doomed = Set(report.unreferencedBlobs)
        for name in store.repositoryNames() {
            for digest in store.linkedDigests(name) where doomed.contains(digest) { _ = store.unlinkBlob(name, digest) }
        }
        for digest in report.unreferencedBlobs { store.content.delete(digest) }
        return report
    }
}

extension RegistryStore {
    /// The manifests a repository holds.
    func revisionDigests(_ name: String) -> [Digest] {
        Directory.entries(repositoryPath(name) + "/_manifests/revisions/sha256")
            .compactMap { try? Digest(sha256Hex: $0) }.sorted()
    }

    /// The blobs a repository may serve.
    func linkedDigests(_ name: String) -> [Digest] {
        Directory.entries(repositoryPath(name) + "/_layers/sha256").compactMap { try? Digest(sha256Hex: $0) }
    }
}
