import Glibc
import LinuxSupport

/// Unpacked layers, one directory per chain ID (`<root>/<hex>`), each the
/// lower dir of overlay mounts. A snapshot is filled in a temporary
/// directory and renamed into place, so one is either complete or absent;
/// temporaries left by a crash are removed when the store opens.
public struct SnapshotStore: Sendable {
    public let root: String
    /// The kernel's overlayfs takes at most this many lower dirs in practice
    /// (the mount options must fit one page); Docker enforces the same.
    public static let maxDepth = 125
    private static let temporaryPrefix = "tmp-"

    public init(root: String) throws(LayerError) {
        self.root = root
        try layerSys { () throws(SystemCallError) in try Directory.create(root, mode: 0o700) }
        for name in Directory.entries(root) where name.hasPrefix(Self.temporaryPrefix) {
            Directory.removeTree(root + "/" + name)
        }
    }

    private func hex(_ chainID: String) -> String {
        chainID.hasPrefix("sha256:") ? String(chainID.dropFirst(7)) : chainID
    }

    public func path(_ chainID: String) -> String { root + "/" + hex(chainID) }
    public func exists(_ chainID: String) -> Bool { Directory.exists(path(chainID)) }

    public func create(_ chainID: String, fill: (String) throws(LayerError) -> Void) throws(LayerError) {
        if exists(chainID) { return }
        var template = Array((root + "/" + Self.temporaryPrefix + hex(chainID).prefix(12) + "-XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw .system(SystemCallError("mkdtemp", root))
        }
        let temporary = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // The unpacker creates the tree itself, so it gets a path that does not exist yet.
        let tree = temporary + "/fs"
        do throws(LayerError) {
            try fill(tree)
            guard rename(tree, path(chainID)) == 0 else {
                if errno == EEXIST || errno == ENOTEMPTY { Directory.removeTree(temporary); return }
                throw LayerError.system(SystemCallError("rename", path(chainID)))
            }
            rmdir(temporary)
            let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd >= 0 { fsync(fd); close(fd) }
        } catch {
            Directory.removeTree(temporary)
            throw error
        }
    }

    public func remove(_ chainID: String) throws(LayerError) {
        // Rename first: a crash mid-removal leaves a temporary, not half a snapshot.
        let doomed = root + "/" + Self.temporaryPrefix + "rm-" + hex(chainID)
        guard rename(path(chainID), doomed) == 0 else {
            if errno == ENOENT { return }
            throw .system(SystemCallError("rename", path(chainID)))
        }
        Directory.removeTree(doomed)
    }

    /// Chain IDs ("sha256:…") of the snapshots present.
    public func list() -> [String] {
        Directory.entries(root).filter { !$0.hasPrefix(Self.temporaryPrefix) }.map { "sha256:" + $0 }
    }

    /// overlay mount options for `lowers` (chain IDs, top-most first).
    public func overlayOptions(lowers: [String], upper: String, work: String) throws(LayerError) -> String {
        guard lowers.count <= Self.maxDepth else { throw .maxDepthExceeded(lowers.count) }
        return "lowerdir=" + lowers.map(path).joined(separator: ":") + ",upperdir=" + upper + ",workdir=" + work
    }
}
