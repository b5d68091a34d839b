import Glibc

/// A container's changes to its image, as `docker diff` lists them.
/// Both drivers compare two views, as Docker does for overlay2 and vfs
/// alike (its `ChangesDirs`): the container's tree against the image's
/// merged layers. A file is modified when its type, mode, owner, device
/// number, capability or link target differ, or — for anything but a
/// directory — its size or mtime; contents are not read. A directory holding
/// a change is listed as modified itself. Entries the two views share
/// (same device and inode: an overlay lower dir not copied up) are skipped
/// with everything below them.
public enum RootfsChanges {
    /// `lowers` are the image's chain IDs, top-most first; `upper` the
    /// container's upper dir (for vfs, its whole tree).
    public static func list(snapshots: SnapshotStore, lowers: [String], upper: String,
                            driver: RootfsDriver) throws(RootfsError) -> [RootfsChange] {
        let directories = try RootfsMounter(snapshots: snapshots).lowerDirectories(lowers)
        return try list(lowerDirectories: directories, upper: upper, driver: driver)
    }

    static func list(lowerDirectories: [String], upper: String, driver: RootfsDriver) throws(RootfsError) -> [RootfsChange] {
        let container = switch driver {
        case .overlay: try LayeredTree(directories: [upper] + lowerDirectories, overlayMarkers: true)
        case .vfs: try LayeredTree(directories: [upper], overlayMarkers: false)
        }
        let image = try LayeredTree(directories: lowerDirectories, overlayMarkers: true)
        var comparison = TreeComparison(container: container, image: image)
        try comparison.compare(path: "", container: container.root, image: image.root, reported: false)
        return comparison.changes.sorted { TreeOrder.precedes($0.path, $1.path) }
    }
}

/// The walk of Docker's `ChangesDirs`, over two `LayeredTree`s.
private struct TreeComparison {
    let container: LayeredTree
    let image: LayeredTree
    var changes: [RootfsChange] = []

    /// `reported`: the entry itself is already listed (added or modified).
    mutating func compare(path: String, container node: LayeredTree.Node, image original: LayeredTree.Node?,
                          reported: Bool) throws(RootfsError) {
        let start = changes.count
        var reported = reported
        if original == nil {
            changes.append(RootfsChange(path: "/" + path, kind: .added))
            reported = true
        }
        guard node.isDirectory else { return }
        var children = try container.children(of: node, at: path)
        var originals = try original.map { (original) throws(RootfsError) in
            original.isDirectory ? try image.children(of: original, at: path) : [:]
        } ?? [:]
        // What both views take from the same file is unchanged, below too.
        for (name, child) in children {
            if let other = originals[name], other.info.st_dev == child.info.st_dev, other.info.st_ino == child.info.st_ino {
                children[name] = nil
                originals[name] = nil
            }
        }
        for name in children.keys.sorted(by: TreeOrder.precedes) {
            let child = children[name]!
            let childPath = path.isEmpty ? name : path + "/" + name
            let other = originals.removeValue(forKey: name)
            var childReported = false
            if let other, Self.differs(child, other) {
                changes.append(RootfsChange(path: "/" + childPath, kind: .modified))
                childReported = true
            }
            try compare(path: childPath, container: child, image: other, reported: childReported)
        }
        for name in originals.keys.sorted(by: TreeOrder.precedes) {
            changes.append(RootfsChange(path: "/" + (path.isEmpty ? name : path + "/" + name), kind: .deleted))
        }
        // A directory holding changes is listed too, before them, so that a
        // layer made from the list restores its metadata.
        if changes.count > start && !reported && !path.isEmpty {
            changes.insert(RootfsChange(path: "/" + path, kind: .modified), at: start)
        }
    }

    /// Docker's `statDifferent`, plus capability and link target.
    static func differs(_ a: LayeredTree.Node, _ b: LayeredTree.Node) -> Bool {
        if a.info.st_mode != b.info.st_mode || a.info.st_uid != b.info.st_uid || a.info.st_gid != b.info.st_gid
            || a.info.st_rdev != b.info.st_rdev || a.capability != b.capability || a.linkTarget != b.linkTarget {
            return true
        }
        // A directory's size and mtime change with its entries: not a change of its own.
        if a.isDirectory { return false }
        return a.info.st_size != b.info.st_size || !sameTime(a.info.st_mtim, b.info.st_mtim)
    }

    /// Tar keeps whole seconds: a time that lost its nanoseconds on the way
    /// through a tar is the same time.
    static func sameTime(_ a: timespec, _ b: timespec) -> Bool {
        a.tv_sec == b.tv_sec && (a.tv_nsec == b.tv_nsec || a.tv_nsec == 0 || b.tv_nsec == 0)
    }
}
