import CArchiveOnDemand
import Glibc
import LinuxSupport

/// Writes a local file or directory tree as a tar (what `berth cp` sends to
/// a container), as Docker's TarWithOptions does: entries in lexical walk
/// order, directories with a trailing slash, symlinks as links (never
/// followed), owners and modes as they are on disk.
public final class TarWriter {
    private let archive: OpaquePointer
    private let disk: OpaquePointer
    /// Files with several links, by device and inode: the first one's entry
    /// name, so that later ones are written as hard links to it (as Docker does).
    private var linked: [String: String] = [:]

    public init(fd: Int32) throws(ArchiveError) {
        guard let archive = archive_write_new(), let disk = archive_read_disk_new() else { throw ArchiveError("out of memory") }
        self.archive = archive
        self.disk = disk
        archive_write_set_format_pax_restricted(archive)
        archive_write_set_bytes_in_last_block(archive, 1)
        archive_read_disk_set_standard_lookup(disk)
        guard archive_write_open_fd(archive, fd) == ARCHIVE_OK else { throw ArchiveError(Self.errorText(archive)) }
    }

    deinit {
        archive_write_free(archive)
        archive_read_free(disk)
    }

    /// Adds `path` under the entry name `name`, and for a directory its
    /// contents below it (`name` "." gives "./child" entries, as Docker does).
    /// `rename` maps each entry's name before it is written.
    public func add(_ path: String, as name: String, rename: (String) -> String = { $0 }) throws(ArchiveError) {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            throw ArchiveError("lstat \(path): \(String(cString: strerror(errno)).lowercased())")
        }
        let isDirectory = status.st_mode & S_IFMT == S_IFDIR
        guard let entry = archive_entry_new() else { throw ArchiveError("out of memory") }
        defer { archive_entry_free(entry) }
        archive_entry_copy_sourcepath(entry, path)
        guard archive_read_disk_entry_from_file(disk, entry, -1, &status) == ARCHIVE_OK else {
            throw ArchiveError("\(path): \(Self.errorText(disk))")
        }
        let entryName = rename(name)
        archive_entry_copy_pathname(entry, isDirectory && !entryName.hasSuffix("/") ? entryName + "/" : entryName)
        var isLink = false
        if !isDirectory && status.st_nlink > 1 {
            let key = "\(status.st_dev):\(status.st_ino)"
            if let first = linked[key] {
                archive_entry_copy_hardlink(entry, first)
                archive_entry_set_size(entry, 0)
                isLink = true
            } else {
                linked[key] = entryName
            }
        }
        guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw ArchiveError("\(path): \(Self.errorText(archive))") }
        if !isLink && status.st_mode & S_IFMT == S_IFREG && status.st_size > 0 { try copyData(path) }
        guard isDirectory else { return }
        for child in Directory.entries(path).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            try add(path + "/" + child, as: name + "/" + child, rename: rename)
        }
    }

    private func copyData(_ path: String) throws(ArchiveError) {
        let fd: Int32
        do { fd = try FD.open(path, O_RDONLY) } catch { throw ArchiveError("open \(path): \(String(cString: strerror(error.errno)).lowercased())") }
        defer { FD.close(fd) }
        while true {
            let chunk: [UInt8]
            do { chunk = try FD.read(fd, max: 1 << 16) } catch { throw ArchiveError("read \(path): \(error)") }
            if chunk.isEmpty { return }
            let written = chunk.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            guard written >= 0 else { throw ArchiveError("\(path): \(Self.errorText(archive))") }
        }
    }

    /// Writes the end-of-archive blocks.
    public func finish() throws(ArchiveError) {
        guard archive_write_close(archive) == ARCHIVE_OK else { throw ArchiveError(Self.errorText(archive)) }
    }

    static func errorText(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "archive error"
    }
}
