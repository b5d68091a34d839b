import Glibc
import LinuxSupport

/// Puts a container's root filesystem together at a mount point from its
/// image's snapshots and its own upper and work dirs, and takes it apart.
public struct RootfsMounter: Sendable {
    public let snapshots: SnapshotStore

    public init(snapshots: SnapshotStore) {
        self.snapshots = snapshots
    }

    /// Mounts the root filesystem at `target`. `lowers` are the image's chain
    /// IDs, top-most first. Missing upper, work and target dirs are made.
    /// Returns the driver used, to be recorded with the container: its
    /// changes and its commit are read according to it. `.automatic` uses
    /// overlay and falls back to vfs when the kernel has no overlayfs.
    @discardableResult
    public func mount(lowers: [String], upper: String, work: String, target: String,
                      driver: RootfsDriverChoice) throws(RootfsError) -> RootfsDriver {
        try rootfsSys { () throws(SystemCallError) in
            try Directory.create(upper, mode: 0o755)
            try Directory.create(work, mode: 0o700)
            try Directory.create(target, mode: 0o755)
        }
        switch driver {
        case .overlay:
            try mountOverlay(lowers: lowers, upper: upper, work: work, target: target)
            return .overlay
        case .vfs:
            try VfsRootfs.mount(lowerDirectories: try lowerDirectories(lowers), upper: upper, work: work, target: target)
            return .vfs
        case .automatic:
            do {
                try mountOverlay(lowers: lowers, upper: upper, work: work, target: target)
                return .overlay
            } catch .system(let error) where error.errno == ENODEV {
                try VfsRootfs.mount(lowerDirectories: try lowerDirectories(lowers), upper: upper, work: work, target: target)
                return .vfs
            }
        }
    }

    /// Unmounts a root filesystem. One that is not mounted is left as it is;
    /// one still in use is detached, to go once its last user is gone.
    public static func unmount(_ target: String) throws(RootfsError) {
        do {
            try Mount.unmount(target)
        } catch where error.errno == EINVAL || error.errno == ENOENT {
            return
        } catch where error.errno == EBUSY {
            try rootfsSys { () throws(SystemCallError) in try Mount.unmount(target, detach: true) }
        } catch {
            throw .system(error)
        }
    }

    /// The snapshot dirs of `lowers`, each checked to be in the store.
    func lowerDirectories(_ lowers: [String]) throws(RootfsError) -> [String] {
        for chainID in lowers where !snapshots.exists(chainID) { throw .missingSnapshot(chainID) }
        return lowers.map(snapshots.path)
    }

    private func mountOverlay(lowers: [String], upper: String, work: String, target: String) throws(RootfsError) {
        // The depth first: a too-deep image is refused whatever its snapshots.
        let stacked = try rootfsLayer { () throws(LayerError) in try snapshots.overlayOptions(lowers: lowers, upper: upper, work: work) }
        var directories = try lowerDirectories(lowers)
        var options = stacked
        if directories.isEmpty {
            // overlay needs a lower dir; an image without layers gets an empty one.
            let empty = Path.parent(upper) + "/empty"
            try rootfsSys { () throws(SystemCallError) in try Directory.create(empty, mode: 0o755) }
            directories = [empty]
            options = "lowerdir=" + empty + ",upperdir=" + upper + ",workdir=" + work
        }
        try rootfsSys { () throws(SystemCallError) in
            try OverlayMount.mount(options: options, lowerDirectories: directories, upper: upper, work: work, target: target)
        }
    }
}
