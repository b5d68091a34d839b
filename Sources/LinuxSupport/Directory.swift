import CLinux
import Glibc

public enum Directory {
    /// mkdir -p: creates `path` and its missing parents with `mode`.
    public static func create(_ path: String, mode: mode_t = 0o755) throws(SystemCallError) {
        if path.isEmpty || path == "/" { return }
        var st = stat()
        if stat(path, &st) == 0 {
            if st.st_mode & S_IFMT == S_IFDIR { return }
            throw SystemCallError("mkdir", path, errno: ENOTDIR)
        }
        let parent = Path.parent(path)
        if parent != path { try create(parent, mode: mode) }
        if mkdir(path, mode) != 0 && errno != EEXIST { throw SystemCallError("mkdir", path) }
    }

    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFDIR
    }

    /// Names in a directory, without "." and "..".
    public static func entries(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// rm -rf without following symlinks; stays on regular files and directories.
    public static func removeTree(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if st.st_mode & S_IFMT == S_IFDIR {
            for name in entries(path) { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}

public enum FileNode {
    public enum Kind: Sendable { case character, block, fifo }

    public static func make(_ path: String, kind: Kind, mode: mode_t, major: UInt32, minor: UInt32) throws(SystemCallError) {
        let type: mode_t = switch kind {
        case .character: S_IFCHR
        case .block: S_IFBLK
        case .fifo: S_IFIFO
        }
        try check(cl_mknod(path, type | (mode & 0o7777), major, minor), "mknod", path)
    }

    /// Creates an empty regular file if nothing is at `path` (a bind-mount target).
    public static func touch(_ path: String, mode: mode_t = 0o644) throws(SystemCallError) {
        let fd = try FD.open(path, O_WRONLY | O_CREAT, mode: mode)
        FD.close(fd)
    }

    public static func isDirectory(_ path: String) -> Bool { Directory.exists(path) }
}

/// Lexical path helpers (no filesystem access).
public enum Path {
    public static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// Joins and cleans: resolves "." and "..", never climbing above `/`.
    public static func clean(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    public static func join(_ base: String, _ relative: String) -> String {
        relative.hasPrefix("/") ? relative : (base.hasSuffix("/") ? base + relative : base + "/" + relative)
    }
}
