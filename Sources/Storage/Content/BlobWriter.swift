import Glibc
import LinuxSupport
import OCI

/// Writes one blob into the content store: bytes go to a temporary file in
/// `ingest/` while being hashed; `commit` checks digest and size, fsyncs and
/// renames the file to its content address. Until then nothing is visible
/// under `blobs/`, and a crash leaves only an ingest file that the next
/// start sweeps.
public final class BlobWriter {
    private let store: ContentStore
    private let temporaryPath: String
    private var fd: Int32
    private var digester = SHA256Digester()
    public private(set) var size: Int64 = 0
    /// Whether `commit` published a blob the store did not have before.
    public private(set) var addedNewBlob = false

    init(store: ContentStore, temporaryPath: String, fd: Int32) {
        self.store = store
        self.temporaryPath = temporaryPath
        self.fd = fd
    }

    deinit { abort() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(StorageError) {
        digester.update(bytes)
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw .system(SystemCallError("write", temporaryPath)) }
            offset += n
        }
        size += Int64(bytes.count)
    }

    public func write(_ bytes: [UInt8]) throws(StorageError) {
        let failure: StorageError? = bytes.withUnsafeBytes { buffer -> StorageError? in
            do throws(StorageError) { try write(buffer); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    /// Verifies and publishes the blob; returns its digest.
    @discardableResult
    public func commit(expected: Digest? = nil, expectedSize: Int64? = nil) throws(StorageError) -> Digest {
        let digest = digester.finalize()
        defer { abort() }
        if let expected, expected != digest { throw .digestMismatch(expected: expected.description, actual: digest.description) }
        if let expectedSize, expectedSize != size { throw .sizeMismatch(expected: expectedSize, actual: size) }
        try sys { () throws(SystemCallError) in try check(fsync(fd), "fsync", temporaryPath) }
        FD.close(fd)
        fd = -1
        let target = store.path(digest)
        if SmallFile.exists(target) {
            // Content addressing: an existing blob with this digest is this blob.
            unlink(temporaryPath)
        } else {
            try sys { () throws(SystemCallError) in try check(rename(temporaryPath, target), "rename", target) }
            addedNewBlob = true
            try store.syncBlobDirectory()
        }
        return digest
    }

    /// Drops the temporary file (after an error, or after commit).
    public func abort() {
        if fd >= 0 {
            FD.close(fd)
            fd = -1
        }
        unlink(temporaryPath)
    }
}
