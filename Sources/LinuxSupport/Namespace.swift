import CLinux
import Glibc

/// The Linux namespace kinds, with their clone flag and /proc/PID/ns name.
public enum NamespaceKind: String, CaseIterable, Sendable {
    case user, mount, pid, network, ipc, uts, cgroup, time

    public var cloneFlag: Int32 {
        switch self {
        case .user: 0x1000_0000     // CLONE_NEWUSER
        case .mount: 0x0002_0000    // CLONE_NEWNS
        case .pid: 0x2000_0000      // CLONE_NEWPID
        case .network: 0x4000_0000  // CLONE_NEWNET
        case .ipc: 0x0800_0000      // CLONE_NEWIPC
        case .uts: 0x0400_0000      // CLONE_NEWUTS
        case .cgroup: 0x0200_0000   // CLONE_NEWCGROUP
        case .time: 0x0000_0080     // CLONE_NEWTIME
        }
    }

    /// The entry name under /proc/PID/ns/.
    public var procName: String {
        switch self {
        case .user: "user"
        case .mount: "mnt"
        case .pid: "pid"
        case .network: "net"
        case .ipc: "ipc"
        case .uts: "uts"
        case .cgroup: "cgroup"
        case .time: "time"
        }
    }
}

public enum Namespaces {
    public static func unshare(_ kinds: [NamespaceKind]) throws(SystemCallError) {
        let flags = kinds.reduce(Int32(0)) { $0 | $1.cloneFlag }
        if flags == 0 { return }
        try check(cl_unshare(flags), "unshare", kinds.map(\.rawValue).joined(separator: ","))
    }

    /// Joins the namespace behind `path` (e.g. /proc/123/ns/net).
    public static func join(path: String, kind: NamespaceKind) throws(SystemCallError) {
        let fd = try FD.open(path, O_RDONLY)
        defer { FD.close(fd) }
        try join(fd: fd, kind: kind, subject: path)
    }

    public static func join(fd: Int32, kind: NamespaceKind, subject: String) throws(SystemCallError) {
        try check(cl_setns(fd, kind.cloneFlag), "setns", subject)
    }

    /// True when two paths name the same namespace (same inode on nsfs).
    public static func same(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}
