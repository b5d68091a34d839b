import Glibc
import LinuxSupport

/// A stack of directory trees (top-most first) read as overlayfs merges
/// them, without mounting anything: the top-most entry of a name wins,
/// directories of the same name merge, and — when the trees are overlay
/// layers — a whiteout (0/0 character device) hides the name below and an
/// opaque directory hides everything below it. Every directory is opened
/// from its layer's root refusing symlinks, so a container changing its
/// upper dir meanwhile cannot make this read anything outside it.
final class LayeredTree {
    struct Node {
        var info: stat
        /// The layer the entry comes from.
        var layer: Int
        /// For a directory: the layers whose directories merge into it, top-most first.
        var directoryLayers: [Int]
        /// `security.capability`, which Docker compares as part of a file's metadata.
        var capability: [UInt8]?
        var linkTarget: String?

        var isDirectory: Bool { info.st_mode & S_IFMT == S_IFDIR }
    }

    private let layers: [Int32]
    private let overlayMarkers: Bool
    let root: Node

    /// `overlayMarkers`: whether whiteouts and opaque directories mean what
    /// they mean to overlayfs (layers and overlay upper dirs), or are plain
    /// files (a vfs container's tree).
    init(directories: [String], overlayMarkers: Bool) throws(RootfsError) {
        var opened: [Int32] = []
        for directory in directories {
            do throws(SystemCallError) {
                opened.append(try FD.open(directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW))
            } catch {
                opened.forEach(FD.close)
                throw .system(error)
            }
        }
        layers = opened
        self.overlayMarkers = overlayMarkers
        var info = stat()
        if let top = opened.first { fstat(top, &info) } else { info.st_mode = S_IFDIR | 0o755 }
        root = Node(info: info, layer: 0, directoryLayers: Array(opened.indices))
    }

    deinit { layers.forEach(FD.close) }

    /// The entries of the directory `node` at `path` (relative to the top, "" for the root).
    func children(of node: Node, at path: String) throws(RootfsError) -> [String: Node] {
        var merged: [String: Node] = [:]
        // Names settled by a layer above: a file, a whiteout, an opaque directory.
        var settled: Set<String> = []
        for layer in node.directoryLayers {
            guard let directory = try open(path, in: layer) else { continue }
            defer { if directory != layers[layer] { close(directory) } }
            let entries = try rootfsSys { () throws(SystemCallError) in try Directory.entries(of: directory, subject: path) }
            for entry in entries where !settled.contains(entry.name) {
                let name = entry.name
                var info = stat()
                guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                    if errno == ENOENT { continue }  // removed meanwhile
                    throw .system(SystemCallError("lstat", path.isEmpty ? name : path + "/" + name))
                }
                let isWhiteout = overlayMarkers && info.st_mode & S_IFMT == S_IFCHR && info.st_rdev == 0
                let isDirectory = info.st_mode & S_IFMT == S_IFDIR
                let hidesBelow = !isDirectory || isWhiteout || (overlayMarkers && LayerDiff.isOpaque(name, in: directory))
                if var above = merged[name] {
                    // A directory from a layer above, still merging with what is below.
                    if isDirectory { above.directoryLayers.append(layer); merged[name] = above }
                    if hidesBelow { settled.insert(name) }
                    continue
                }
                if hidesBelow { settled.insert(name) }
                if isWhiteout { continue }
                merged[name] = Node(
                    info: info, layer: layer, directoryLayers: isDirectory ? [layer] : [],
                    capability: ExtendedAttributes.value("security.capability", of: FD.procPath(directory, name)),
                    linkTarget: info.st_mode & S_IFMT == S_IFLNK ? Self.readLink(name, in: directory) : nil)
            }
        }
        return merged
    }

    /// The directory at `path` in one layer, or nil when that layer has no
    /// such directory (any more).
    private func open(_ path: String, in layer: Int) throws(RootfsError) -> Int32? {
        if path.isEmpty { return layers[layer] }
        do {
            return try FD.open(path, in: layers[layer], flags: O_RDONLY | O_DIRECTORY, resolve: .strictlyBeneath)
        } catch where [ENOENT, ENOTDIR, ELOOP, EXDEV].contains(error.errno) {
            return nil
        } catch {
            throw .system(error)
        }
    }

    private static func readLink(_ name: String, in directory: Int32) -> String? {
        var target = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlinkat(directory, name, &target, target.count)
        return n >= 0 ? String(decoding: target[..<n], as: UTF8.self) : nil
    }
}
