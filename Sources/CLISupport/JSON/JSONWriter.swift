/// JSON output the way Go's encoding/json writes it, which is what Docker's
/// CLI prints: compact values, `json.Indent` over the daemon's own bytes, and
/// Go's string escaping (optionally HTML-safe, as `json.Marshal` is by default).
public enum JSONWriter {
    public struct Options: Sendable {
        /// Escape `<`, `>` and `&` as `\u003c` etc. (`json.Marshal`'s default).
        public var escapeHTML: Bool
        /// Write object members sorted by key (Go marshals maps this way).
        public var sortKeys: Bool

        public init(escapeHTML: Bool = false, sortKeys: Bool = false) {
            self.escapeHTML = escapeHTML
            self.sortKeys = sortKeys
        }
    }

    public static func compact(_ value: JSONDocument, _ options: Options = Options()) -> String {
        var out = ""
        write(value, options, into: &out)
        return out
    }

    private static func write(_ value: JSONDocument, _ options: Options, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): out += quoted(s, escapeHTML: options.escapeHTML)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                write(element, options, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            let ordered = options.sortKeys ? members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) } : members
            for (i, member) in ordered.enumerated() {
                if i > 0 { out += "," }
                out += quoted(member.0, escapeHTML: options.escapeHTML)
                out += ":"
                write(member.1, options, into: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal with Go's escaping rules.
    public static func quoted(_ string: String, escapeHTML: Bool = false) -> String {
        let hex: [Character] = Array("0123456789abcdef")
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "<", ">", "&":
                if escapeHTML {
                    out += "\\u00" + String(hex[Int(scalar.value >> 4)]) + String(hex[Int(scalar.value & 0xF)])
                } else {
                    out.unicodeScalars.append(scalar)
                }
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + String(hex[Int(scalar.value >> 4)]) + String(hex[Int(scalar.value & 0xF)])
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Go's `json.Indent(dst, src, "", indent)`: re-indents JSON text without
    /// touching string contents; empty objects and arrays stay `{}` and `[]`.
    public static func indent(_ source: [UInt8], indent: String = "    ") -> [UInt8] {
        let indentBytes = Array(indent.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(source.count * 2)
        var depth = 0
        var needIndent = false
        var inString = false
        var escaped = false
        var started = false
        var finished = false

        func newline() {
            out.append(0x0A)
            for _ in 0..<depth { out.append(contentsOf: indentBytes) }
        }

        for c in source {
            if finished { out.append(c); continue }
            if inString {
                out.append(c)
                if escaped { escaped = false } else if c == 0x5C { escaped = true } else if c == 0x22 { inString = false }
                if !inString && depth == 0 { finished = true }
                continue
            }
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                if started && depth == 0 { finished = true; out.append(c) }
                continue
            }
            if needIndent && c != UInt8(ascii: "}") && c != UInt8(ascii: "]") {
                needIndent = false
                depth += 1
                newline()
            }
            started = true
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                needIndent = true
                out.append(c)
            case UInt8(ascii: ","):
                out.append(c)
                newline()
            case UInt8(ascii: ":"):
                out.append(c)
                out.append(0x20)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if needIndent {
                    needIndent = false
                } else {
                    depth -= 1
                    newline()
                }
                out.append(c)
                if depth == 0 { finished = true }
            case 0x22:
                inString = true
                out.append(c)
            default:
                out.append(c)
            }
        }
        return out
    }

    /// Go's `json.Compact`: drops insignificant whitespace, strings untouched.
    public static func compact(_ source: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(source.count)
        var inString = false
        var escaped = false
        for c in source {
            if inString {
                out.append(c)
                if escaped { escaped = false } else if c == 0x5C { escaped = true } else if c == 0x22 { inString = false }
                continue
            }
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { continue }
            if c == 0x22 { inString = true }
            out.append(c)
        }
        return out
    }
}
