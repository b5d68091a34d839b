import Glibc

/// Signal names as runc and Docker accept them: "TERM", "SIGTERM", "term",
/// "RTMIN+3", or a number from 1 to 64.
public enum SignalNames {
    public static let numbers: [String: Int32] = [
        "HUP": SIGHUP, "INT": SIGINT, "QUIT": SIGQUIT, "ILL": SIGILL, "TRAP": SIGTRAP, "ABRT": SIGABRT, "IOT": SIGABRT,
        "BUS": SIGBUS, "FPE": SIGFPE, "KILL": SIGKILL, "USR1": SIGUSR1, "SEGV": SIGSEGV, "USR2": SIGUSR2,
        "PIPE": SIGPIPE, "ALRM": SIGALRM, "TERM": SIGTERM, "STKFLT": SIGSTKFLT, "CHLD": SIGCHLD, "CONT": SIGCONT,
        "STOP": SIGSTOP, "TSTP": SIGTSTP, "TTIN": SIGTTIN, "TTOU": SIGTTOU, "URG": SIGURG, "XCPU": SIGXCPU,
        "XFSZ": SIGXFSZ, "VTALRM": SIGVTALRM, "PROF": SIGPROF, "WINCH": SIGWINCH, "IO": SIGIO, "POLL": SIGPOLL,
        "PWR": SIGPWR, "SYS": SIGSYS,
    ]

    /// The signal's number, or nil for text that names none.
    public static func number(_ text: String) -> Int32? {
        if let number = Int32(text) { return number > 0 && number <= 64 ? number : nil }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if name.hasPrefix("RTMIN+"), let offset = Int32(name.dropFirst(6)) { return 34 + offset }
        return numbers[name]
    }
}
