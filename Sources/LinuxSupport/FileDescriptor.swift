import CLinux
import Glibc

/// Small, explicit helpers over raw file descriptors. Ownership stays with the
/// caller: nothing here closes a descriptor it did not open.
public enum FD {
    /// O_PATH: a descriptor that names a file without opening it for I/O.
    public static let pathOnly: Int32 = 0o10000000
    /// AT_EMPTY_PATH: the *at call acts on the directory descriptor itself
    /// (fstatat, readlinkat, fchownat of an O_PATH descriptor).
    public static let emptyPath: Int32 = 0x1000

    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(SystemCallError) -> Int32 {
        try retryingOnInterrupt("open", path) { Glibc.open(path, flags | O_CLOEXEC, mode) }
    }

    /// Best-effort diagnostics for processes that have nowhere else to report.
    public static func writeStderr(_ message: String) {
        try? writeAll(2, message)
    }

    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    public static func writeAll(_ fd: Int32, _ bytes: some Collection<UInt8>, subject: String? = nil) throws(SystemCallError) {
        // Arrays and slices are written in place: hot paths (log lines) must not copy.
        let direct: Result<Void, SystemCallError>? = bytes.withContiguousStorageIfAvailable { buffer in
            do throws(SystemCallError) {
                try writeAll(fd, buffer: UnsafeRawBufferPointer(buffer), subject: subject)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        if let direct { return try direct.get() }
        let array = Array(bytes)
        var offset = 0
        while offset < array.count {
            let n = array.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if n < 0 && errno == EINTR { continue }
            offset += try check(n, "write", subject)
        }
    }

    /// Writes a whole buffer without copying it (large streams).
    public static func writeAll(_ fd: Int32, buffer: UnsafeRawBufferPointer, subject: String? = nil) throws(SystemCallError) {
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 && errno == EINTR { continue }
            offset += try check(n, "write", subject)
        }
    }

    public static func writeAll(_ fd: Int32, _ string: String, subject: String? = nil) throws(SystemCallError) {
        try writeAll(fd, Array(string.utf8), subject: subject)
    }

    /// Reads up to `max` bytes; an empty result means end of file.
    public static func read(_ fd: Int32, max: Int = 65536) throws(SystemCallError) -> [UInt8] {
        // Left uninitialised: zeroing 64 KiB for every small /proc or cgroup
        // file read was a visible share of a container start.
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: max) { buffer, count in
            while true {
                let n = Glibc.read(fd, buffer.baseAddress, max)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failure = errno }
                count = n < 0 ? 0 : n
                return
            }
        }
        if failure != 0 { throw SystemCallError("read", errno: failure) }
        return bytes
    }

    /// pread(2): up to `max` bytes from `offset`, leaving the file position alone;
    /// an empty result means end of file.
    public static func read(_ fd: Int32, at offset: Int64, max: Int = 65536, subject: String? = nil) throws(SystemCallError) -> [UInt8] {
        // Left uninitialised: followers poll with this, mostly getting nothing.
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: max) { buffer, count in
            while true {
                let n = Glibc.pread(fd, buffer.baseAddress, max, off_t(offset))
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failure = errno }
                count = n < 0 ? 0 : n
                return
            }
        }
        if failure != 0 { throw SystemCallError("pread", subject, errno: failure) }
        return bytes
    }

    /// An unnamed scratch file, gone when closed: O_TMPFILE in `directory`
    /// (disk-backed, beside the data it derives from), or a memfd where the
    /// filesystem cannot make one.
    public static func openScratch(in directory: String) throws(SystemCallError) -> Int32 {
        let fd = cl_open_tmpfile(directory, O_RDWR | O_CLOEXEC, 0o600)
        if fd >= 0 { return fd }
        // MFD_CLOEXEC = 1
        return try check(cl_memfd_create("berth-scratch", 1), "memfd_create")
    }

    public static func readToEnd(_ fd: Int32) throws(SystemCallError) -> [UInt8] {
        var all: [UInt8] = []
        while true {
            let chunk = try read(fd)
            if chunk.isEmpty { return all }
            all += chunk
        }
    }

    public static func setCloseOnExec(_ fd: Int32, _ on: Bool) throws(SystemCallError) {
        let flags = try check(cl_fcntl_int(fd, F_GETFD, 0), "fcntl(F_GETFD)")
        let updated = on ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC
        try check(cl_fcntl_int(fd, F_SETFD, updated), "fcntl(F_SETFD)")
    }

    public static func duplicate(_ fd: Int32, to target: Int32) throws(SystemCallError) {
        if fd == target { try setCloseOnExec(fd, false); return }
        try retryingOnInterrupt("dup2") { dup2(fd, target) }
    }

    /// Marks every descriptor from `first` up close-on-exec, so nothing but what
    /// the caller re-enables reaches an exec'd program (CVE-2024-21626).
    public static func closeOnExecFrom(_ first: Int32) throws(SystemCallError) {
        // CLOSE_RANGE_CLOEXEC = 4 (linux 5.11)
        try check(cl_close_range(UInt32(first), UInt32.max, 4), "close_range")
    }

    public static func pipe() throws(SystemCallError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        try check(cl_pipe2(&fds, O_CLOEXEC), "pipe2")
        return (fds[0], fds[1])
    }
}

/// Reads and writes whole small files, such as those under /proc and /sys/fs/cgroup.
public enum SmallFile {
    public static func read(_ path: String) throws(SystemCallError) -> String {
        let fd = try FD.open(path, O_RDONLY)
        defer { FD.close(fd) }
        let bytes: [UInt8]
        do { bytes = try FD.readToEnd(fd) } catch { throw SystemCallError("read", path, errno: error.errno) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `content` in one write(2): kernel interface files act on each write.
    public static func write(_ path: String, _ content: String, create: Bool = false, mode: mode_t = 0o644) throws(SystemCallError) {
        // O_TRUNC is what a shell's ">" sends too; kernel interface files ignore it.
        let flags = O_WRONLY | O_TRUNC | (create ? O_CREAT : 0)
        let fd = try FD.open(path, flags, mode: mode)
        defer { FD.close(fd) }
        do { try FD.writeAll(fd, content) } catch { throw SystemCallError("write", path, errno: error.errno) }
    }

    /// Replaces a file in one step (temporary file, rename) without waiting
    /// for the disk: for files that only need to survive a process crash,
    /// such as those regenerated each time a container starts.
    public static func writeReplacing(_ path: String, _ content: String, mode: mode_t = 0o600) throws(SystemCallError) {
        try replace(path, content.utf8, mode: mode, durable: false)
    }

    /// Writes a file atomically and durably: a temporary file beside it,
    /// fsync, rename.
    public static func writeAtomically(_ path: String, _ content: String, mode: mode_t = 0o600) throws(SystemCallError) {
        try replace(path, content.utf8, mode: mode, durable: true)
    }

    public static func writeAtomically(_ path: String, bytes: [UInt8], mode: mode_t = 0o600) throws(SystemCallError) {
        try replace(path, bytes, mode: mode, durable: true)
    }

    /// The temporary file has a name of its own (`<path>.tmp-<random>`), so
    /// writers of one path at the same time never mix their bytes; the last
    /// rename wins whole.
    private static func replace(_ path: String, _ bytes: some Collection<UInt8>, mode: mode_t, durable: Bool) throws(SystemCallError) {
        let temporary = path + ".tmp-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let fd = try FD.open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode: mode)
        do {
            try FD.writeAll(fd, bytes, subject: temporary)
            if durable { try check(fsync(fd), "fsync", temporary) }
        } catch {
            FD.close(fd)
            unlink(temporary)
            throw error
        }
        FD.close(fd)
        do {
            try check(rename(temporary, path), "rename", path)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}
