/// Cuts a byte stream into the JSON values it carries (NDJSON, or values
/// run together), whatever pieces the bytes arrive in: for `stats` and
/// `events` streams read a chunk at a time.
public struct JSONValueSplitter: Sendable {
    private var buffer: [UInt8] = []
    private var scanned = 0
    private var start: Int? = nil
    private var depth = 0
    private var inString = false
    private var escaped = false

    public init() {}

    /// Adds bytes; returns each value completed by them.
    public mutating func feed(_ bytes: [UInt8]) -> [[UInt8]] {
        buffer += bytes
        var values: [[UInt8]] = []
        while scanned < buffer.count {
            let c = buffer[scanned]
            scanned += 1
            if start == nil {
                if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { continue }
                start = scanned - 1
                depth = 0
            }
            if inString {
                if escaped { escaped = false } else if c == 0x5C { escaped = true } else if c == 0x22 { inString = false }
                continue
            }
            switch c {
            case 0x22: inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    values.append(Array(buffer[start!..<scanned]))
                    start = nil
                }
            default: break
            }
        }
        // Keep only what belongs to an unfinished value.
        let keep = start ?? scanned
        if keep > 0 {
            buffer.removeFirst(keep)
            scanned -= keep
            if start != nil { start = 0 }
        }
        return values
    }

    /// True when no value is half received.
    public var isEmpty: Bool { start == nil }
}
