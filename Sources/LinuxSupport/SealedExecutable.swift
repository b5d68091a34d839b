import CLinux
import Glibc

/// Defence against CVE-2019-5736: a container process that reaches this
/// runtime's /proc/PID/exe must not be able to overwrite the host binary.
/// Before the runtime enters a container it re-executes itself from a copy
/// that refuses writes: preferably the same file seen through a read-only
/// bind mount that is detached at once (no copy, a few syscalls), otherwise a
/// sealed memfd copy of the binary.
public enum SealedExecutable {
    private static let name = "berth-runtime"
    // F_ADD_SEALS = 1033, F_GET_SEALS = 1034; seals: SEAL 1, SHRINK 2, GROW 4, WRITE 8.
    private static let requiredSeals: Int32 = 1 | 2 | 4 | 8
    private static let readOnlyMount: UInt = 1 // ST_RDONLY

    /// True when this process's executable cannot be opened for writing:
    /// it lives on a read-only mount, or it is a fully sealed memfd.
    public static func isSealed() -> Bool {
        if isOnReadOnlyMount("/proc/self/exe") { return true }
        let fd = Glibc.open("/proc/self/exe", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { FD.close(fd) }
        let seals = cl_fcntl_int(fd, 1034, 0)
        return seals >= 0 && seals & requiredSeals == requiredSeals
    }

    /// Makes `target` a read-only bind mount of the executable `source`, so
    /// that a program started from `target` is sealed from its first
    /// instruction and need not re-execute itself (berthd starts
    /// berth-runtime this way for every create and exec). A mount already
    /// there of the same file is kept; one of a file since replaced is
    /// swapped for the current one.
    public static func publishReadOnly(_ source: String, at target: String) throws(SystemCallError) {
        var wanted = stat()
        try check(stat(source, &wanted), "stat", source)
        var present = stat()
        if stat(target, &present) == 0, present.st_dev == wanted.st_dev, present.st_ino == wanted.st_ino,
           isOnReadOnlyMount(target) {
            return
        }
        // An older view (or a half-made one): detach every mount stacked here.
        while (try? Mount.unmount(target, detach: true)) != nil {}
        try Directory.create(Path.parent(target), mode: 0o711)
        try bindReadOnly(source, at: target)
    }

    private static func isOnReadOnlyMount(_ path: String) -> Bool {
        var info = statvfs()
        return statvfs(path, &info) == 0 && info.f_flag & readOnlyMount != 0
    }

    /// `target` (made here as an empty file) becomes a read-only bind mount of `source`.
    private static func bindReadOnly(_ source: String, at target: String) throws(SystemCallError) {
        try FileNode.touch(target, mode: 0o500)
        try Mount.mount(source: source, target: target, type: "bind", flags: [.bind])
        do {
            try Mount.mount(source: "", target: target, flags: [.bind, .remount, .readOnly])
        } catch {
            try? Mount.unmount(target, detach: true)
            throw error
        }
    }

    /// Re-executes the current program from a write-protected view with the
    /// same arguments and environment. `scratch` is a directory on the host
    /// where a temporary mount point may be made. Returns only on failure.
    public static func reexecute(arguments: [String], environment: [String], scratch: String) -> SystemCallError {
        let fd: Int32
        do {
            fd = try readOnlyView(scratch: scratch)
        } catch {
            do { fd = try sealedCopy() } catch { return error }
        }
        return Processes.exec(fd: fd, arguments: arguments, environment: environment)
    }

    /// The binary opened through a read-only bind mount, which is then detached:
    /// the descriptor (and /proc/PID/exe after exec) keeps the read-only mount
    /// alive, and no one can reach it to remount it writable.
    private static func readOnlyView(scratch: String) throws(SystemCallError) -> Int32 {
        try Directory.create(scratch, mode: 0o711)
        let target = scratch + "/.exe-\(getpid())"
        defer { unlink(target) }
        try bindReadOnly("/proc/self/exe", at: target)
        defer { try? Mount.unmount(target, detach: true) }
        return try FD.open(target, O_RDONLY)
    }

    private static func sealedCopy() throws(SystemCallError) -> Int32 {
        let source = try FD.open("/proc/self/exe", O_RDONLY)
        defer { FD.close(source) }
        // MFD_CLOEXEC | MFD_ALLOW_SEALING: the copy vanishes from the new
        // program's descriptor table once exec has mapped it.
        let memfd = try check(cl_memfd_create(name, 1 | 2), "memfd_create")
        var st = stat()
        try check(fstat(source, &st), "fstat", "/proc/self/exe")
        var remaining = Int(st.st_size)
        while remaining > 0 {
            let copied = sendfile(memfd, source, nil, remaining)
            if copied < 0 && errno == EINTR { continue }
            if copied <= 0 {
                let error = SystemCallError("sendfile", "/proc/self/exe")
                FD.close(memfd)
                throw error
            }
            remaining -= copied
        }
        if cl_fcntl_int(memfd, 1033, requiredSeals) != 0 {
            let error = SystemCallError("fcntl(F_ADD_SEALS)")
            FD.close(memfd)
            throw error
        }
        return memfd
    }
}
