import Glibc
import OCI
import Runtime

enum LifecycleCommands {
    static let start = Command { global, args throws(RuntimeError) in
        try global.runtime.start(try args.positional(0, "container id"))
        return 0
    }

    static let state = Command { global, args throws(RuntimeError) in
        try printJSON(try global.runtime.state(try args.positional(0, "container id")), pretty: true)
        return 0
    }

    static let kill = Command(flags: [.bool("all", "a")]) { global, args throws(RuntimeError) in
        let id = try args.positional(0, "container id")
        let signal = try Signals.parse(args.positionals.count > 1 ? args.positionals[1] : "SIGTERM")
        try global.runtime.kill(id, signal: signal, all: args.bool("all"))
        return 0
    }

    static let delete = Command(flags: [.bool("force", "f")]) { global, args throws(RuntimeError) in
        try global.runtime.delete(try args.positional(0, "container id"), force: args.bool("force"))
        return 0
    }

    static let pause = Command { global, args throws(RuntimeError) in
        try global.runtime.pause(try args.positional(0, "container id"))
        return 0
    }

    static let resume = Command { global, args throws(RuntimeError) in
        try global.runtime.resume(try args.positional(0, "container id"))
        return 0
    }
}

enum Signals {
    static let names: [String: Int32] = [
        "HUP": SIGHUP, "INT": SIGINT, "QUIT": SIGQUIT, "ILL": SIGILL, "TRAP": SIGTRAP, "ABRT": SIGABRT, "IOT": SIGABRT,
        "BUS": SIGBUS, "FPE": SIGFPE, "KILL": SIGKILL, "USR1": SIGUSR1, "SEGV": SIGSEGV, "USR2": SIGUSR2,
        "PIPE": SIGPIPE, "ALRM": SIGALRM, "TERM": SIGTERM, "STKFLT": SIGSTKFLT, "CHLD": SIGCHLD, "CONT": SIGCONT,
        "STOP": SIGSTOP, "TSTP": SIGTSTP, "TTIN": SIGTTIN, "TTOU": SIGTTOU, "URG": SIGURG, "XCPU": SIGXCPU,
        "XFSZ": SIGXFSZ, "VTALRM": SIGVTALRM, "PROF": SIGPROF, "WINCH": SIGWINCH, "IO": SIGIO, "PWR": SIGPWR, "SYS": SIGSYS,
    ]

    /// "TERM", "SIGTERM", "sigterm" or "15".
    static func parse(_ text: String) throws(RuntimeError) -> Int32 {
        if let number = Int32(text), number > 0, number < 65 { return number }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        guard let signal = names[name] else { throw .invalidArgument("unknown signal \"\(text)\"") }
        return signal
    }
}
