import Glibc
import LinuxSupport

/// The `EntryTree` of an extraction into a container (`docker cp` in):
/// entries are placed under a destination directory as the container sees
/// its tree, symlinks in their parent paths followed but never out of the
/// root (openat2, RESOLVE_IN_ROOT). An entry name that climbs above the
/// destination is refused; an absolute one is taken as relative to it, as
/// Docker does. The entry itself is never followed: a symlink in its place
/// is replaced, not written through.
final class RootedTree: EntryTree {
    private let container: ContainerRoot
    /// Absolute in the container, symlinks already followed.
    private let destination: String
    private let noOverwriteDirNonDir: Bool
    private var cachedParent: (path: [Substring], fd: Int32)?

    init(container: ContainerRoot, destination: String, noOverwriteDirNonDir: Bool) {
        self.container = container
        self.destination = destination
        self.noOverwriteDirNonDir = noOverwriteDirNonDir
    }

    deinit { dropCache() }

    func components(of name: String) throws(LayerError) -> [Substring] {
        var parts: [Substring] = []
        for part in name.split(separator: "/") where part != "." && !part.isEmpty {
            if part == ".." {
                guard !parts.isEmpty else { throw .unsafeEntry(name: name, reason: "it leads outside the destination directory") }
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        return parts
    }

    func directory(_ path: [Substring], entry: String) throws(LayerError) -> Int32 {
        if let cached = cachedParent, cached.path == path { return cached.fd }
        dropCache()
        let fd: Int32
        if let existing = try open(path, entry: entry) {
            fd = existing
        } else {
            fd = try makeDirectories(path, entry: entry)
        }
        cachedParent = (path, fd)
        return fd
    }

    func removeExisting(_ name: String, in parent: Int32, keepDirectory: Bool, entry: String) throws(LayerError) {
        var info = stat()
        guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return }
        let isDirectory = info.st_mode & S_IFMT == S_IFDIR
        if noOverwriteDirNonDir && isDirectory != keepDirectory {
            throw .overwriteRefused(entry: entry, destination: destination, existingIsDirectory: isDirectory)
        }
        if isDirectory && keepDirectory { return }
        // `parent` stays open: what is removed is below it, never it.
        try layerSys { () throws(SystemCallError) in try Directory.removeTree(named: name, in: parent) }
    }

    func dropCache() {
        if let cached = cachedParent { close(cached.fd) }
        cachedParent = nil
    }

    private func containerPath(_ path: some Collection<Substring>) -> String {
        path.isEmpty ? destination : (destination == "/" ? "" : destination) + "/" + path.joined(separator: "/")
    }

    /// The directory at `path` below the destination, or nil when part of it is missing.
    private func open(_ path: some Collection<Substring>, entry: String) throws(LayerError) -> Int32? {
        do {
            return try FD.open(containerPath(path), in: container.fd, flags: FD.pathOnly | O_DIRECTORY, resolve: .container)
        } catch where error.errno == ENOENT {
            return nil
        } catch where error.errno == ENOTDIR {
            throw .unsafeEntry(name: entry, reason: "a parent of it in the container is not a directory")
        } catch {
            throw .system(error)
        }
    }

    /// Makes the missing directories of `path`, root-owned and 0755 as
    /// Docker makes the directories an archive implies.
    private func makeDirectories(_ path: [Substring], entry: String) throws(LayerError) -> Int32 {
        guard var current = try open([], entry: entry) else {
            throw .unsafeEntry(name: entry, reason: "the destination directory is gone")
        }
        for depth in path.indices {
            if let next = try open(path[...depth], entry: entry) {
                close(current)
                current = next
                continue
            }
            let name = String(path[depth])
            if mkdirat(current, name, 0o755) != 0 && errno != EEXIST {
                let error = SystemCallError("mkdir", containerPath(path[...depth]))
                close(current)
                throw .system(error)
            }
            fchmodat(current, name, 0o755, 0)
            close(current)
            guard let made = try open(path[...depth], entry: entry) else {
                throw .unsafeEntry(name: entry, reason: "a parent of it in the container is a dangling symlink")
            }
            current = made
        }
        return current
    }
}
