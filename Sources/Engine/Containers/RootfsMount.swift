import Glibc
import LinuxSupport
import Storage

/// The container's root filesystem: its image's snapshots stacked under its
/// own upper dir (overlay, or a copy where overlay is unavailable or the
/// daemon is set to vfs), mounted at `rootfs` while it runs.
struct RootfsMount {
    let paths: ContainerPaths
    let snapshots: SnapshotStore
    /// What the container was created with ("overlay2" or "vfs").
    let driver: String
    let forceCopy: Bool

    var isMounted: Bool {
        var inner = stat()
        var outer = stat()
        guard lstat(paths.rootfs, &inner) == 0, lstat(paths.directory, &outer) == 0 else { return false }
        return inner.st_dev != outer.st_dev || inner.st_ino != outer.st_ino && Self.isMountPoint(paths.rootfs)
    }

    /// A bind mount of a directory on the same file system keeps its device number.
    private static func isMountPoint(_ path: String) -> Bool {
        guard let text = try? SmallFile.read("/proc/self/mountinfo") else { return false }
        return text.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            return fields.count > 4 && fields[4] == path
        }
    }

    /// Mounts and returns the driver used.
    @discardableResult
    func mount(layers: [String]) throws(EngineError) -> RootfsDriver {
        let choice: RootfsDriverChoice = driver == "vfs" || forceCopy ? .vfs : .automatic
        do {
            return try RootfsMounter(snapshots: snapshots).mount(lowers: layers, upper: paths.upper, work: paths.work,
                                                                   target: paths.rootfs, driver: choice)
        } catch {
            if case .layer(.maxDepthExceeded) = error { throw .invalid("\(error)") }
            throw .internalError("\(error)")
        }
    }

    func unmount() {
        try? RootfsMounter.unmount(paths.rootfs)
    }
}
