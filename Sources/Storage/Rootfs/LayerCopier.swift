import Glibc
import LinuxSupport

/// Copies one unpacked layer onto a directory, giving what overlayfs shows
/// with the layer stacked on top: a whiteout (0/0 character device) removes
/// the path below, an opaque directory (`trusted.overlay.opaque=y`) hides
/// everything below it, anything else replaces what was there; directories
/// merge. Owners, modes (setuid included), extended attributes (but
/// overlay's own), symlinks, device nodes, times and hard links within the
/// layer are kept. Both trees are walked through descriptors, never
/// following a symlink.
struct LayerCopier {
    private struct FileIdentity: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    private let targetRoot: Int32
    /// The first copy of each file the layer links more than once, relative to the target.
    private var linkTargets: [FileIdentity: String] = [:]

    static func copy(layer: String, onto target: Int32) throws(RootfsError) {
        let source = try rootfsSys { () throws(SystemCallError) in try FD.open(layer, O_RDONLY | O_DIRECTORY | O_NOFOLLOW) }
        defer { FD.close(source) }
        var copier = LayerCopier(targetRoot: target)
        try copier.copyDirectory(source, onto: target, relative: "")
    }

    private init(targetRoot: Int32) { self.targetRoot = targetRoot }

    private mutating func copyDirectory(_ source: Int32, onto target: Int32, relative: String) throws(RootfsError) {
        let entries = try rootfsSys { () throws(SystemCallError) in try Directory.entries(of: source, subject: relative) }
        for entry in entries {
            let name = entry.name
            let path = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard fstatat(source, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { throw .system(SystemCallError("lstat", path)) }
            let type = info.st_mode & S_IFMT
            if type == S_IFCHR && info.st_rdev == 0 {
                try rootfsSys { () throws(SystemCallError) in try Directory.removeTree(named: name, in: target) }
            } else if type == S_IFDIR {
                try copySubdirectory(name, info, from: source, onto: target, path: path)
            } else {
                try rootfsSys { () throws(SystemCallError) in try Directory.removeTree(named: name, in: target) }
                try copyFile(name, info, from: source, onto: target, path: path)
            }
        }
    }

    private mutating func copySubdirectory(_ name: String, _ info: stat, from source: Int32, onto target: Int32, path: String) throws(RootfsError) {
        var existing = stat()
        let exists = fstatat(target, name, &existing, AT_SYMLINK_NOFOLLOW) == 0
        if exists && existing.st_mode & S_IFMT != S_IFDIR {
            try rootfsSys { () throws(SystemCallError) in try Directory.removeTree(named: name, in: target) }
        }
        if !exists || existing.st_mode & S_IFMT != S_IFDIR {
            guard mkdirat(target, name, 0o700) == 0 else { throw .system(SystemCallError("mkdir", path)) }
        }
        let childSource = openat(source, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard childSource >= 0 else { throw .system(SystemCallError("open", path)) }
        defer { close(childSource) }
        let childTarget = openat(target, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard childTarget >= 0 else { throw .system(SystemCallError("open", path)) }
        defer { close(childTarget) }
        if LayerDiff.isOpaque(name, in: source) {
            try rootfsSys { () throws(SystemCallError) in try Directory.removeContents(of: childTarget, subject: path) }
        }
        try copyDirectory(childSource, onto: childTarget, relative: path)
        // After the children: creating them changed the directory's mtime.
        try applyOwnerAndMode(info, fd: childTarget, path: path)
        try copyAttributes(from: FD.procPath(source, name), to: FD.procPath(target, name), path: path)
        var times = [info.st_atim, info.st_mtim]
        guard futimens(childTarget, &times) == 0 else { throw .system(SystemCallError("utimens", path)) }
    }

    private mutating func copyFile(_ name: String, _ info: stat, from source: Int32, onto target: Int32, path: String) throws(RootfsError) {
        let type = info.st_mode & S_IFMT
        let identity = FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        if info.st_nlink > 1, let first = linkTargets[identity] {
            let existing = try rootfsSys { () throws(SystemCallError) in
                try FD.open(first, in: targetRoot, flags: FD.pathOnly | O_NOFOLLOW, resolve: .strictlyBeneath)
            }
            defer { FD.close(existing) }
            guard linkat(existing, "", target, name, FD.emptyPath) == 0 else { throw .system(SystemCallError("link", path)) }
            return
        }
        switch type {
        case S_IFREG:
            let input = openat(source, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard input >= 0 else { throw .system(SystemCallError("open", path)) }
            defer { close(input) }
            let output = openat(target, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard output >= 0 else { throw .system(SystemCallError("create", path)) }
            defer { close(output) }
            try rootfsSys { () throws(SystemCallError) in try FD.copyContents(from: input, to: output, subject: path) }
            try applyOwnerAndMode(info, fd: output, path: path)
        case S_IFLNK:
            let linkTarget = try rootfsLayer { () throws(LayerError) in
                let fd = openat(source, name, FD.pathOnly | O_NOFOLLOW | O_CLOEXEC)
                guard fd >= 0 else { throw .system(SystemCallError("open", path)) }
                defer { close(fd) }
                return try FileTarWriter.linkTarget(fd, path)
            }
            guard symlinkat(linkTarget, target, name) == 0 else { throw .system(SystemCallError("symlink", path)) }
            guard fchownat(target, name, info.st_uid, info.st_gid, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw .system(SystemCallError("lchown", path))
            }
        default:
            // Device nodes, fifos and sockets: the node itself, not its content.
            guard mknodat(target, name, type | (info.st_mode & 0o7777), info.st_rdev) == 0 else {
                throw .system(SystemCallError("mknod", path))
            }
            guard fchownat(target, name, info.st_uid, info.st_gid, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw .system(SystemCallError("chown", path))
            }
            // mknod applies the umask; the layer's mode wins.
            guard fchmodat(target, name, info.st_mode & 0o7777, 0) == 0 else { throw .system(SystemCallError("chmod", path)) }
        }
        try copyAttributes(from: FD.procPath(source, name), to: FD.procPath(target, name), path: path)
        var times = [info.st_atim, info.st_mtim]
        guard utimensat(target, name, &times, AT_SYMLINK_NOFOLLOW) == 0 else { throw .system(SystemCallError("utimens", path)) }
        if info.st_nlink > 1 { linkTargets[identity] = path }
    }

    /// chown before chmod: chown clears setuid and setgid bits.
    private func applyOwnerAndMode(_ info: stat, fd: Int32, path: String) throws(RootfsError) {
        guard fchown(fd, info.st_uid, info.st_gid) == 0 else { throw .system(SystemCallError("chown", path)) }
        guard fchmod(fd, info.st_mode & 0o7777) == 0 else { throw .system(SystemCallError("chmod", path)) }
    }

    /// Every attribute but overlay's own: those are markers, already applied.
    private func copyAttributes(from source: String, to target: String, path: String) throws(RootfsError) {
        for name in ExtendedAttributes.names(source) where !name.hasPrefix("trusted.overlay.") {
            guard let value = ExtendedAttributes.value(name, of: source) else { continue }
            do { try ExtendedAttributes.set(name, value, on: target) } catch where error.errno == ENOTSUP {
                continue  // the container's file system keeps no such attributes
            } catch {
                throw .system(SystemCallError(error.call, path, errno: error.errno))
            }
        }
    }
}
