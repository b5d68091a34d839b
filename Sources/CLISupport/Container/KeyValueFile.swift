/// `--env-file` and `--label-file`: one `KEY=value` per line, `#` comments,
/// a bare `KEY` taking its value from the environment (env files only).
public enum KeyValueFile {
    public static func parse(_ content: [UInt8], lookup: ((String) -> String?)?) throws(FlagValueError) -> [String] {
        var lines: [String] = []
        var number = 0
        var start = 0
        while start <= content.count {
            let end = content[start...].firstIndex(of: 0x0A) ?? content.count
            if start == content.count && end == content.count { break }
            number += 1
            var raw = Array(content[start..<end])
            if raw.last == 0x0D { raw.removeLast() }
            start = end + 1
            if number == 1 && raw.starts(with: [0xEF, 0xBB, 0xBF]) { raw.removeFirst(3) }
            guard let text = String(validating: raw, as: UTF8.self) else {
                throw FlagValueError("invalid utf8 bytes at line \(number): \(raw)")
            }
            let line = String(text.drop { $0.isWhitespace })
            if line.isEmpty || line.hasPrefix("#") { continue }
            let key = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            if key.isEmpty { throw FlagValueError("no variable name on line '\(line)'") }
            if key.contains(" ") || key.contains("\t") { throw FlagValueError("variable '\(key)' contains whitespaces") }
            if line.contains("=") {
                lines.append(line)
            } else if let lookup, let value = lookup(line) {
                lines.append("\(key)=\(value)")
            }
        }
        return lines
    }
}
