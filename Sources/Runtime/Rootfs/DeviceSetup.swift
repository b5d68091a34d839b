import Glibc
import LinuxSupport
import OCI

/// The container's /dev: the default nodes every container gets, the spec's
/// devices, and the conventional symlinks.
struct DeviceSetup {
    let rootfs: String
    let inUserNamespace: Bool

    static let defaults: [RuntimeSpec.Device] = [
        .init(type: "c", path: "/dev/null", major: 1, minor: 3, fileMode: 0o666, uid: 0, gid: 0),
        .init(type: "c", path: "/dev/zero", major: 1, minor: 5, fileMode: 0o666, uid: 0, gid: 0),
        .init(type: "c", path: "/dev/full", major: 1, minor: 7, fileMode: 0o666, uid: 0, gid: 0),
        .init(type: "c", path: "/dev/random", major: 1, minor: 8, fileMode: 0o666, uid: 0, gid: 0),
        .init(type: "c", path: "/dev/urandom", major: 1, minor: 9, fileMode: 0o666, uid: 0, gid: 0),
        .init(type: "c", path: "/dev/tty", major: 5, minor: 0, fileMode: 0o666, uid: 0, gid: 0),
    ]

    func populate(extra: [RuntimeSpec.Device]) throws(RuntimeError) {
        let extraPaths = Set(extra.map(\.path))
        try createSpecDevices(Self.defaults.filter { !extraPaths.contains($0.path) } + extra)
        let links: [(String, String)] = [
            ("/proc/self/fd", "/dev/fd"), ("/proc/self/fd/0", "/dev/stdin"),
            ("/proc/self/fd/1", "/dev/stdout"), ("/proc/self/fd/2", "/dev/stderr"),
            ("pts/ptmx", "/dev/ptmx"),
        ] + (SmallFile.exists("/proc/kcore") ? [("/proc/kcore", "/dev/core")] : [])
        for (target, link) in links {
            let path = try SecurePath.resolve(root: rootfs, link)
            unlink(path)
            if symlink(target, path) != 0 && errno != EEXIST { throw .system(SystemCallError("symlink", path)) }
        }
    }

    func createSpecDevices(_ devices: [RuntimeSpec.Device]) throws(RuntimeError) {
        let oldMask = umask(0)
        defer { umask(oldMask) }
        for device in devices {
            try create(device)
        }
    }

    private func create(_ device: RuntimeSpec.Device) throws(RuntimeError) {
        let path = try SecurePath.resolve(root: rootfs, device.path)
        try sys { () throws(SystemCallError) in
            try Directory.create(Path.parent(path))
            unlink(path)
            // In a user namespace mknod is refused: bind the host's node instead.
            if inUserNamespace {
                try FileNode.touch(path, mode: 0o600)
                try Mount.mount(source: device.path, target: path, type: "bind", flags: [.bind])
                return
            }
            let kind: FileNode.Kind = switch device.type {
            case "b": .block
            case "p": .fifo
            default: .character
            }
            try FileNode.make(path, kind: kind, mode: mode_t(device.fileMode ?? 0o666),
                              major: UInt32(device.major ?? 0), minor: UInt32(device.minor ?? 0))
            try check(chown(path, device.uid ?? 0, device.gid ?? 0), "chown", path)
        }
    }
}
