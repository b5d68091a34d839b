import LinuxSupport

/// Docker's "Info ->" notes (its tui.PrintNote): a header, then the text with
/// every further line indented under the first. On a terminal the header is
/// coloured and the text italic, as docker draws them.
enum InfoNote {
    static func print(_ text: String, fd: Int32) {
        let terminal = Output.isTerminal(fd)
        let header = terminal ? "\u{1B}[1m\u{1B}[106m\u{1B}[30mi\u{1B}[0m\u{1B}[0m \u{1B}[96mInfo → \u{1B}[0m\u{1B}[0m" : " Info -> "
        // Both headers take nine columns.
        let indent = String(repeating: " ", count: 9)
        var out = "\n" + header
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { out += indent }
            if terminal {
                let flagged = String(line).replacingAll("--platform", with: "\u{1B}[1m--platform\u{1B}[0m")
                out += "\u{1B}[3m" + flagged + "\u{1B}[0m\n"
            } else {
                out += line + "\n"
            }
        }
        try? FD.writeAll(fd, out)
    }
}
