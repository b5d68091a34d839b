import CArchive
import Glibc
import LinuxSupport

/// Writes a plain tar (PAX where needed) to a file descriptor: the directory
/// and file entries of an image archive (`docker save`).
final class ArchiveBuilder {
    private let archive: OpaquePointer
    private let modificationTime: Int

    init(fd: Int32, modificationTime: Int = 0) throws(StorageError) {
        guard let archive = archive_write_new() else { throw .invalidArchive("out of memory") }
        self.archive = archive
        self.modificationTime = modificationTime
        archive_write_set_format_pax_restricted(archive)
        archive_write_set_bytes_per_block(archive, 10240)
        guard archive_write_open_fd(archive, fd) == ARCHIVE_OK else {
            let message = Self.errorText(archive)
            archive_write_free(archive)
            throw .invalidArchive(message)
        }
    }

    deinit { archive_write_free(archive) }

    func addDirectory(_ name: String) throws(StorageError) {
        try writeHeader(name, type: 0o040000, permissions: 0o755, size: 0)
    }

    func addFile(_ name: String, bytes: [UInt8]) throws(StorageError) {
        try writeHeader(name, type: 0o100000, permissions: 0o644, size: Int64(bytes.count))
        let failure: StorageError? = bytes.withUnsafeBytes { buffer -> StorageError? in
            do throws(StorageError) { try writeData(buffer); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    /// A file entry whose content is copied from the file at `source`.
    func addFile(_ name: String, copying source: String) throws(StorageError) {
        let fd = try sys { () throws(SystemCallError) in try FD.open(source, O_RDONLY) }
        defer { FD.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .system(SystemCallError("fstat", source)) }
        try writeHeader(name, type: 0o100000, permissions: 0o644, size: Int64(info.st_size))
        let bufferSize = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        var remaining = Int64(info.st_size)
        while remaining > 0 {
            let n = Glibc.read(fd, buffer, bufferSize)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw .system(SystemCallError("read", source)) }
            if n == 0 { throw .invalidArchive("\(source) shrank while being archived") }
            try writeData(UnsafeRawBufferPointer(start: buffer, count: n))
            remaining -= Int64(n)
        }
    }

    func finish() throws(StorageError) {
        guard archive_write_close(archive) == ARCHIVE_OK else { throw .invalidArchive(Self.errorText(archive)) }
    }

    private func writeHeader(_ name: String, type: UInt32, permissions: UInt32, size: Int64) throws(StorageError) {
        guard let entry = archive_entry_new() else { throw .invalidArchive("out of memory") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname(entry, name)
        archive_entry_set_filetype(entry, type)
        archive_entry_set_perm(entry, mode_t(permissions))
        archive_entry_set_size(entry, size)
        archive_entry_set_mtime(entry, modificationTime, 0)
        guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw .invalidArchive(Self.errorText(archive)) }
    }

    private func writeData(_ buffer: UnsafeRawBufferPointer) throws(StorageError) {
        var offset = 0
        while offset < buffer.count {
            let n = archive_write_data(archive, buffer.baseAddress! + offset, buffer.count - offset)
            if n <= 0 { throw .invalidArchive(Self.errorText(archive)) }
            offset += n
        }
    }

    private static func errorText(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "archive write failed"
    }
}
