import CLinux
import Glibc

/// Pseudo-terminals: the runtime opens them from the container's own devpts
/// instance (its /dev/ptmx), so the slave belongs to the container.
public enum Terminal {
    /// Opens a new pty through `ptmx`; returns the master fd and the slave's path.
    public static func openPTY(ptmx: String = "/dev/ptmx") throws(SystemCallError) -> (master: Int32, slavePath: String) {
        let master = try FD.open(ptmx, O_RDWR | O_NOCTTY)
        let number = cl_ptsname_number(master)
        guard number >= 0, cl_unlockpt(master) == 0 else {
            let error = SystemCallError("ioctl(TIOCGPTN/TIOCSPTLCK)", ptmx)
            FD.close(master)
            throw error
        }
        let devpts = ptmx.hasSuffix("/ptmx") ? String(ptmx.dropLast(5)) : "/dev/pts"
        let directory = devpts.hasSuffix("/pts") ? devpts : devpts + "/pts"
        return (master, "\(directory)/\(number)")
    }

    public static func setSize(_ fd: Int32, rows: UInt16, columns: UInt16) throws(SystemCallError) {
        try check(cl_set_winsize(fd, rows, columns), "ioctl(TIOCSWINSZ)")
    }

    public static func size(_ fd: Int32) -> (rows: UInt16, columns: UInt16)? {
        var rows: UInt16 = 0, columns: UInt16 = 0
        return cl_get_winsize(fd, &rows, &columns) == 0 ? (rows, columns) : nil
    }

    /// Makes `fd` the controlling terminal of this (new session leader) process.
    public static func makeControlling(_ fd: Int32) throws(SystemCallError) {
        try check(cl_setctty(fd), "ioctl(TIOCSCTTY)")
    }

    /// Raw mode for proxying a terminal; restore with the returned state.
    public struct SavedMode: Sendable {
        fileprivate var bytes: [UInt8]
    }

    public static func makeRaw(_ fd: Int32) -> SavedMode? {
        var saved = SavedMode(bytes: [UInt8](repeating: 0, count: 128))
        let ok = saved.bytes.withUnsafeMutableBytes { cl_make_raw(fd, $0.baseAddress) == 0 }
        return ok ? saved : nil
    }

    public static func restore(_ fd: Int32, _ mode: SavedMode) {
        _ = mode.bytes.withUnsafeBytes { cl_restore_mode(fd, $0.baseAddress) }
    }
}
