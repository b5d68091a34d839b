import EngineClient
import Glibc
import LinuxSupport

/// Signals the CLI receives while attached, read from a signalfd in the
/// stream loop: forwarded to the container (`--sig-proxy`, Docker's
/// ForwardAllSignals) and SIGWINCH turned into resizes.
final class SignalRelay {
    /// The signals Docker's CLI catches and forwards, by the names the API
    /// takes (SIGCHLD, SIGPIPE and SIGURG are never forwarded).
    static let forwardable: [(Int32, String)] = [
        (SIGHUP, "HUP"), (SIGINT, "INT"), (SIGQUIT, "QUIT"), (SIGTRAP, "TRAP"), (SIGABRT, "ABRT"), (SIGUSR1, "USR1"),
        (SIGUSR2, "USR2"), (SIGALRM, "ALRM"), (SIGTERM, "TERM"), (SIGSTKFLT, "STKFLT"), (SIGCONT, "CONT"),
        (SIGTSTP, "TSTP"), (SIGTTIN, "TTIN"), (SIGTTOU, "TTOU"), (SIGXCPU, "XCPU"), (SIGXFSZ, "XFSZ"),
        (SIGVTALRM, "VTALRM"), (SIGPROF, "PROF"), (SIGWINCH, "WINCH"), (SIGIO, "IO"), (SIGPWR, "PWR"), (SIGSYS, "SYS"),
    ]

    let fd: Int32
    private let forwardTo: String?
    private let resizer: TerminalResizer?
    private let client: EngineClient

    /// `forwardTo`: the container that gets the signals (nil: none are
    /// forwarded); `resizer`: what SIGWINCH resizes.
    init?(client: EngineClient, forwardTo: String?, resizer: TerminalResizer?) {
        var signals: [Int32] = []
        if forwardTo != nil { signals = Self.forwardable.map(\.0) }
        if resizer != nil && !signals.contains(SIGWINCH) { signals.append(SIGWINCH) }
        guard !signals.isEmpty, let fd = try? SignalFD.open(signals) else { return nil }
        self.fd = fd
        self.forwardTo = forwardTo
        self.resizer = resizer
        self.client = client
    }

    deinit { FD.close(fd) }

    /// Handles the signals that are pending.
    func handlePending() {
        guard let signal = SignalFD.next(fd) else { return }
        if signal == SIGWINCH { resizer?.resize() }
        if let forwardTo, let name = Self.forwardable.first(where: { $0.0 == signal })?.1 {
            // Docker only logs a failed forward.
            try? client.killContainer(forwardTo, signal: name)
        }
    }
}
