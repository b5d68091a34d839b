import Glibc
import LinuxSupport

/// A process started in the container by `exec`, its stdio held by the
/// monitor and relayed over the connection that asked for it.
final class ExecSession {
    let id: String
    let pid: pid_t
    var io: ProcessIO
    /// The connection relaying it; nil when detached.
    var client: Client?
    var input = PendingInput()
    var status: ExitStatus?
    /// After the process ends, how long its output may still take to drain.
    var drainDeadline = 0.0

    init(id: String, pid: pid_t, io: ProcessIO, client: Client?) {
        self.id = id
        self.pid = pid
        self.io = io
        self.client = client
    }

    /// The file an exec's exit code is kept in, for the daemon to read.
    static func exitFile(_ id: String) -> String { "exec-\(id).exit" }

    var finished: Bool {
        guard status != nil else { return false }
        return io.outputs.isEmpty || Clock.monotonicSeconds() > drainDeadline
    }
}
