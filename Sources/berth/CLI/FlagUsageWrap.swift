/// How pflag fits a flag's usage text into the help's right-hand column
/// (its FlagUsagesWrapped): lines broken at spaces to the terminal's width
/// (docker asks stdin's terminal, else assumes 80 columns, less one), a
/// little overrun allowed rather than orphan a short last word, and
/// continuation lines indented under the column. Counts bytes, as Go does.
enum FlagUsageWrap {
    /// The help's width: stdin's terminal, else 80 columns (docker's wrappedFlagUsages).
    static var columns: Int {
        (Output.terminalWidth(0) ?? 80) - 1
    }

    /// `text` wrapped for a column starting at `indent`, in lines `width` wide.
    /// The first line is not indented: it follows the flag's name.
    static func wrap(_ text: String, indent: Int, width: Int) -> String {
        var indent = indent
        var space = width - indent
        var result: [UInt8] = []
        var rest = Array(text.utf8)[...]
        func indented(_ piece: ArraySlice<UInt8>) -> [UInt8] {
            var out: [UInt8] = []
            for byte in piece {
                out.append(byte)
                if byte == 0x0A { out += Array(repeating: 0x20, count: indent) }
            }
            return out
        }
        // Too narrow beside the names: the text goes below them, as a block.
        if space < 24 {
            indent = 16
            space = width - indent
            result = [0x0A] + Array(repeating: 0x20, count: indent)
        }
        if space < 24 {
            return String(decoding: rest.flatMap { $0 == 0x0A ? result : [$0] }, as: UTF8.self)
        }
        let slop = 5
        space -= slop
        var first = true
        while first || !rest.isEmpty {
            let (line, remainder) = split(rest, at: space, slop: slop)
            if !first { result += [0x0A] + Array(repeating: 0x20, count: indent) }
            result += indented(line)
            rest = remainder
            first = false
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// pflag's wrapN: the text up to `limit` bytes, broken at the last space
    /// or newline before it, and the rest; all of it when it fits within `slop` more.
    static func split(_ text: ArraySlice<UInt8>, at limit: Int, slop: Int) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        if limit + slop > text.count { return (text, []) }
        let head = text.prefix(limit)
        guard let breakAt = head.lastIndex(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }), breakAt > text.startIndex else {
            return (text, [])
        }
        if let newline = head.lastIndex(of: 0x0A), newline > text.startIndex, newline < breakAt {
            return (text[..<newline], text[(newline + 1)...])
        }
        return (text[..<breakAt], text[(breakAt + 1)...])
    }
}
