/// The rows of `search`: Docker's searchContext, with its columns, the
/// description flattened to one line and cut at 45 columns, and OFFICIAL as
/// `[OK]` (`true`/`false` under `{{json .}}`).
public struct SearchListing: Sendable {
    public var name: String
    public var description: String
    public var starCount: Int64
    public var isOfficial: Bool

    public init(name: String, description: String, starCount: Int64, isOfficial: Bool) {
        self.name = name
        self.description = description
        self.starCount = starCount
        self.isOfficial = isOfficial
    }
}

public enum SearchRows {
    public static let headers: [(String, String)] = [
        ("Name", "NAME"), ("Description", "DESCRIPTION"), ("StarCount", "STARS"), ("IsOfficial", "OFFICIAL"),
    ]

    static let defaultTable = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}"

    /// Docker's NewSearchFormat: no format, or `table`, is the default table.
    public static func format(_ source: String) -> String {
        source.isEmpty || source == "table" ? defaultTable : source
    }

    public static func rows(_ results: [SearchListing], truncate: Bool) -> [TemplateValue] {
        results.map { .record(record($0, truncate: truncate)) }
    }

    static func record(_ result: SearchListing, truncate: Bool) -> TemplateRecord {
        // Each of \r and \n becomes a space (by scalar: "\r\n" is two, as in Go).
        var description = String(String.UnicodeScalarView(result.description.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
        if truncate { description = ellipsis(description, 45) }
        let stars = TemplateValue.string(String(result.starCount))
        var record = TemplateRecord(typeName: "*registry.searchContext", fields: [
            ("Name", .string(result.name)),
            ("Description", .string(description)),
            ("StarCount", stars),
            ("IsOfficial", .string(result.isOfficial ? "[OK]" : "")),
        ])
        record.jsonFields = [
            ("Description", .string(description)), ("IsOfficial", .string(result.isOfficial ? "true" : "false")),
            ("Name", .string(result.name)), ("StarCount", stars),
        ]
        return record
    }
}
