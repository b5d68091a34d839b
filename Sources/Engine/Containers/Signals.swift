import Glibc

/// Signal names as Docker accepts them: "SIGKILL", "KILL", "kill" or "9".
public enum Signals {
    static let table: [String: Int32] = [
        "ABRT": SIGABRT, "ALRM": SIGALRM, "BUS": SIGBUS, "CHLD": SIGCHLD, "CONT": SIGCONT, "FPE": SIGFPE,
        "HUP": SIGHUP, "ILL": SIGILL, "INT": SIGINT, "IO": SIGIO, "IOT": SIGIOT, "KILL": SIGKILL, "PIPE": SIGPIPE,
        "POLL": SIGPOLL, "PROF": SIGPROF, "PWR": SIGPWR, "QUIT": SIGQUIT, "SEGV": SIGSEGV, "STKFLT": SIGSTKFLT,
        "STOP": SIGSTOP, "SYS": SIGSYS, "TERM": SIGTERM, "TRAP": SIGTRAP, "TSTP": SIGTSTP, "TTIN": SIGTTIN,
        "TTOU": SIGTTOU, "URG": SIGURG, "USR1": SIGUSR1, "USR2": SIGUSR2, "VTALRM": SIGVTALRM, "WINCH": SIGWINCH,
        "XCPU": SIGXCPU, "XFSZ": SIGXFSZ,
    ]

    public static func parse(_ text: String) throws(EngineError) -> Int32 {
        if let number = Int32(text) {
            guard number > 0 && number <= 64 else { throw .invalid("Invalid signal: \(text)") }
            return number
        }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if name.hasPrefix("RTMIN+"), let offset = Int32(name.dropFirst(6)) { return 34 + offset }
        guard let number = table[name] else { throw .invalid("Invalid signal: \(text)") }
        return number
    }
}
