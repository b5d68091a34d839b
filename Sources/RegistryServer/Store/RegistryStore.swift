import Glibc
import LinuxSupport
import OCI
import Storage

/// The registry's files under its root directory. Blobs are content
/// addressed (`blobs/sha256/<hex>`, through the same `ContentStore` the
/// daemon uses); what each repository holds is a set of small files:
///
///     repositories/<name>/_layers/sha256/<hex>              a blob it may serve
///     repositories/<name>/_manifests/revisions/sha256/<hex>  a manifest (holds its media type)
///     repositories/<name>/_manifests/tags/<tag>              holds a manifest digest
///     repositories/<name>/_referrers/<subject hex>/<hex>     a referrer's descriptor (JSON)
///     uploads/<uuid>/{data,repository}                       an upload in progress
///
/// Every file is written beside its target and renamed into place, so a
/// crash leaves either the old state or the new one; blobs are published
/// before anything that refers to them.
public final class RegistryStore: Sendable {
    public let root: String
    let content: ContentStore
    let repositories: String
    let uploads: String

    public init(root: String) throws(RegistryStoreError) {
        self.root = root
        do {
            content = try ContentStore(root: root)
        } catch {
            throw RegistryStoreError("cannot open the blob store in \(root): \(error)")
        }
        repositories = root + "/repositories"
        uploads = root + "/uploads"
        do {
            try Directory.create(repositories, mode: 0o755)
            try Directory.create(uploads, mode: 0o700)
        } catch {
            throw RegistryStoreError("cannot create \(root): \(error)")
        }
    }

    func repositoryPath(_ name: String) -> String { repositories + "/" + name }

    func repositoryExists(_ name: String) -> Bool {
        Directory.exists(repositoryPath(name) + "/_layers") || Directory.exists(repositoryPath(name) + "/_manifests")
    }

    // MARK: blobs

    func blobSize(_ digest: Digest) -> Int64? { content.size(digest) }

    func blobPath(_ digest: Digest) -> String { content.path(digest) }

    private func layerLink(_ name: String, _ digest: Digest) -> String {
        repositoryPath(name) + "/_layers/" + digest.algorithm + "/" + digest.encoded
    }

    /// A blob this repository may serve: linked to it and present.
    func hasBlob(_ name: String, _ digest: Digest) -> Bool {
        SmallFile.exists(layerLink(name, digest)) && content.contains(digest)
    }

    func linkBlob(_ name: String, _ digest: Digest) throws(RegistryStoreError) {
        try writeFile(layerLink(name, digest), [])
    }

    /// False when the repository did not link the blob.
    func unlinkBlob(_ name: String, _ digest: Digest) -> Bool {
        unlink(layerLink(name, digest)) == 0
    }

    /// Publishes a file that holds exactly the blob `expected`: hashed,
    /// synced, and renamed into the blob directory (or dropped when that
    /// blob is already there). The file must be on the root's file system.
    func publishBlob(from path: String, expected: Digest) throws(RegistryError) {
        guard expected.algorithm == "sha256" else {
            throw RegistryError(.digestInvalid, "only sha256 digests are supported", status: 400)
        }
        let fd: Int32
        do { fd = try FD.open(path, O_RDONLY) } catch {
            throw RegistryError(.blobUploadInvalid, "the upload's data is missing")
        }
        defer { FD.close(fd) }
        var digester = SHA256Digester()
        var offset: Int64 = 0
        while true {
            let chunk: [UInt8]
            do { chunk = try FD.read(fd, at: offset, max: 1 << 20) } catch {
                throw RegistryError(.blobUploadInvalid, "cannot read the upload: \(error)")
            }
            if chunk.isEmpty { break }
            digester.update(chunk)
            offset += Int64(chunk.count)
        }
        let actual = digester.finalize()
        guard actual == expected else {
            throw RegistryError(.digestInvalid, "provided digest did not match uploaded content",
                                detail: "expected \(expected), got \(actual)")
        }
        let target = content.path(actual)
        if SmallFile.exists(target) { return }
        guard fsync(fd) == 0, rename(path, target) == 0 else {
            throw RegistryError(.blobUploadInvalid, "cannot store the blob: \(SystemCallError("rename", target))", status: 500)
        }
        syncDirectory(Path.parent(target))
    }

    /// Stores bytes held in memory (a manifest) as a blob.
    func storeBlob(_ bytes: [UInt8], expected: Digest) throws(RegistryError) {
        do {
            try content.write(bytes, expected: expected)
        } catch {
            throw RegistryError(.manifestInvalid, "cannot store the manifest: \(error)", status: 500)
        }
    }

    // MARK: catalog

    /// Every repository with content, sorted byte-wise.
    func repositoryNames() -> [String] {
        var names: [String] = []
        func walk(_ relative: String) {
            let path = relative.isEmpty ? repositories : repositories + "/" + relative
            let children = Directory.entries(path)
            if children.contains("_manifests") || children.contains("_layers") { names.append(relative) }
            for child in children where !child.hasPrefix("_") && !child.hasPrefix(".") {
                let next = relative.isEmpty ? child : relative + "/" + child
                if Directory.exists(repositories + "/" + next) { walk(next) }
            }
        }
        walk("")
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    // MARK: files

    /// Writes `bytes` durably and in one step (`SmallFile.writeAtomically`),
    /// creating the directory, and syncs the directory so the name survives
    /// a machine crash too.
    func writeFile(_ path: String, _ bytes: [UInt8]) throws(RegistryStoreError) {
        let directory = Path.parent(path)
        do {
            try Directory.create(directory, mode: 0o755)
            try SmallFile.writeAtomically(path, bytes: bytes, mode: 0o644)
        } catch {
            throw RegistryStoreError("cannot write \(path): \(error)")
        }
        syncDirectory(directory)
    }

    func syncDirectory(_ path: String) {
        guard let fd = try? FD.open(path, O_RDONLY | O_DIRECTORY) else { return }
        fsync(fd)
        FD.close(fd)
    }
}

public struct RegistryStoreError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

enum RandomID {
    /// `bytes` random bytes as lowercase hex.
    static func hex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
