import Glibc
import LinuxSupport
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
    /// "TERM", "SIGTERM", "sigterm" or "15".
    static func parse(_ text: String) throws(RuntimeError) -> Int32 {
        guard let signal = SignalNames.number(text) else { throw .invalidArgument("unknown signal \"\(text)\"") }
        return signal
    }
}
