import CLinux
import Glibc

extension FD {
    /// Copies everything from `source`'s position to its end into
    /// `destination`, in the kernel where it can (copy_file_range), through
    /// a buffer where it cannot (across file systems on old kernels, procfs).
    /// Returns the bytes copied.
    @discardableResult
    public static func copyContents(from source: Int32, to destination: Int32, subject: String? = nil) throws(SystemCallError) -> Int64 {
        var total: Int64 = 0
        var kernelCopy = true
        while kernelCopy {
            let n = cl_copy_file_range(source, destination, 1 << 30)
            if n > 0 { total += Int64(n); continue }
            if n == 0 { return total }
            if errno == EINTR { continue }
            guard errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP else {
                throw SystemCallError("copy_file_range", subject)
            }
            kernelCopy = false
        }
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = Glibc.read(source, buffer, size)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw SystemCallError("read", subject) }
            if n == 0 { return total }
            try writeAll(destination, buffer: UnsafeRawBufferPointer(start: buffer, count: n), subject: subject)
            total += Int64(n)
        }
    }

    /// Reads up to `count` bytes into `buffer`; fewer only at the end of the file.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, subject: String? = nil) throws(SystemCallError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = Glibc.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw SystemCallError("read", subject) }
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// Flushes the whole file system holding `fd` to disk.
    public static func syncFileSystem(_ fd: Int32, subject: String? = nil) throws(SystemCallError) {
        try check(cl_syncfs(fd), "syncfs", subject)
    }
}

/// Device numbers, as glibc's makedev/major/minor macros compute them.
public enum DeviceNumber {
    public static func make(major: UInt32, minor: UInt32) -> UInt64 { cl_makedev(major, minor) }
    public static func major(_ device: UInt64) -> UInt32 { cl_major(device) }
    public static func minor(_ device: UInt64) -> UInt32 { cl_minor(device) }
}
