import Glibc

extension FileNode {
    /// rename(2): atomically replaces whatever is at `target`.
    public static func rename(_ source: String, to target: String) throws(SystemCallError) {
        try check(Glibc.rename(source, target), "rename", "\(source) to \(target)")
    }

    /// unlink(2) of a non-directory.
    public static func remove(_ path: String) throws(SystemCallError) {
        try check(unlink(path), "unlink", path)
    }
}
