/// Finds the detach sequence (Ctrl-P Ctrl-Q unless `--detach-keys` says
/// otherwise) in what the user types, as Docker's term.EscapeProxy does:
/// keys that might begin the sequence are held back, and let through once
/// the next key shows they were not the sequence after all.
public struct EscapeDetector: Sendable {
    public let keys: [UInt8]
    private var matched = 0

    public static let defaultKeys: [UInt8] = [16, 17]

    public init(keys: [UInt8] = EscapeDetector.defaultKeys) {
        self.keys = keys
    }

    /// `--detach-keys "ctrl-a,x"`: each comma-separated key is one character or
    /// `ctrl-@` … `ctrl-_`, or `DEL`.
    public static func parseKeys(_ text: String) throws(FlagValueError) -> [UInt8] {
        let controls = ["ctrl-@", "ctrl-a", "ctrl-b", "ctrl-c", "ctrl-d", "ctrl-e", "ctrl-f", "ctrl-g", "ctrl-h", "ctrl-i",
                        "ctrl-j", "ctrl-k", "ctrl-l", "ctrl-m", "ctrl-n", "ctrl-o", "ctrl-p", "ctrl-q", "ctrl-r", "ctrl-s",
                        "ctrl-t", "ctrl-u", "ctrl-v", "ctrl-w", "ctrl-x", "ctrl-y", "ctrl-z", "ctrl-[", "ctrl-\\", "ctrl-]",
                        "ctrl-^", "ctrl-_"]
        var codes: [UInt8] = []
        for key in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            if key.utf8.count == 1 {
                codes.append(key.utf8.first!)
            } else if let code = controls.firstIndex(of: key) {
                codes.append(UInt8(code))
            } else if key == "DEL" {
                codes.append(127)
            } else {
                throw FlagValueError("Unknown character: '\(key)'")
            }
        }
        return codes
    }

    public enum Result: Equatable, Sendable {
        /// Bytes to send on (possibly empty while a prefix is held back).
        case forward([UInt8])
        /// The sequence was typed: send these bytes typed before it, then detach.
        case detach([UInt8])
    }

    public mutating func filter(_ input: [UInt8]) -> Result {
        guard !keys.isEmpty else { return .forward(input) }
        var out: [UInt8] = []
        for byte in input {
            if byte == keys[matched] {
                matched += 1
                if matched == keys.count { return .detach(out) }
                continue
            }
            // Not the sequence: what was held back goes through with this key,
            // which (as in Docker) does not start a new attempt.
            out += keys[0..<matched]
            matched = 0
            out.append(byte)
        }
        return .forward(out)
    }
}
