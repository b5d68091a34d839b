import CLISupport
import EngineClient
import LinuxSupport

/// Prints a JSON message stream (load, import) as Docker's jsonmessage does:
/// plain lines when stdout is not a terminal, progress bars redrawn in place
/// when it is. An `errorDetail` ends the stream with that error.
struct ProgressDisplay {
    let fd: Int32
    let isTerminal: Bool
    let width: Int
    /// `run --quiet` pulls without showing anything.
    let silent: Bool

    /// `fd` is where the progress goes: stdout, or stderr for `run`'s pull.
    init(fd: Int32 = 1, silent: Bool = false) {
        self.fd = fd
        self.silent = silent
        isTerminal = Output.isTerminal(fd)
        width = Output.terminalWidth(fd) ?? 200
    }

    private func write(_ text: String) {
        if !silent { try? FD.writeAll(fd, text) }
    }

    func show(_ stream: JSONMessageStream) throws {
        var lines: [String: Int] = [:]
        while let message = try stream.next() {
            if message.aux != nil { continue }
            var diff = 0
            var out = ""
            let hasProgress = message.progressDetail != nil
            if let id = message.id, !id.isEmpty, hasProgress || !(message.progress ?? "").isEmpty {
                var line = lines[id]
                if line == nil {
                    line = lines.count
                    lines[id] = line
                    if isTerminal { out += "\n" }
                }
                diff = lines.count - line!
                if isTerminal && diff > 0 { out += "\u{1B}[\(diff)A" }
            } else {
                lines = [:]
            }
            write(out)
            let failure = display(message)
            if let id = message.id, !id.isEmpty, isTerminal, diff > 0 { write("\u{1B}[\(diff)B") }
            if let failure { throw failure }
        }
    }

    /// One message; returns its error instead of printing when it has one.
    func display(_ message: JSONMessage) -> EngineError? {
        if let detail = message.errorDetail {
            return .stream(message: detail.message ?? "", code: detail.code ?? 0)
        }
        var out = ""
        var endOfLine = ""
        let bar = message.progressDetail.map { progressBar($0) } ?? ""
        if isTerminal && (message.stream ?? "").isEmpty && message.progressDetail != nil {
            out += "\u{1B}[2K\r"
            endOfLine = "\r"
        } else if message.progressDetail != nil && !bar.isEmpty {
            return nil
        }
        if let nanos = message.timeNano, nanos != 0 {
            out += GoTime.rfc3339(unix: nanos / 1_000_000_000) + " "
        } else if let seconds = message.time, seconds != 0 {
            out += GoTime.rfc3339(unix: seconds) + " "
        }
        if let id = message.id, !id.isEmpty { out += id + ": " }
        if let from = message.from, !from.isEmpty { out += "(from \(from)) " }
        let status = message.status ?? ""
        if message.progressDetail != nil && isTerminal {
            out += status + " " + bar + endOfLine
        } else if let progress = message.progress, !progress.isEmpty {
            out += status + " " + progress + endOfLine
        } else if let stream = message.stream, !stream.isEmpty {
            out += stream + endOfLine
        } else {
            out += status + endOfLine + "\n"
        }
        write(out)
        return nil
    }

    /// jsonmessage's JSONProgress.String(), at this terminal's width.
    func progressBar(_ p: JSONMessage.Progress) -> String {
        JSONProgressBar.render(current: p.current ?? 0, total: p.total ?? 0, units: p.units, hideCounts: p.hidecounts == true,
                               wide: width > 110)
    }
}
