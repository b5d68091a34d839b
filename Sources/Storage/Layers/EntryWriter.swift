import CArchive
import CLinux
import Glibc
import LinuxSupport

/// How entries are written: as a layer (the default) or as files copied
/// into a container.
struct EntryWriterOptions {
    /// Docker's `.wh.` whiteouts become overlay ones, as a layer needs;
    /// otherwise they are ordinary files, as `docker cp` writes them.
    var convertsWhiteouts = true
    /// One owner for every entry instead of the archive's.
    var owner: (uid: uid_t, gid: gid_t)?
}

/// Writes one tar entry at a time into an `EntryTree`.
struct EntryWriter {
    let tree: any EntryTree
    let archive: OpaquePointer
    let options: EntryWriterOptions
    private(set) var bytesWritten: Int64 = 0
    /// Directory times are set last: writing a child changes its parent's mtime.
    private var directoryTimes: [([Substring], timespec, timespec)] = []

    init(tree: any EntryTree, archive: OpaquePointer, options: EntryWriterOptions = EntryWriterOptions()) {
        self.tree = tree
        self.archive = archive
        self.options = options
    }

    private static let whiteoutPrefix = ".wh."
    private static let opaqueMarker = ".wh..wh..opq"

    mutating func write(_ entry: OpaquePointer) throws(LayerError) {
        let name = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
        let components = try tree.components(of: name)
        guard let last = components.last else { return }  // the root itself: keep the tree's own metadata
        let parentPath = Array(components.dropLast())
        let base = String(last)

        if options.convertsWhiteouts && base.hasPrefix(Self.whiteoutPrefix) {
            try writeWhiteout(base, parent: parentPath, name: name)
            return
        }
        let parent = try tree.directory(parentPath, entry: name)
        let type = archive_entry_filetype(entry)
        let mode = mode_t(archive_entry_perm(entry))
        let uid = options.owner?.uid ?? uid_t(truncatingIfNeeded: archive_entry_uid(entry))
        let gid = options.owner?.gid ?? gid_t(truncatingIfNeeded: archive_entry_gid(entry))

        if let target = archive_entry_hardlink(entry) {
            try writeHardlink(String(cString: target), base, parent: parent, name: name)
            return
        }
        switch type {
        case 0o040000:
            try tree.removeExisting(base, in: parent, keepDirectory: true, entry: name)
            if mkdirat(parent, base, 0o700) != 0 && errno != EEXIST { throw .system(SystemCallError("mkdir", name)) }
            let fd = openat(parent, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw .system(SystemCallError("open", name)) }
            defer { close(fd) }
            try applyOwnerAndMode(fd, uid, gid, mode, name)
            try applyXattrs(entry, fd: fd, name: name)
            directoryTimes.append((components, Self.time(archive_entry_atime(entry), archive_entry_atime_nsec(entry)),
                                   Self.time(archive_entry_mtime(entry), archive_entry_mtime_nsec(entry))))
        case 0o100000:
            try tree.removeExisting(base, in: parent, keepDirectory: false, entry: name)
            let fd = openat(parent, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw .system(SystemCallError("create", name)) }
            defer { close(fd) }
            try copyData(to: fd, name: name, size: archive_entry_size(entry))
            try applyOwnerAndMode(fd, uid, gid, mode, name)
            try applyXattrs(entry, fd: fd, name: name)
            var times = [Self.time(archive_entry_atime(entry), archive_entry_atime_nsec(entry)),
                         Self.time(archive_entry_mtime(entry), archive_entry_mtime_nsec(entry))]
            futimens(fd, &times)
        case 0o120000:
            try tree.removeExisting(base, in: parent, keepDirectory: false, entry: name)
            let target = archive_entry_symlink(entry).map { String(cString: $0) } ?? ""
            guard symlinkat(target, parent, base) == 0 else { throw .system(SystemCallError("symlink", name)) }
            guard fchownat(parent, base, uid, gid, AT_SYMLINK_NOFOLLOW) == 0 else { throw .system(SystemCallError("lchown", name)) }
            var times = [Self.time(archive_entry_atime(entry), archive_entry_atime_nsec(entry)),
                         Self.time(archive_entry_mtime(entry), archive_entry_mtime_nsec(entry))]
            utimensat(parent, base, &times, AT_SYMLINK_NOFOLLOW)
        case 0o020000, 0o060000, 0o010000:
            try tree.removeExisting(base, in: parent, keepDirectory: false, entry: name)
            let device = Self.makeDevice(UInt64(archive_entry_rdevmajor(entry)), UInt64(archive_entry_rdevminor(entry)))
            guard mknodat(parent, base, mode_t(type) | mode, dev_t(device)) == 0 else { throw .system(SystemCallError("mknod", name)) }
            guard fchownat(parent, base, uid, gid, AT_SYMLINK_NOFOLLOW) == 0 else { throw .system(SystemCallError("chown", name)) }
            // mknod applies the umask; the tar's mode wins.
            guard fchmodat(parent, base, mode, 0) == 0 else { throw .system(SystemCallError("chmod", name)) }
            var times = [Self.time(archive_entry_atime(entry), archive_entry_atime_nsec(entry)),
                         Self.time(archive_entry_mtime(entry), archive_entry_mtime_nsec(entry))]
            utimensat(parent, base, &times, AT_SYMLINK_NOFOLLOW)
        default:
            throw .unsupportedEntry(name: name)
        }
    }

    /// `.wh.name` hides `name` of lower layers; `.wh..wh..opq` hides all of
    /// the directory's lower content; other `.wh..wh.` names are Docker's
    /// internal links and carry nothing.
    private mutating func writeWhiteout(_ base: String, parent parentPath: [Substring], name: String) throws(LayerError) {
        let parent = try tree.directory(parentPath, entry: name)
        if base == Self.opaqueMarker {
            let fd = openat(parent, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { throw .system(SystemCallError("open", name)) }
            defer { close(fd) }
            guard cl_fsetxattr(fd, "trusted.overlay.opaque", "y", 1, 0) == 0 else { throw .system(SystemCallError("setxattr", name)) }
            return
        }
        if base.hasPrefix(Self.whiteoutPrefix + Self.whiteoutPrefix) { return }
        let hidden = String(base.dropFirst(Self.whiteoutPrefix.count))
        guard !hidden.isEmpty, hidden != ".", hidden != "..", !hidden.contains("/") else {
            throw .unsafeEntry(name: name, reason: "not a valid whiteout")
        }
        try tree.removeExisting(hidden, in: parent, keepDirectory: false, entry: name)
        guard mknodat(parent, hidden, S_IFCHR, 0) == 0 else { throw .system(SystemCallError("mknod", name)) }
    }

    /// A hard link to an entry written earlier, found by walking from the
    /// root without following symlinks, so its target is inside the tree.
    private func writeHardlink(_ target: String, _ base: String, parent: Int32, name: String) throws(LayerError) {
        let targetComponents = try tree.components(of: target)
        guard let targetBase = targetComponents.last else { throw .unsafeEntry(name: name, reason: "hard link to the root") }
        // The walk may replace the cached parent, so re-open ours after it.
        let targetParent = dup(try tree.directory(Array(targetComponents.dropLast()), entry: name))
        defer { close(targetParent) }
        var info = stat()
        guard fstatat(targetParent, String(targetBase), &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw .unsafeEntry(name: name, reason: "hard link target \(target) is not in the layer")
        }
        let components = try tree.components(of: name)
        let ownParent = try tree.directory(Array(components.dropLast()), entry: name)
        try tree.removeExisting(base, in: ownParent, keepDirectory: false, entry: name)
        guard linkat(targetParent, String(targetBase), ownParent, base, 0) == 0 else { throw .system(SystemCallError("link", name)) }
        _ = parent
    }

    private mutating func copyData(to fd: Int32, name: String, size: Int64) throws(LayerError) {
        var pointer: UnsafeRawPointer?
        var length = 0
        var offset: la_int64_t = 0
        while true {
            let status = archive_read_data_block(archive, &pointer, &length, &offset)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN else { throw .corrupt(LayerStream.error(archive)) }
            guard let pointer, length > 0 else { continue }
            var written = 0
            while written < length {
                let n = pwrite(fd, pointer + written, length - written, off_t(offset) + off_t(written))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw .system(SystemCallError("write", name)) }
                written += n
            }
        }
        // Sparse files end in a hole that no block covers.
        guard ftruncate(fd, off_t(size)) == 0 else { throw .system(SystemCallError("truncate", name)) }
        bytesWritten += size
    }

    /// chown before chmod: chown clears setuid and setgid bits.
    private func applyOwnerAndMode(_ fd: Int32, _ uid: uid_t, _ gid: gid_t, _ mode: mode_t, _ name: String) throws(LayerError) {
        guard fchown(fd, uid, gid) == 0 else { throw .system(SystemCallError("chown", name)) }
        guard fchmod(fd, mode) == 0 else { throw .system(SystemCallError("chmod", name)) }
    }

    /// The tar's xattrs, except overlay's own (a layer must not forge them).
    private func applyXattrs(_ entry: OpaquePointer, fd: Int32, name: String) throws(LayerError) {
        guard archive_entry_xattr_reset(entry) > 0 else { return }
        var key: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while archive_entry_xattr_next(entry, &key, &value, &size) == ARCHIVE_OK, let key {
            let xattr = String(cString: key)
            if xattr.hasPrefix("trusted.overlay.") { continue }
            if cl_fsetxattr(fd, key, value, size, 0) != 0 && errno != ENOTSUP {
                throw .system(SystemCallError("setxattr \(xattr)", name))
            }
        }
    }

    mutating func finishDirectories() throws(LayerError) {
        for (components, atime, mtime) in directoryTimes.reversed() {
            let parent = try tree.directory(Array(components.dropLast()), entry: components.joined(separator: "/"))
            var times = [atime, mtime]
            utimensat(parent, String(components.last!), &times, AT_SYMLINK_NOFOLLOW)
        }
    }

    static func time(_ seconds: time_t, _ nanoseconds: Int) -> timespec {
        timespec(tv_sec: seconds, tv_nsec: nanoseconds)
    }

    /// glibc's makedev, which Swift cannot import (it is a macro).
    static func makeDevice(_ major: UInt64, _ minor: UInt64) -> UInt64 {
        ((major & 0xfffff000) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00) << 12) | (minor & 0xff)
    }
}
