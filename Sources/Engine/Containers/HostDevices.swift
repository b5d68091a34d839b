import Glibc
import LinuxSupport
import OCI

/// The host's device nodes, for `--privileged`: every character and block
/// device under /dev, as Docker gives a privileged container. Symlinks, and
/// the directories a container gets its own of (pts, shm, mqueue, fd) or that
/// belong to other tools, are left out, as is /dev/console.
enum HostDevices {
    private static let skippedDirectories: Set<String> = ["pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev"]

    static func list(root: String = "/dev") -> [RuntimeSpec.Device] {
        var devices: [RuntimeSpec.Device] = []
        collect(root, into: &devices)
        return devices.sorted { $0.path < $1.path }
    }

    private static func collect(_ directory: String, into devices: inout [RuntimeSpec.Device]) {
        for name in Directory.entries(directory) {
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if !skippedDirectories.contains(name) { collect(path, into: &devices) }
            case S_IFCHR, S_IFBLK:
                guard path != "/dev/console" else { continue }
                let device = UInt64(info.st_rdev)
                devices.append(.init(type: info.st_mode & S_IFMT == S_IFCHR ? "c" : "b", path: path,
                                     major: Int64(DeviceNumber.major(device)), minor: Int64(DeviceNumber.minor(device)),
                                     fileMode: UInt32(info.st_mode & 0o7777), uid: info.st_uid, gid: info.st_gid))
            default:
                continue
            }
        }
    }
}
