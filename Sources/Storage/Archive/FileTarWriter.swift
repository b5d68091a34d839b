import CArchive
import Glibc
import LinuxSupport

/// Writes files of a directory tree to a tar, one entry at a time. Every
/// file is reached through an open descriptor of its directory and opened
/// with O_NOFOLLOW, so a tree that a container is changing meanwhile cannot
/// redirect a read outside it; a symlink becomes a symlink entry, never
/// what it points at. Files linked more than once become hard link entries
/// after the first. The tar is hashed as it is written.
final class FileTarWriter {
    struct Options {
        /// Nanosecond mtimes with atimes and ctimes, as layers keep them; or
        /// whole-second mtimes only, as Docker writes `cp` and `export` tars.
        var exactTimes: Bool
        /// Every extended attribute but overlay's own, as layers keep them;
        /// or `security.capability` only, as Docker's `cp` and `export` do.
        var allExtendedAttributes: Bool

        static let layer = Options(exactTimes: true, allExtendedAttributes: true)
        static let copy = Options(exactTimes: false, allExtendedAttributes: false)
    }

    private struct FileIdentity: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    private let archive: OpaquePointer
    private let sink: HashingSink
    private let options: Options
    private var linkTargets: [FileIdentity: String] = [:]
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)

    init(output: Int32, options: Options) throws(LayerError) {
        guard let archive = archive_write_new() else { throw .corrupt("out of memory") }
        self.archive = archive
        self.options = options
        sink = HashingSink(fd: output)
        archive_write_set_format_pax_restricted(archive)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        guard archive_write_open(archive, context, nil, HashingSink.write, nil) == ARCHIVE_OK else {
            throw .corrupt(LayerStream.writeError(archive))
        }
    }

    deinit {
        archive_write_free(archive)
        buffer.deallocate()
    }

    /// Adds `name` of the directory open as `parent`, under `archiveName`.
    /// Returns what it added, or nil when it vanished before it was read
    /// (a running container removed it) or is a socket, which tar cannot hold.
    @discardableResult
    func add(_ name: String, in parent: Int32, as archiveName: String) throws(LayerError) -> stat? {
        let fd = openat(parent, name, FD.pathOnly | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw .system(SystemCallError("open", archiveName))
        }
        defer { close(fd) }
        return try add(fd: fd, attributesPath: FD.procPath(parent, name), followAttributes: false, as: archiveName)
    }

    /// Adds the file open as `fd` (O_PATH is enough) under `archiveName`:
    /// the top of an archive, found by a confined lookup.
    @discardableResult
    func add(fd: Int32, as archiveName: String) throws(LayerError) -> stat? {
        try add(fd: fd, attributesPath: FD.procPath(fd), followAttributes: true, as: archiveName)
    }

    /// An empty regular file: Docker's whiteouts (`.wh.name`, `.wh..wh..opq`).
    func addWhiteout(as archiveName: String) throws(LayerError) {
        guard let entry = archive_entry_new() else { throw .corrupt("out of memory") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname(entry, archiveName)
        archive_entry_set_filetype(entry, 0o100000)
        archive_entry_set_perm(entry, 0o644)
        archive_entry_set_size(entry, 0)
        try writeHeader(entry)
    }

    /// Ends the tar: the sha256 of all its bytes and their count.
    func finish() throws(LayerError) -> (digest: String, size: Int64) {
        guard archive_write_close(archive) == ARCHIVE_OK else {
            if let failure = sink.failure { throw .system(failure) }
            throw .corrupt(LayerStream.writeError(archive))
        }
        if let failure = sink.failure { throw .system(failure) }
        return (sink.digester.finalize().description, sink.size)
    }

    private func add(fd: Int32, attributesPath: String, followAttributes: Bool, as archiveName: String) throws(LayerError) -> stat? {
        var info = stat()
        guard fstatat(fd, "", &info, FD.emptyPath) == 0 else { throw .system(SystemCallError("stat", archiveName)) }
        let type = info.st_mode & S_IFMT
        if type == S_IFSOCK { return nil }
        guard let entry = archive_entry_new() else { throw .corrupt("out of memory") }
        defer { archive_entry_free(entry) }
        archive_entry_copy_stat(entry, &info)
        if !options.exactTimes {
            archive_entry_set_mtime(entry, info.st_mtim.tv_sec, 0)
            archive_entry_unset_atime(entry)
            archive_entry_unset_ctime(entry)
            archive_entry_unset_birthtime(entry)
        }
        archive_entry_set_pathname(entry, archiveName)
        if type == S_IFLNK {
            archive_entry_set_symlink(entry, try Self.linkTarget(fd, archiveName))
        }
        var isHardlink = false
        if type != S_IFDIR && info.st_nlink > 1 {
            let identity = FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
            if let first = linkTargets[identity] {
                archive_entry_set_hardlink(entry, first)
                archive_entry_set_size(entry, 0)
                isHardlink = true
            } else {
                linkTargets[identity] = archiveName
            }
        }
        // A symlink's own attributes are reachable only by its directory's path.
        if type != S_IFLNK || !followAttributes {
            copyAttributes(attributesPath, following: followAttributes, into: entry)
        }
        try writeHeader(entry)
        if type == S_IFREG && !isHardlink && info.st_size > 0 {
            try copyContent(fd, size: Int64(info.st_size), name: archiveName)
        }
        return info
    }

    private func writeHeader(_ entry: OpaquePointer) throws(LayerError) {
        let status = archive_write_header(archive, entry)
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN else {
            if let failure = sink.failure { throw .system(failure) }
            throw .corrupt(LayerStream.writeError(archive))
        }
    }

    /// Exactly `size` bytes, the size the header announced: a file that grew
    /// meanwhile is cut, one that shrank is padded with zeros by libarchive.
    private func copyContent(_ fd: Int32, size: Int64, name: String) throws(LayerError) {
        // Reopening through /proc turns the O_PATH descriptor into a readable
        // one for the very same file, without a second lookup by name.
        let readable = open(FD.procPath(fd), O_RDONLY | O_CLOEXEC)
        guard readable >= 0 else { throw .system(SystemCallError("open", name)) }
        defer { close(readable) }
        var remaining = size
        while remaining > 0 {
            let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer[..<Int(min(Int64(buffer.count), remaining))])
            let n = try layerSys { () throws(SystemCallError) in try FD.read(readable, into: chunk, subject: name) }
            if n == 0 { break }
            guard archive_write_data(archive, chunk.baseAddress, n) == n else {
                if let failure = sink.failure { throw .system(failure) }
                throw .corrupt(LayerStream.writeError(archive))
            }
            remaining -= Int64(n)
        }
    }

    private func copyAttributes(_ path: String, following: Bool, into entry: OpaquePointer) {
        for name in ExtendedAttributes.names(path, followingSymlink: following) {
            if options.allExtendedAttributes ? name.hasPrefix("trusted.overlay.") : name != "security.capability" { continue }
            guard let value = ExtendedAttributes.value(name, of: path, followingSymlink: following) else { continue }
            value.withUnsafeBytes { bytes in archive_entry_xattr_add_entry(entry, name, bytes.baseAddress, bytes.count) }
        }
    }

    static func linkTarget(_ fd: Int32, _ name: String) throws(LayerError) -> String {
        var target = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlinkat(fd, "", &target, target.count)
        guard n >= 0 else { throw .system(SystemCallError("readlink", name)) }
        return String(decoding: target[..<n], as: UTF8.self)
    }
}
