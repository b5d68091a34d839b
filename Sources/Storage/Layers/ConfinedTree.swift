import Glibc
import LinuxSupport

/// Writes into a directory tree without ever following a symlink: every
/// path is walked from the root's descriptor one component at a time with
/// O_NOFOLLOW, so neither an absolute name, `..`, nor a symlink planted by
/// an earlier entry can lead a write outside the tree.
final class ConfinedTree: EntryTree {
    let rootPath: String
    let rootFD: Int32
    /// The last parent directory opened: entries of a tar come grouped by
    /// directory, so this saves most walks.
    private var cachedParent: (path: [Substring], fd: Int32)?

    init(creating path: String) throws(LayerError) {
        rootPath = path
        guard mkdir(path, 0o755) == 0 else { throw .system(SystemCallError("mkdir", path)) }
        rootFD = try layerSys { () throws(SystemCallError) in try FD.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW) }
    }

    deinit {
        dropCache()
        FD.close(rootFD)
    }

    func components(of name: String) throws(LayerError) -> [Substring] {
        try Self.components(of: name)
    }

    /// The components of an entry name, or a refusal: `..` never, absolute
    /// names are taken relative to the root (as Docker does).
    static func components(of name: String) throws(LayerError) -> [Substring] {
        var parts: [Substring] = []
        for part in name.split(separator: "/") where part != "." && !part.isEmpty {
            if part == ".." { throw .unsafeEntry(name: name, reason: "it contains '..'") }
            parts.append(part)
        }
        return parts
    }

    /// An open descriptor of the directory `path` (relative components),
    /// creating missing directories (0755, root-owned) on the way. The
    /// descriptor belongs to the tree's cache; callers must not close it.
    func directory(_ path: [Substring], entry: String) throws(LayerError) -> Int32 {
        if let cached = cachedParent, cached.path == path { return cached.fd }
        dropCache()
        var fd = dup(rootFD)
        for component in path {
            let name = String(component)
            var next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 && errno == ENOENT {
                if mkdirat(fd, name, 0o755) != 0 && errno != EEXIST {
                    let error = SystemCallError("mkdir", entry)
                    close(fd)
                    throw .system(error)
                }
                next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            let failure = errno
            close(fd)
            if next < 0 {
                if failure == ELOOP || failure == ENOTDIR {
                    throw .unsafeEntry(name: entry, reason: "a parent directory is a symlink or not a directory")
                }
                throw .system(SystemCallError("open", entry, errno: failure))
            }
            fd = next
        }
        cachedParent = (path, fd)
        return fd
    }

    /// Removes whatever is at `name` in `parent` (a directory with its
    /// contents), unless `keepDirectory` and it is a directory.
    func removeExisting(_ name: String, in parent: Int32, keepDirectory: Bool, entry: String) throws(LayerError) {
        var info = stat()
        guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return }
        let isDirectory = info.st_mode & S_IFMT == S_IFDIR
        if isDirectory && keepDirectory { return }
        if isDirectory {
            // `parent` is the cached directory: what is removed is below it,
            // so the cache stays valid (and must stay open for the removal).
            try layerSys { () throws(SystemCallError) in try Directory.removeTree(named: name, in: parent) }
        } else if unlinkat(parent, name, 0) != 0 {
            throw .system(SystemCallError("unlink", entry))
        }
    }

    func dropCache() {
        if let cached = cachedParent { close(cached.fd) }
        cachedParent = nil
    }
}
