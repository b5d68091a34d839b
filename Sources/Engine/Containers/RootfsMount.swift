import Glibc
import LinuxSupport
import Storage

/// The container's root filesystem: its image's snapshots as overlay lower
/// dirs under its own upper dir, mounted at `rootfs` while it runs.
struct RootfsMount {
    let paths: ContainerPaths
    let snapshots: SnapshotStore

    var isMounted: Bool {
        var inner = stat()
        var outer = stat()
        guard lstat(paths.rootfs, &inner) == 0, lstat(paths.directory, &outer) == 0 else { return false }
        return inner.st_dev != outer.st_dev
    }

    func mount(layers: [String]) throws(EngineError) {
        if isMounted { return }
        try engineCall { () throws(SystemCallError) in
            try Directory.create(paths.upper, mode: 0o755)
            try Directory.create(paths.work, mode: 0o700)
            try Directory.create(paths.rootfs, mode: 0o755)
        }
        var lowers = layers
        if lowers.isEmpty {
            // overlay needs a lower dir; an image without layers gets an empty one.
            let empty = paths.directory + "/empty"
            try engineCall { () throws(SystemCallError) in try Directory.create(empty, mode: 0o755) }
            lowers = []
            let options = "lowerdir=\(empty),upperdir=\(paths.upper),workdir=\(paths.work)"
            try engineCall { () throws(SystemCallError) in try Mount.mount(source: "overlay", target: paths.rootfs, type: "overlay", data: options) }
            return
        }
        for chainID in lowers where !snapshots.exists(chainID) {
            throw .internalError("the image's layer \(chainID) is missing from the store")
        }
        let options: String
        do { options = try snapshots.overlayOptions(lowers: lowers, upper: paths.upper, work: paths.work) } catch {
            throw .invalid("\(error)")
        }
        try engineCall { () throws(SystemCallError) in
            try Mount.mount(source: "overlay", target: paths.rootfs, type: "overlay", data: options + ",index=off,redirect_dir=off")
        }
    }

    func unmount() {
        guard isMounted else { return }
        do {
            try Mount.unmount(paths.rootfs)
        } catch {
            try? Mount.unmount(paths.rootfs, detach: true)
        }
    }
}
