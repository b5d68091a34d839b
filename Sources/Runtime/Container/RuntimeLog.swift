import Glibc
import LinuxSupport

/// The runtime's log: text or JSON lines, to a file (`--log`) or stderr.
/// containerd reads the last "error" line of a JSON log to explain a failure.
public final class RuntimeLog: @unchecked Sendable {
    // Set once by the command line before anything logs; the runtime is single-threaded.
    nonisolated(unsafe) public static var shared = RuntimeLog(path: nil, json: false, debug: false)

    let fd: Int32
    let json: Bool
    let debugEnabled: Bool

    public init(path: String?, json: Bool, debug: Bool) {
        if let path, !path.isEmpty {
            let opened = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            fd = opened >= 0 ? opened : 2
        } else {
            fd = 2
        }
        self.json = json
        self.debugEnabled = debug
    }

    public var writesToStderr: Bool { fd == 2 }

    public func error(_ message: String) { write("error", message) }
    public func warning(_ message: String) { write("warning", message) }
    public func debug(_ message: String) { if debugEnabled { write("debug", message) } }

    private func write(_ level: String, _ message: String) {
        let line: String
        if json {
            line = "{\"level\":\"\(level)\",\"msg\":\(Self.quote(message)),\"time\":\"\(Clock.rfc3339Now())\"}\n"
        } else {
            line = "time=\"\(Clock.rfc3339Now())\" level=\(level) msg=\(Self.quote(message))\n"
        }
        try? FD.writeAll(fd, line)
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
