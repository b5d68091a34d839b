import CLinux
import Glibc

/// mount(2) flags, named as in <sys/mount.h>.
public struct MountFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt
    public init(rawValue: UInt) { self.rawValue = rawValue }

    public static let readOnly = MountFlags(rawValue: 1)          // MS_RDONLY
    public static let noSuid = MountFlags(rawValue: 2)            // MS_NOSUID
    public static let noDev = MountFlags(rawValue: 4)             // MS_NODEV
    public static let noExec = MountFlags(rawValue: 8)            // MS_NOEXEC
    public static let synchronous = MountFlags(rawValue: 16)      // MS_SYNCHRONOUS
    public static let remount = MountFlags(rawValue: 32)          // MS_REMOUNT
    public static let mandatoryLock = MountFlags(rawValue: 64)    // MS_MANDLOCK
    public static let dirSync = MountFlags(rawValue: 128)         // MS_DIRSYNC
    public static let noSymlinkFollow = MountFlags(rawValue: 256) // MS_NOSYMFOLLOW
    public static let noAccessTime = MountFlags(rawValue: 1024)   // MS_NOATIME
    public static let noDirAccessTime = MountFlags(rawValue: 2048) // MS_NODIRATIME
    public static let bind = MountFlags(rawValue: 4096)           // MS_BIND
    public static let move = MountFlags(rawValue: 8192)           // MS_MOVE
    public static let recursive = MountFlags(rawValue: 16384)     // MS_REC
    public static let silent = MountFlags(rawValue: 32768)        // MS_SILENT
    public static let unbindable = MountFlags(rawValue: 1 << 17)  // MS_UNBINDABLE
    public static let `private` = MountFlags(rawValue: 1 << 18)   // MS_PRIVATE
    public static let slave = MountFlags(rawValue: 1 << 19)       // MS_SLAVE
    public static let shared = MountFlags(rawValue: 1 << 20)      // MS_SHARED
    public static let relativeAccessTime = MountFlags(rawValue: 1 << 21) // MS_RELATIME
    public static let strictAccessTime = MountFlags(rawValue: 1 << 24)   // MS_STRICTATIME
    public static let lazyTime = MountFlags(rawValue: 1 << 25)    // MS_LAZYTIME

    public static let propagation: MountFlags = [.shared, .slave, .private, .unbindable]
}

public enum Mount {
    public static func mount(source: String, target: String, type: String = "", flags: MountFlags = [], data: String = "") throws(SystemCallError) {
        let result = cl_mount(source, target, type.isEmpty ? nil : type, flags.rawValue, data.isEmpty ? nil : data)
        if result != 0 {
            throw SystemCallError("mount", "\(source) on \(target)\(type.isEmpty ? "" : " (\(type))")")
        }
    }

    /// Changes the propagation type of a mount point (no source, no type).
    public static func setPropagation(_ target: String, _ flags: MountFlags) throws(SystemCallError) {
        if cl_mount(nil, target, nil, flags.rawValue, nil) != 0 {
            throw SystemCallError("mount (propagation)", target)
        }
    }

    public static func unmount(_ target: String, detach: Bool = false) throws(SystemCallError) {
        try check(cl_umount2(target, detach ? 2 /* MNT_DETACH */ : 0), "umount2", target)
    }

    public static func pivotRoot(newRoot: String, putOld: String) throws(SystemCallError) {
        try check(cl_pivot_root(newRoot, putOld), "pivot_root", newRoot)
    }
}
