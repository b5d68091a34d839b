import LinuxSupport
import OCI
import Runtime

enum EventsCommand {
    struct Event: Encodable {
        let type: String
        let id: String
        let data: CgroupStats?
    }

    /// `events`: with --stats one statistics event; otherwise one every
    /// --interval until the container stops.
    static let command = Command(flags: [.bool("stats"), .value("interval")]) { global, args throws(RuntimeError) in
        let id = try args.positional(0, "container id")
        let runtime = global.runtime
        if args.bool("stats") {
            try printJSON(Event(type: "stats", id: id, data: try runtime.stats(id)))
            return 0
        }
        let interval = try Duration.seconds(args.value("interval") ?? "5s")
        while let stats = try? runtime.stats(id) {
            try printJSON(Event(type: "stats", id: id, data: stats))
            Clock.sleep(seconds: interval)
        }
        return 0
    }
}

enum Duration {
    /// Go-style durations: "500ms", "5s", "1m".
    static func seconds(_ text: String) throws(RuntimeError) -> Double {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)), value > 0 { return value * scale }
        }
        throw .invalidArgument("invalid interval \(text)")
    }
}
