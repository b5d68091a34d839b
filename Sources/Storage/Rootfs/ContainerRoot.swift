import Glibc
import LinuxSupport

/// A container's root directory, open once, in which paths are looked up
/// as the container itself would look them up: "/", ".." and absolute
/// symlinks stay inside it (openat2's RESOLVE_IN_ROOT), and /proc-style
/// magic links are refused. Nothing here changes the process's root or
/// working directory, so the daemon's other threads are unaffected.
final class ContainerRoot {
    let fd: Int32
    let path: String
    /// Docker's limit when following symlinks in scope.
    static let maxSymlinks = 255

    init(_ path: String) throws(RootfsError) {
        self.path = path
        fd = try rootfsSys { () throws(SystemCallError) in try FD.open(path, FD.pathOnly | O_DIRECTORY) }
    }

    deinit { FD.close(fd) }

    /// An O_PATH descriptor of `path` (absolute in the container), following
    /// a final symlink only when asked. A missing path is `.notFound(path)`.
    func open(_ path: String, followingLast: Bool, directory: Bool = false) throws(RootfsError) -> Int32 {
        let flags = FD.pathOnly | (followingLast ? 0 : O_NOFOLLOW) | (directory ? O_DIRECTORY : 0)
        do {
            return try FD.open(path, in: fd, flags: flags, resolve: .container)
        } catch where error.errno == ENOENT {
            throw .notFound(path: path)
        } catch {
            throw .system(error)
        }
    }

    /// `path` with every symlink followed inside the root, the last one
    /// included, as far as the path exists; missing components are kept as
    /// written (Docker's `FollowSymlinkInScope`). Absolute in the container.
    func resolve(_ path: String) throws(RootfsError) -> String {
        var resolved: [String] = []
        var pending = path.split(separator: "/").reversed().map(String.init)
        var followed = 0
        while let part = pending.popLast() {
            if part == "." { continue }
            if part == ".." { _ = resolved.popLast(); continue }
            let candidate = "/" + (resolved + [part]).joined(separator: "/")
            let entry: Int32
            do {
                entry = try FD.open(candidate, in: fd, flags: FD.pathOnly | O_NOFOLLOW, resolve: .container)
            } catch where error.errno == ENOENT || error.errno == ENOTDIR {
                resolved.append(part)
                continue
            } catch {
                throw .system(error)
            }
            defer { FD.close(entry) }
            var info = stat()
            guard fstatat(entry, "", &info, FD.emptyPath) == 0 else { throw .system(SystemCallError("stat", candidate)) }
            guard info.st_mode & S_IFMT == S_IFLNK else {
                resolved.append(part)
                continue
            }
            followed += 1
            if followed > Self.maxSymlinks { throw .tooManySymlinks(path: path) }
            let target = try rootfsLayer { () throws(LayerError) in try FileTarWriter.linkTarget(entry, candidate) }
            if target.hasPrefix("/") { resolved = [] }
            pending.append(contentsOf: target.split(separator: "/").reversed().map(String.init))
        }
        return "/" + resolved.joined(separator: "/")
    }
}
