import CLISupport
import EngineClient
import LinuxSupport

/// `berth logs`: inspects first (a TTY container's log is raw, any other is
/// multiplexed), then copies the log as it arrives.
struct LogsCommand: FlagCommand {
    static let usage = "[OPTIONS] CONTAINER"
    static let summary = "Fetch the logs of a container"
    static let aliases = "berth container logs, berth logs"
    static let arguments = UsageProblem.ArgumentRule.exactly(1)
    static let flags: [FlagDefinition] = [
        .bool("follow", short: "f", "Follow log output"),
        FlagDefinition("since", "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
        FlagDefinition("until", "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)")
            .requiring("1.35"),
        .bool("timestamps", short: "t", "Show timestamps"),
        .bool("details", "Show extra details provided to logs"),
        FlagDefinition("tail", short: "n", "Number of lines to show from the end of the logs", default: "all"),
    ]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let name = flags.arguments[0]
        try ContainerOperations.checkID(name)
        let client = try Session.client()
        let (details, _) = try client.inspectContainer(name)
        var query: [(String, String)] = [("stdout", "1"), ("stderr", "1")]
        let now = GoTime.now()
        for key in ["since", "until"] {
            guard let value = flags.string(key), !value.isEmpty else { continue }
            do { query.append((key, try APITimestamp.convert(value, now: now))) } catch {
                throw CLIError("invalid value for \"\(key)\": \(error.message)")
            }
        }
        if flags.bool("timestamps") { query.append(("timestamps", "1")) }
        if flags.bool("details") { query.append(("details", "1")) }
        if flags.bool("follow") { query.append(("follow", "1")) }
        query.append(("tail", flags.string("tail", default: "all")))
        let response = try client.containerLogs(details.Id ?? name, query: query)
        try StreamCopy.copy(response, tty: details.Config?.Tty ?? false)
    }
}

/// Copies a log or attach body to stdout/stderr: raw for a TTY, through the
/// demultiplexer otherwise (Docker's io.Copy / stdcopy.StdCopy).
enum StreamCopy {
    static func copy(_ response: HTTPResponse, tty: Bool) throws {
        var demuxer = StreamDemuxer()
        while let chunk = try response.readChunk() {
            if tty {
                try write(1, chunk)
                continue
            }
            try deliver(try demux(&demuxer, chunk))
        }
    }

    static func demux(_ demuxer: inout StreamDemuxer, _ bytes: [UInt8]) throws -> [StreamDemuxer.Output] {
        do { return try demuxer.feed(bytes) } catch { throw CLIError(error.message) }
    }

    /// Writes demultiplexed output; a system-error frame ends the copy with its text.
    static func deliver(_ outputs: [StreamDemuxer.Output], stdout: Int32? = 1, stderr: Int32? = 2) throws {
        for output in outputs {
            switch output {
            case .stdout(let bytes): if let stdout { try write(stdout, bytes) }
            case .stderr(let bytes): if let stderr { try write(stderr, bytes) }
            case .systemError(let message): throw CLIError(message)
            }
        }
    }

    static func write(_ fd: Int32, _ bytes: [UInt8]) throws {
        do { try FD.writeAll(fd, bytes) } catch { throw CLIError("write \(fd == 1 ? "/dev/stdout" : "/dev/stderr"): \(error)") }
    }
}
