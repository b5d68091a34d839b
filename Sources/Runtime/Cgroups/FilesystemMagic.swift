import CLinux
import Glibc
import LinuxSupport

enum FilesystemMagic {
    static let cgroup2: Int = 0x6367_7270
    static let cgroup1: Int = 0x0002_7e0b
    static let tmpfs: Int = 0x0102_1994

    static func of(_ path: String) -> Int? {
        let type = cl_statfs_type(path)
        return type < 0 ? nil : Int(type)
    }
}

/// The few calls the protocol extension needs, kept out of its signature.
enum LinuxSupportShim {
    static func kill(_ pid: Int32, _ signal: Int32) throws {
        try Processes.signal(pid, signal)
    }
}
