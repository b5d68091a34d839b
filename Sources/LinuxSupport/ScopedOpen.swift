import CLinux
import Glibc

/// openat2(2)'s RESOLVE_* flags: which jumps a path walk may take.
public struct ResolveFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let noMountCrossings = ResolveFlags(rawValue: 0x01) // RESOLVE_NO_XDEV
    /// No /proc/self/fd-style links, which point anywhere regardless of roots.
    public static let noMagicLinks = ResolveFlags(rawValue: 0x02)     // RESOLVE_NO_MAGICLINKS
    public static let noSymlinks = ResolveFlags(rawValue: 0x04)       // RESOLVE_NO_SYMLINKS
    /// Fail (EXDEV) rather than leave the starting directory.
    public static let beneath = ResolveFlags(rawValue: 0x08)          // RESOLVE_BENEATH
    /// Treat the starting directory as "/": `..` and absolute symlinks stay
    /// inside it, as under chroot, without changing the process's root.
    public static let inRoot = ResolveFlags(rawValue: 0x10)           // RESOLVE_IN_ROOT

    /// A container's tree walked as the container sees it, never leaving it.
    public static let container: ResolveFlags = [.inRoot, .noMagicLinks]
    /// A tree walked strictly downwards through real directories only.
    public static let strictlyBeneath: ResolveFlags = [.beneath, .noSymlinks, .noMagicLinks]
}

extension FD {
    /// openat2: opens `path` relative to the directory open as `directory`,
    /// walking it under `resolve`'s rules. The kernel answers EAGAIN when a
    /// rename or mount raced a confined walk; the walk is then simply retried.
    public static func open(_ path: String, in directory: Int32, flags: Int32, mode: mode_t = 0,
                            resolve: ResolveFlags) throws(SystemCallError) -> Int32 {
        var attempts = 0
        while true {
            let fd = cl_openat2(directory, path, UInt64(UInt32(bitPattern: flags | O_CLOEXEC)), UInt64(mode), resolve.rawValue)
            if fd >= 0 { return fd }
            let failure = errno
            attempts += 1
            if failure == EINTR || (failure == EAGAIN && attempts < 128) { continue }
            throw SystemCallError("openat2", path, errno: failure)
        }
    }

    /// The /proc path of an open descriptor (and of `name` inside it when it
    /// is a directory), for calls that take only paths, such as the xattr
    /// calls and mount's lower dirs. The daemon's own /proc is trusted.
    public static func procPath(_ fd: Int32, _ name: String? = nil) -> String {
        let base = "/proc/self/fd/\(fd)"
        guard let name else { return base }
        return base + "/" + name
    }
}
