import CArchive
import Glibc
import LinuxSupport

/// Who owns what an extraction writes.
public enum ExtractOwnership: Sendable, Hashable {
    /// root (0:0), whatever the archive says.
    case root
    /// The owners the archive records (`docker cp -a`).
    case archive
    /// One owner for everything, such as the container's configured user.
    case fixed(uid: UInt32, gid: UInt32)
}

/// The file operations of `docker cp` and `docker export` on a container's
/// root filesystem, mounted at `root`. Paths are the container's own and
/// are resolved inside it: no symlink in the container, however planted,
/// leads a read or a write outside `root`. Each call blocks on file I/O:
/// run it off the event loops.
public enum ContainerArchive {
    /// What is at `path`, a final symlink not followed unless the path ends
    /// in "/" or "/." (`HEAD /containers/{id}/archive`).
    public static func stat(root: String, path: String) throws(RootfsError) -> PathStat {
        let container = try ContainerRoot(root)
        let absolute = CopyPath.absolute(path)
        let fd = try open(absolute, in: container)
        defer { FD.close(fd) }
        return try pathStat(fd, absolute: absolute, in: container)
    }

    /// A tar of what is at `path`, to `output`, as Docker's `archivePath`
    /// writes it: a directory as `<name>/…` entries (`./…` for `dir/.`,
    /// its contents), anything else as one `<name>` entry, a symlink as a
    /// symlink unless the path ends in "/" or "/.". Returns the stat for the
    /// response header, taken from the very file archived.
    @discardableResult
    public static func archive(root: String, path: String, to output: Int32) throws(RootfsError) -> PathStat {
        let container = try ContainerRoot(root)
        let absolute = CopyPath.absolute(path)
        let fd = try open(absolute, in: container)
        defer { FD.close(fd) }
        let stat = try pathStat(fd, absolute: absolute, in: container)
        let writer = try rootfsLayer { () throws(LayerError) in try FileTarWriter(output: output, options: .copy) }
        let name = CopyPath.base(absolute)
        if stat.mode & GoFileMode.directory != 0 {
            // The root is archived as "/" with "/bin", … below it, as Docker does.
            let prefix = name == "/" ? "" : name
            try rootfsLayer { () throws(LayerError) in try writer.add(fd: fd, as: prefix.isEmpty ? "/" : prefix) }
            let directory = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard directory >= 0 else { throw .system(SystemCallError("open", absolute)) }
            defer { close(directory) }
            try TreeArchiver.writeContents(of: directory, prefix: prefix + "/", to: writer)
        } else {
            try rootfsLayer { () throws(LayerError) in try writer.add(fd: fd, as: name) }
        }
        _ = try rootfsLayer { () throws(LayerError) in try writer.finish() }
        return stat
    }

    /// Unpacks a tar (plain or gzip, bzip2, xz, zstd) from `input` into the
    /// directory at `path` (`PUT /containers/{id}/archive`). The path may
    /// lead through symlinks, the last one included; it must exist and be a
    /// directory. With `noOverwriteDirNonDir`, an entry that would replace a
    /// directory with a non-directory or the reverse fails the extraction.
    public static func extract(root: String, path: String, from input: Int32, noOverwriteDirNonDir: Bool,
                               ownership: ExtractOwnership) throws(RootfsError) {
        let container = try ContainerRoot(root)
        let destination = try container.resolve(CopyPath.absolute(path))
        let fd: Int32
        do {
            fd = try container.open(destination, followingLast: true)
        } catch .notFound {
            throw .notFound(path: path)
        }
        var info = Glibc.stat()
        let isDirectory = fstatat(fd, "", &info, FD.emptyPath) == 0 && info.st_mode & S_IFMT == S_IFDIR
        FD.close(fd)
        guard isDirectory else { throw .notADirectory(path: path) }
        let tree = RootedTree(container: container, destination: destination, noOverwriteDirNonDir: noOverwriteDirNonDir)
        var options = EntryWriterOptions()
        options.convertsWhiteouts = false
        switch ownership {
        case .root: options.owner = (0, 0)
        case .archive: options.owner = nil
        case .fixed(let uid, let gid): options.owner = (uid, gid)
        }
        try ArchiveExtraction.run(input: input, into: tree, options: options)
    }

    /// `extract` as the API's `copyUIDGID` flag asks: the archive's owners
    /// when set, root otherwise.
    public static func extract(root: String, path: String, from input: Int32, noOverwriteDirNonDir: Bool,
                               copyUIDGID: Bool) throws(RootfsError) {
        try extract(root: root, path: path, from: input, noOverwriteDirNonDir: noOverwriteDirNonDir,
                    ownership: copyUIDGID ? .archive : .root)
    }

    /// The whole root filesystem as the container sees it, as a tar
    /// (`GET /containers/{id}/export`): entries named from the root down
    /// ("bin", "bin/sh"), the root itself left out, as Docker writes it.
    public static func export(root: String, to output: Int32) throws(RootfsError) {
        let directory = try rootfsSys { () throws(SystemCallError) in try FD.open(root, O_RDONLY | O_DIRECTORY) }
        defer { FD.close(directory) }
        let writer = try rootfsLayer { () throws(LayerError) in try FileTarWriter(output: output, options: .copy) }
        try TreeArchiver.writeContents(of: directory, prefix: "", to: writer)
        _ = try rootfsLayer { () throws(LayerError) in try writer.finish() }
    }

    /// The file at a cleaned path: a final symlink is followed only when the
    /// path asserts a directory, as lstat(2) does with a trailing slash.
    private static func open(_ absolute: String, in container: ContainerRoot) throws(RootfsError) -> Int32 {
        let follows = CopyPath.assertsDirectory(absolute)
        do {
            return try container.open(absolute, followingLast: follows, directory: follows)
        } catch .notFound {
            throw .notFound(path: absolute)
        }
    }

    private static func pathStat(_ fd: Int32, absolute: String, in container: ContainerRoot) throws(RootfsError) -> PathStat {
        var info = Glibc.stat()
        guard fstatat(fd, "", &info, FD.emptyPath) == 0 else { throw .system(SystemCallError("stat", absolute)) }
        let linkTarget = info.st_mode & S_IFMT == S_IFLNK ? try container.resolve(absolute) : ""
        return PathStat(name: CopyPath.base(absolute), size: Int64(info.st_size), mode: GoFileMode.from(info.st_mode),
                        mtime: GoTime.rfc3339(info.st_mtim), linkTarget: linkTarget)
    }
}
