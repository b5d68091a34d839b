/// Column alignment as Go's text/tabwriter does it for Docker's tables
/// (`tabwriter.NewWriter(out, minwidth, tabwidth, padding, ' ', 0)`): cells
/// end with a tab, the last cell of a line is not aligned, and a column's width
/// is decided per block of consecutive lines that have a cell in it.
public struct TabWriter: Sendable {
    public var minWidth: Int
    public var padding: Int

    /// Docker's tables: `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`.
    public static let table = TabWriter(minWidth: 10, padding: 3)
    /// `docker version`: `tabwriter.NewWriter(out, 20, 1, 1, ' ', 0)`.
    public static let version = TabWriter(minWidth: 20, padding: 1)

    public init(minWidth: Int, padding: Int) {
        self.minWidth = minWidth
        self.padding = padding
    }

    private struct Cell {
        var text: String
        var width: Int
    }

    public func format(_ text: String) -> String {
        // Split into lines of tab-terminated cells; the text after the last tab
        // is the line's final cell. A missing final newline is kept missing.
        var lines: [[Cell]] = []
        let rawLines = TemplateFunctions.split(text, "\n")
        for raw in rawLines {
            lines.append(TemplateFunctions.split(raw, "\t").map { Cell(text: $0, width: Self.displayWidth($0)) })
        }
        var out = ""
        var widths: [Int] = []
        formatBlock(lines, 0, lines.count, &widths, &out)
        return out
    }

    private func formatBlock(_ lines: [[Cell]], _ start: Int, _ end: Int, _ widths: inout [Int], _ out: inout String) {
        let column = widths.count
        var line0 = start
        var this = start
        while this < end {
            if column >= lines[this].count - 1 { this += 1; continue }
            writeLines(lines, line0, this, widths, &out)
            line0 = this
            var width = minWidth
            while this < end, column < lines[this].count - 1 {
                width = max(width, lines[this][column].width + padding)
                this += 1
            }
            widths.append(width)
            formatBlock(lines, line0, this, &widths, &out)
            widths.removeLast()
            line0 = this
        }
        writeLines(lines, line0, end, widths, &out)
    }

    private func writeLines(_ lines: [[Cell]], _ start: Int, _ end: Int, _ widths: [Int], _ out: inout String) {
        guard start < end else { return }
        for i in start..<end {
            for (j, cell) in lines[i].enumerated() {
                out += cell.text
                if j < widths.count && j < lines[i].count - 1 {
                    out += String(repeating: " ", count: max(0, widths[j] - cell.width))
                }
            }
            if i + 1 < lines.count { out += "\n" }
        }
    }

    /// Terminal columns: East Asian wide characters take two.
    static func displayWidth(_ s: String) -> Int {
        var width = 0
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x20 { continue }
            let wide = (v >= 0x1100 && v <= 0x115F) || (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7A3)
                || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F) || (v >= 0xFF00 && v <= 0xFF60)
                || (v >= 0xFFE0 && v <= 0xFFE6) || (v >= 0x1F300 && v <= 0x1F64F) || (v >= 0x20000 && v <= 0x3FFFD)
            width += wide ? 2 : 1
        }
        return width
    }
}

extension TemplateFunctions {
    /// Columns one character takes in a terminal.
    public static func displayWidth(of scalar: Unicode.Scalar) -> Int {
        TabWriter.displayWidth(String(scalar))
    }
}
