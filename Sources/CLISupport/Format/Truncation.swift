/// Docker's ways of shortening what a table shows.

/// Docker's stringid.TruncateID: drop the algorithm, keep 12 characters.
public func truncateID(_ id: String) -> String {
    var short = Substring(id)
    if let colon = short.firstIndex(of: ":") { short = short[short.index(after: colon)...] }
    return String(short.prefix(12))
}

/// Docker's formatter.Ellipsis: fit `text` in `width` columns, ending in "…".
public func ellipsis(_ text: String, _ width: Int) -> String {
    if width <= 0 { return "" }
    let scalars = Array(text.unicodeScalars)
    if width == 1 { return scalars.first.map { String($0) } ?? "" }
    if text.utf8.count == scalars.count {
        return scalars.count <= width ? text : String(String.UnicodeScalarView(scalars[..<(width - 1)])) + "…"
    }
    var total = 0
    var ends: [Int] = []
    for scalar in scalars {
        total += TemplateFunctions.displayWidth(of: scalar)
        ends.append(total)
    }
    if total <= width { return text }
    var out = String.UnicodeScalarView()
    for (i, scalar) in scalars.enumerated() where ends[i] <= width - 1 { out.append(scalar) }
    return String(out) + "…"
}
