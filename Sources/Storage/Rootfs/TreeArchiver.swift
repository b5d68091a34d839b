import Glibc
import LinuxSupport

/// Writes everything below a directory to a tar, in name order, as
/// Docker's tarballer walks a tree: symlinks are entries, never followed;
/// entries that vanish meanwhile (a running container) are left out.
enum TreeArchiver {
    /// `prefix` comes before every name: "etc/", "./", "/" or "".
    static func writeContents(of directory: Int32, prefix: String, to writer: FileTarWriter) throws(RootfsError) {
        let entries: [DirectoryEntry]
        do {
            entries = try Directory.entries(of: directory, subject: prefix)
        } catch {
            throw .system(error)
        }
        for name in entries.map(\.name).sorted(by: TreeOrder.precedes) {
            let archiveName = prefix + name
            let added = try rootfsLayer { () throws(LayerError) in try writer.add(name, in: directory, as: archiveName) }
            guard let info = added, info.st_mode & S_IFMT == S_IFDIR else { continue }
            let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0 else {
                if [ENOENT, ENOTDIR, ELOOP].contains(errno) { continue }  // replaced meanwhile
                throw .system(SystemCallError("open", archiveName))
            }
            defer { close(child) }
            try writeContents(of: child, prefix: archiveName + "/", to: writer)
        }
    }
}
