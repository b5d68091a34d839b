import Glibc
import LinuxSupport
import OCI

/// Blobs by digest, laid out as an OCI image layout under `<data-root>/content`
/// (`oci-layout`, `index.json`, `blobs/sha256/<hex>`) so that other tools can
/// read the store. Writes go through `BlobWriter`; `ingest/` holds blobs being
/// written and is emptied whenever the store is opened.
public final class ContentStore: Sendable {
    public let root: String
    private let blobDirectory: String
    private let ingestDirectory: String

    public init(root: String) throws(StorageError) {
        self.root = root
        blobDirectory = root + "/blobs/sha256"
        ingestDirectory = root + "/ingest"
        try sys { () throws(SystemCallError) in
            try Directory.create(blobDirectory, mode: 0o700)
            try Directory.create(ingestDirectory, mode: 0o700)
            if !SmallFile.exists(root + "/oci-layout") {
                try SmallFile.writeAtomically(root + "/oci-layout", #"{"imageLayoutVersion":"1.0.0"}"#, mode: 0o644)
            }
            if !SmallFile.exists(root + "/index.json") {
                try SmallFile.writeAtomically(root + "/index.json", #"{"schemaVersion":2,"manifests":[]}"#, mode: 0o644)
            }
        }
        // Anything in ingest/ is from a write that never committed.
        for name in Directory.entries(ingestDirectory) { unlink(ingestDirectory + "/" + name) }
    }

    public func path(_ digest: Digest) -> String { blobDirectory + "/" + digest.encoded }

    public func contains(_ digest: Digest) -> Bool { SmallFile.exists(path(digest)) }

    public func size(_ digest: Digest) -> Int64? {
        var info = stat()
        guard stat(path(digest), &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    /// A small blob (manifest, config) read whole.
    public func read(_ digest: Digest) throws(StorageError) -> [UInt8] {
        let fd: Int32
        do { fd = try FD.open(path(digest), O_RDONLY) } catch {
            if error.errno == ENOENT { throw .missingBlob(digest.description) }
            throw .system(error)
        }
        defer { FD.close(fd) }
        return try sys { () throws(SystemCallError) in try FD.readToEnd(fd) }
    }

    public func ingest() throws(StorageError) -> BlobWriter {
        var template = Array((ingestDirectory + "/blob-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .system(SystemCallError("mkostemp", ingestDirectory)) }
        let path = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return BlobWriter(store: self, temporaryPath: path, fd: fd)
    }

    @discardableResult
    public func write(_ bytes: [UInt8], expected: Digest? = nil) throws(StorageError) -> Digest {
        let writer = try ingest()
        try writer.write(bytes)
        return try writer.commit(expected: expected)
    }

    public func delete(_ digest: Digest) {
        unlink(path(digest))
    }

    public func list() -> [Digest] {
        Directory.entries(blobDirectory).compactMap { try? Digest(sha256Hex: $0) }
    }

    /// Replaces `index.json` atomically.
    public func writeIndex(_ index: ImageIndex) throws(StorageError) {
        let bytes: [UInt8]
        do { bytes = try JSON.encode(index) } catch { throw .invalidArchive("cannot encode index.json: \(error)") }
        try sys { () throws(SystemCallError) in
            try SmallFile.writeAtomically(root + "/index.json", String(decoding: bytes, as: UTF8.self), mode: 0o644)
        }
    }

    func syncBlobDirectory() throws(StorageError) {
        try sys { () throws(SystemCallError) in
            let fd = try FD.open(blobDirectory, O_RDONLY | O_DIRECTORY)
            defer { FD.close(fd) }
            try check(fsync(fd), "fsync", blobDirectory)
        }
    }
}
