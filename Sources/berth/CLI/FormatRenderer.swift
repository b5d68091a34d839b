import CLISupport

/// Docker's formatter.Context: `--format` with `table`, `json`, or a template,
/// executed once per row; tables get a header (the same template run over the
/// column titles) and tabwriter alignment.
struct FormatRenderer {
    var format: String
    /// Column titles by field name (Docker's SubHeaderContext).
    var headers: [(String, String)]

    var isTable: Bool { format.hasPrefix("table") }

    /// The template text Docker actually parses for `format`.
    var templateText: String {
        var text = format
        if isTable { text = String(text.dropFirst("table".count)) } else if format == "json" { text = "{{json .}}" }
        var s = Substring(text)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s).replacingAll("\\t", with: "\t").replacingAll("\\n", with: "\n")
    }

    func render(_ rows: [TemplateValue]) throws -> String {
        let template: Template
        do { template = try Template(templateText) } catch {
            throw CLIError("template parsing error: \(error.message)")
        }
        var body = ""
        for row in rows {
            do { body += try template.execute(row) + "\n" } catch {
                throw CLIError("template parsing error: \(error.message)")
            }
        }
        guard isTable else { return body }
        let header = (try? template.execute(.map(headers.map { ($0.0, .string($0.1)) }), functions: .header)) ?? ""
        return TabWriter.table.format(header + "\n" + body)
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}

/// Docker's stringid.TruncateID: drop the algorithm, keep 12 characters.
func truncateID(_ id: String) -> String {
    var short = Substring(id)
    if let colon = short.firstIndex(of: ":") { short = short[short.index(after: colon)...] }
    return String(short.prefix(12))
}

/// Docker's formatter.Ellipsis: fit `text` in `width` columns, ending in "…".
func ellipsis(_ text: String, _ width: Int) -> String {
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
