import CArchive
import OCI

/// The sha256 of a possibly compressed stream's decompressed bytes: a
/// layer's diff ID when its blob is gzip or zstd.
enum UncompressedDigest {
    static func compute(path: String) throws(StorageError) -> Digest {
        guard let archive = archive_read_new() else { throw .invalidArchive("out of memory") }
        defer { archive_read_free(archive) }
        archive_read_support_filter_all(archive)
        archive_read_support_format_raw(archive)
        guard archive_read_open_filename(archive, path, 1 << 20) == ARCHIVE_OK else {
            throw .invalidArchive(archive_error_string(archive).map { String(cString: $0) } ?? "unreadable \(path)")
        }
        var entry: OpaquePointer?
        guard archive_read_next_header(archive, &entry) == ARCHIVE_OK else {
            throw .invalidArchive(archive_error_string(archive).map { String(cString: $0) } ?? "empty \(path)")
        }
        var digester = SHA256Digester()
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = archive_read_data(archive, buffer, size)
            if n == 0 { break }
            if n < 0 { throw .invalidArchive(archive_error_string(archive).map { String(cString: $0) } ?? "corrupt \(path)") }
            digester.update(UnsafeRawBufferPointer(start: buffer, count: n))
        }
        return digester.finalize()
    }
}
