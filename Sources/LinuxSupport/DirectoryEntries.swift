import Glibc

/// One name in a directory, with what readdir knows of it without a stat.
public struct DirectoryEntry: Sendable, Hashable {
    public let name: String
    public let inode: UInt64
    /// readdir's d_type (DT_DIR, DT_REG, DT_LNK, …; DT_UNKNOWN on some file systems).
    public let type: UInt8

    public var isDirectory: Bool { type == UInt8(DT_DIR) }
}

extension Directory {
    /// The entries of the directory open as `fd` (any descriptor of it,
    /// O_PATH included), without "." and "..", in no particular order.
    public static func entries(of fd: Int32, subject: String? = nil) throws(SystemCallError) -> [DirectoryEntry] {
        // A fresh descriptor: readdir needs one opened for reading, and its
        // position must not be shared with the caller's.
        let readable = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard readable >= 0 else { throw SystemCallError("open", subject) }
        guard let stream = fdopendir(readable) else {
            let error = SystemCallError("fdopendir", subject)
            close(readable)
            throw error
        }
        defer { closedir(stream) }
        var entries: [DirectoryEntry] = []
        errno = 0
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." {
                entries.append(DirectoryEntry(name: name, inode: UInt64(entry.pointee.d_ino), type: entry.pointee.d_type))
            }
            errno = 0
        }
        if errno != 0 { throw SystemCallError("readdir", subject) }
        return entries
    }

    /// rm -rf of `name` inside the directory open as `directory`: every
    /// step is relative to an open descriptor and never follows a symlink,
    /// so a tree that changes meanwhile cannot redirect the removal.
    public static func removeTree(named name: String, in directory: Int32) throws(SystemCallError) {
        var info = stat()
        guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return }
            throw SystemCallError("lstat", name)
        }
        if info.st_mode & S_IFMT != S_IFDIR {
            try check(unlinkat(directory, name, 0), "unlink", name)
            return
        }
        let fd = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError("open", name) }
        do {
            try removeContents(of: fd, subject: name)
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        try check(unlinkat(directory, name, AT_REMOVEDIR), "rmdir", name)
    }

    /// Empties the directory open as `fd`, keeping the directory itself.
    public static func removeContents(of fd: Int32, subject: String? = nil) throws(SystemCallError) {
        for entry in try entries(of: fd, subject: subject) {
            if entry.isDirectory || entry.type == UInt8(DT_UNKNOWN) {
                try removeTree(named: entry.name, in: fd)
            } else if unlinkat(fd, entry.name, 0) != 0 && errno != ENOENT {
                throw SystemCallError("unlink", entry.name)
            }
        }
    }
}
