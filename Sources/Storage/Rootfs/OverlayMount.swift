import Glibc
import LinuxSupport

/// Mounts overlayfs from lower dirs (top-most first), an upper and a work
/// dir, as Docker's overlay2 driver does.
enum OverlayMount {
    /// Docker turns the index off (it would tie the upper dir to these exact
    /// lower dirs); redirect_dir and metacopy off keep every change whole in
    /// the upper dir, so the upper dir alone is the container's layer.
    static let preferredOptions = "index=off,redirect_dir=off,metacopy=off"

    static func mount(options: String, lowerDirectories: [String], upper: String, work: String, target: String) throws(SystemCallError) {
        var descriptors: [Int32] = []
        defer { descriptors.forEach(FD.close) }
        var data = options
        // The kernel reads mount options from one page. When the paths do not
        // fit, or hold the option separators, each dir is named by a
        // descriptor opened for this call: /proc/self/fd/N is short and plain.
        let pageLimit = Int(sysconf(Int32(_SC_PAGESIZE))) - 1
        let separators: Set<Character> = [",", ":", "\\"]
        let allPaths = lowerDirectories + [upper, work]
        if preferredOptions.utf8.count + 1 + data.utf8.count > pageLimit || allPaths.contains(where: { $0.contains(where: separators.contains) }) {
            func named(_ path: String) throws(SystemCallError) -> String {
                let fd = try FD.open(path, FD.pathOnly | O_DIRECTORY)
                descriptors.append(fd)
                return FD.procPath(fd)
            }
            var lowers: [String] = []
            for lower in lowerDirectories { lowers.append(try named(lower)) }
            data = "lowerdir=" + lowers.joined(separator: ":") + ",upperdir=" + (try named(upper)) + ",workdir=" + (try named(work))
        }
        do {
            try Mount.mount(source: "overlay", target: target, type: "overlay", data: preferredOptions + "," + data)
        } catch where error.errno == EINVAL {
            // An older kernel that does not know one of the preferred options.
            try Mount.mount(source: "overlay", target: target, type: "overlay", data: data)
        }
    }
}
