import CLinux
import Glibc

/// Defence against CVE-2019-5736: a container process that reaches this
/// runtime's /proc/PID/exe must not be able to overwrite the host binary.
/// Before the runtime enters a container, it re-executes itself from a sealed
/// memfd copy; /proc/PID/exe then names the copy, which refuses every write.
public enum SealedExecutable {
    private static let name = "berth-runtime"
    // F_ADD_SEALS = 1033, F_GET_SEALS = 1034; seals: SEAL 1, SHRINK 2, GROW 4, WRITE 8.
    private static let requiredSeals: Int32 = 1 | 2 | 4 | 8

    /// True when this process already runs from a fully sealed memfd.
    public static func isSealed() -> Bool {
        let fd = Glibc.open("/proc/self/exe", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { FD.close(fd) }
        let seals = cl_fcntl_int(fd, 1034, 0)
        return seals >= 0 && seals & requiredSeals == requiredSeals
    }

    /// Re-executes the current program from a sealed copy with the same
    /// arguments and environment. Returns only on failure.
    public static func reexecute(arguments: [String], environment: [String]) -> SystemCallError {
        do {
            let copy = try sealedCopy()
            return Processes.exec(fd: copy, arguments: arguments, environment: environment)
        } catch {
            return error
        }
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
