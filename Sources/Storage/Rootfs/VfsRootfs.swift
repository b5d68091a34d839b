import Glibc
import LinuxSupport

/// The vfs driver: the image's layers copied once into the container's
/// upper dir, which is then bind-mounted as its root. A marker in the work
/// dir (which vfs does not otherwise use) records a finished copy: a
/// remount keeps the container's changes, while a copy cut short by a crash
/// is thrown away and started over.
enum VfsRootfs {
    static let markerName = "vfs-copied"

    static func mount(lowerDirectories: [String], upper: String, work: String, target: String) throws(RootfsError) {
        try populate(lowerDirectories: lowerDirectories, upper: upper, work: work)
        try rootfsSys { () throws(SystemCallError) in try Mount.mount(source: upper, target: target, flags: [.bind]) }
    }

    static func isPopulated(work: String) -> Bool {
        SmallFile.exists(work + "/" + markerName)
    }

    /// Copies the layers bottom-first into `upper`, unless done before.
    static func populate(lowerDirectories: [String], upper: String, work: String) throws(RootfsError) {
        if isPopulated(work: work) { return }
        let target = try rootfsSys { () throws(SystemCallError) in try FD.open(upper, O_RDONLY | O_DIRECTORY | O_NOFOLLOW) }
        defer { FD.close(target) }
        try rootfsSys { () throws(SystemCallError) in try Directory.removeContents(of: target, subject: upper) }
        for layer in lowerDirectories.reversed() {
            try LayerCopier.copy(layer: layer, onto: target)
        }
        // The copy must be on disk before the marker says it is.
        try rootfsSys { () throws(SystemCallError) in
            try FD.syncFileSystem(target, subject: upper)
            try SmallFile.writeAtomically(work + "/" + markerName, lowerDirectories.joined(separator: "\n") + "\n")
        }
    }
}
