import Glibc
import LinuxSupport

/// A vfs container's changes as a layer tar, as Docker writes one from a
/// change list (`ExportChanges`): in path order, a deleted path becomes a
/// `.wh.<name>` whiteout, an added or modified one its entry as the
/// container has it now (a directory alone, its changed children follow as
/// their own entries). Every file is read from the container's tree through
/// descriptors opened beneath it, refusing symlinks on the way.
enum ChangesLayer {
    static func write(changes: [RootfsChange], tree: String, to output: Int32) throws(RootfsError) -> (diffID: String, size: Int64) {
        let root = try rootfsSys { () throws(SystemCallError) in try FD.open(tree, O_RDONLY | O_DIRECTORY | O_NOFOLLOW) }
        defer { FD.close(root) }
        return try rootfsLayer { () throws(LayerError) in
            let writer = try FileTarWriter(output: output, options: .layer)
            for change in changes.sorted(by: { TreeOrder.precedes($0.path, $1.path) }) {
                let name = String(change.path.drop(while: { $0 == "/" }))
                if name.isEmpty { continue }
                if change.kind == .deleted {
                    try writer.addWhiteout(as: LayerDiff.whiteoutName(name))
                    continue
                }
                let parent = Path.parent("/" + name)
                let base = String(name[(name.lastIndex(of: "/").map { name.index(after: $0) } ?? name.startIndex)...])
                let directory: Int32
                do throws(SystemCallError) {
                    directory = parent == "/"
                        ? dup(root)
                        : try FD.open(String(parent.dropFirst()), in: root, flags: O_RDONLY | O_DIRECTORY, resolve: .strictlyBeneath)
                } catch where [ENOENT, ENOTDIR, ELOOP, EXDEV].contains(error.errno) {
                    continue  // gone since the list was made
                } catch {
                    throw .system(error)
                }
                defer { close(directory) }
                try writer.add(base, in: directory, as: name)
            }
            let (diffID, size) = try writer.finish()
            return (diffID, size)
        }
    }
}
