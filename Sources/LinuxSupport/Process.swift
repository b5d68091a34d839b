import CLinux
import Glibc

/// How a child process ended.
public enum ExitStatus: Equatable, Sendable {
    case exited(Int32)
    case signaled(Int32)

    public init(waitStatus: Int32) {
        if cl_wifsignaled(waitStatus) != 0 {
            self = .signaled(cl_wtermsig(waitStatus))
        } else {
            self = .exited(cl_wexitstatus(waitStatus))
        }
    }

    /// The shell's convention: the exit code, or 128 + the signal.
    public var shellCode: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}

public enum Processes {
    /// clone(2) with fork semantics and extra flags (namespaces, CLONE_PARENT).
    /// Only safe from a single-threaded process, as fork is.
    public static func clone(flags: UInt64 = 0) throws(SystemCallError) -> pid_t {
        try check(cl_clone(flags), "clone")
    }

    public static let cloneParent: UInt64 = 0x0000_8000 // CLONE_PARENT

    /// Waits for a child; returns nil when `noHang` is set and it has not ended.
    public static func wait(_ pid: pid_t, noHang: Bool = false) throws(SystemCallError) -> ExitStatus? {
        var status: Int32 = 0
        let result = try retryingOnInterrupt("waitpid", "\(pid)") { waitpid(pid, &status, noHang ? WNOHANG : 0) }
        if result == 0 { return nil }
        return ExitStatus(waitStatus: status)
    }

    /// Reaps any ended child without blocking: (pid, status), or nil.
    public static func reapAny() -> (pid: pid_t, status: ExitStatus)? {
        var status: Int32 = 0
        let pid = waitpid(-1, &status, WNOHANG)
        return pid > 0 ? (pid, ExitStatus(waitStatus: status)) : nil
    }

    public static func signal(_ pid: pid_t, _ signal: Int32) throws(SystemCallError) {
        try check(kill(pid, signal), "kill", "\(pid)")
    }

    public static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// execvpe: resolves `file` through PATH in `environment`. Only returns on failure.
    public static func exec(_ file: String, arguments: [String], environment: [String]) -> SystemCallError {
        withCStrings(arguments) { argv in
            withCStrings(environment) { envp in
                _ = cl_execvpe(file, argv, envp)
            }
        }
        return SystemCallError("exec", file)
    }

    /// fexecve: runs the program behind an open descriptor. Only returns on failure.
    public static func exec(fd: Int32, arguments: [String], environment: [String]) -> SystemCallError {
        withCStrings(arguments) { argv in
            withCStrings(environment) { envp in
                _ = cl_fexecve(fd, argv, envp)
            }
        }
        return SystemCallError("fexecve", arguments.first)
    }

    /// Field 22 of /proc/PID/stat: the start time in clock ticks, which tells a
    /// process apart from a later one that reused its pid.
    public static func startTime(of pid: pid_t) -> UInt64? {
        guard let stat = try? SmallFile.read("/proc/\(pid)/stat"),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command name, the state is field 3; starttime is field 22.
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// The state letter from /proc/PID/stat (R, S, D, Z, T, ...).
    public static func state(of pid: pid_t) -> Character? {
        guard let stat = try? SmallFile.read("/proc/\(pid)/stat"),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ").first?.first
    }
}

/// Calls `body` with a NULL-terminated C array of C strings.
public func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
