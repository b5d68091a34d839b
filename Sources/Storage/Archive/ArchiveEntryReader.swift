import CArchive
import Glibc
import LinuxSupport

/// Reads the entries of an image archive (a `docker save` tar or an OCI
/// layout tar, possibly compressed) one by one, through libarchive.
/// Only what an image archive holds is surfaced: regular files, directories
/// and symlinks; the reader never writes anything to disk itself.
final class ArchiveEntryReader {
    enum Kind { case file, directory, symlink(target: String), other }

    struct Entry {
        /// The entry's name, cleaned: no leading "./" or "/", no trailing "/".
        let name: String
        let kind: Kind
        let size: Int64
    }

    private let archive: OpaquePointer
    private let path: String

    init(path: String) throws(StorageError) {
        guard let archive = archive_read_new() else { throw .invalidArchive("out of memory") }
        self.archive = archive
        self.path = path
        archive_read_support_format_tar(archive)
        archive_read_support_filter_all(archive)
        guard archive_read_open_filename(archive, path, 1 << 20) == ARCHIVE_OK else {
            let message = Self.errorText(archive)
            archive_read_free(archive)
            throw .invalidArchive(message)
        }
    }

    deinit { archive_read_free(archive) }

    /// The next entry's header, or nil at the end of the archive.
    func next() throws(StorageError) -> Entry? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(archive, &entry)
        if status == ARCHIVE_EOF { return nil }
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
            throw .invalidArchive(Self.errorText(archive))
        }
        let rawName = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
        let type = archive_entry_filetype(entry)
        let kind: Kind
        switch type {
        case 0o100000: kind = .file
        case 0o040000: kind = .directory
        case 0o120000: kind = .symlink(target: archive_entry_symlink(entry).map { String(cString: $0) } ?? "")
        default: kind = .other
        }
        return Entry(name: Self.clean(rawName), kind: kind, size: archive_entry_size(entry))
    }

    /// Streams the current entry's data to `sink` in large chunks.
    func readData(into sink: (UnsafeRawBufferPointer) throws(StorageError) -> Void) throws(StorageError) {
        let bufferSize = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = archive_read_data(archive, buffer, bufferSize)
            if n == 0 { return }
            if n < 0 { throw .invalidArchive(Self.errorText(archive)) }
            try sink(UnsafeRawBufferPointer(start: buffer, count: n))
        }
    }

    /// The current entry's data as bytes (small JSON files), capped at `limit`.
    func readAll(limit: Int = 64 << 20) throws(StorageError) -> [UInt8] {
        var bytes: [UInt8] = []
        try readData { (chunk) throws(StorageError) in
            guard bytes.count + chunk.count <= limit else { throw .invalidArchive("a metadata file is larger than \(limit) bytes") }
            bytes += chunk
        }
        return bytes
    }

    static func clean(_ name: String) -> String {
        var parts: [Substring] = []
        for part in name.split(separator: "/") where part != "." && !part.isEmpty { parts.append(part) }
        return parts.joined(separator: "/")
    }

    private static func errorText(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unreadable archive"
    }
}
