import Glibc
import LinuxSupport
import NIOCore
import OCI
import Storage

/// A request body saved to disk before it is processed (image archives,
/// root filesystem tars): the store reads it with libarchive, and a failed
/// request leaves nothing but a scratch file that is removed at once.
struct Upload {
    let path: String

    static func receive(_ body: RequestBody, into store: ImageStore, prefix: String) async throws -> Upload {
        let (path, fd) = try store.temporaryFile(prefix: prefix)
        defer { FD.close(fd) }
        do {
            while let chunk = try await body.next() {
                try chunk.withUnsafeReadableBytes { buffer in try FD.writeAll(fd, buffer: buffer, subject: path) }
            }
        } catch {
            unlink(path)
            throw error
        }
        return Upload(path: path)
    }

    /// Streams the body straight into the content store as one blob.
    static func receiveBlob(_ body: RequestBody, into store: ImageStore) async throws -> Digest {
        let writer = try store.content.ingest()
        while let chunk = try await body.next() {
            try chunk.withUnsafeReadableBytes { buffer in try writer.write(buffer) }
        }
        guard writer.size > 0 else { throw APIError.badRequest("the uploaded tar is empty") }
        return try writer.commit()
    }

    func remove() { unlink(path) }
}
