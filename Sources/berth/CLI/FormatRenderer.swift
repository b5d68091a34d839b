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
        let header = template.executePartially(.record(Self.headerContext(headers)), functions: .header)
        return TabWriter.table.format(header + "\n" + body)
    }
}

extension FormatRenderer {
    /// Docker's SubHeaderContext: the column titles, and `Label` for
    /// `{{.Label "com.example.name"}}` columns (the last dotted part, spaced).
    static func headerContext(_ headers: [(String, String)]) -> TemplateRecord {
        TemplateRecord(typeName: "formatter.SubHeaderContext", fields: headers.map { ($0.0, .string($0.1)) }, methods: [
            "Label": { (arguments) throws(TemplateFunctions.CallError) in
                guard arguments.count == 1, case .string(let name) = arguments[0] else {
                    throw TemplateFunctions.CallError("wrong number of args for Label: want 1 got \(arguments.count)")
                }
                let last = name.split(separator: ".", omittingEmptySubsequences: false).last.map(String.init) ?? ""
                return .string(String(last.map { $0 == "-" || $0 == "_" ? " " : $0 }))
            },
        ], isMap: true)
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

