import ArgumentParser
import CLISupport
import EngineClient

/// `berth history`: Docker's columns; `-H=false`/`--human=false` shows raw
/// sizes and RFC 3339 dates.
struct ImageHistoryOptions: ParsableArguments {
    @Flag(name: [.customShort("H"), .customLong("human")], help: "Print sizes and dates in human readable format (default true)")
    var human = false
    /// What main rewrites `--human=false` and `-H=false` to.
    @Flag(name: .customLong("no-human"), help: .hidden)
    var noHuman = false
    @Flag(name: [.customShort("q"), .long], help: "Only show image IDs")
    var quiet = false
    @Flag(name: .customLong("no-trunc"), help: "Don't truncate output")
    var noTrunc = false
    @Option(name: .customLong("format"), help: "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template")
    var format: String = ""
    @Option(name: .customLong("platform"), help: "Show history for the given platform (\"os[/arch[/variant]]\")")
    var platform: String?
    @Argument(help: ArgumentHelp("IMAGE"))
    var arguments: [String] = []

    static let headers: [(String, String)] = [
        ("ID", "IMAGE"), ("CreatedSince", "CREATED"), ("CreatedAt", "CREATED AT"), ("CreatedBy", "CREATED BY"),
        ("Size", "SIZE"), ("Comment", "COMMENT"),
    ]

    func run() throws {
        try UsageProblem.ArgumentRule.exactly(1).check(arguments.count)
        let isHuman = !noHuman
        let client = try Session.client()
        if platform != nil { try requireAPI(client, "1.48", flag: "--platform") }
        let history = try client.imageHistory(arguments[0])
        var source = format.isEmpty ? "table" : format
        if source == "table" {
            source = quiet ? "{{.ID}}"
                : isHuman ? "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
                : "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
        }
        let now = GoTime.now()
        let rows = history.map { TemplateValue.record(Self.record($0, human: isHuman, truncate: !noTrunc, now: now)) }
        Output.out(try FormatRenderer(format: source, headers: Self.headers).render(rows))
    }

    /// 2000-01-01: older creation times are shown as N/A.
    static let epoch: Int64 = 946_684_800

    static func record(_ item: ImageHistoryItem, human: Bool, truncate: Bool, now: Double) -> TemplateRecord {
        let id = item.Id ?? ""
        let created = item.Created ?? 0
        let createdAt = GoTime.rfc3339(unix: created)
        let createdSince = !human ? createdAt
            : created <= epoch ? "N/A"
            : HumanUnits.duration(seconds: now - Double(created)) + " ago"
        let createdBy = (item.CreatedBy ?? "").replacingAll("\t", with: " ")
        let size = item.Size ?? 0
        return TemplateRecord(typeName: "*image.historyContext", fields: [
            ("Comment", .string(item.Comment ?? "")),
            ("CreatedAt", .string(createdAt)),
            ("CreatedBy", .string(truncate ? ellipsis(createdBy, 45) : createdBy)),
            ("CreatedSince", .string(createdSince)),
            ("ID", .string(truncate ? truncateID(id) : id)),
            ("Size", .string(human ? HumanUnits.size(Double(size), precision: 3) : String(size))),
        ])
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Show the history of an image")
    @OptionGroup var options: ImageHistoryOptions
    func run() throws { try options.run() }
}

struct ImageHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Show the history of an image")
    @OptionGroup var options: ImageHistoryOptions
    func run() throws { try options.run() }
}

/// Docker refuses flags the daemon's API version cannot carry.
func requireAPI(_ client: EngineClient, _ minimum: String, flag: String) throws {
    let version = try client.apiVersion()
    if EngineClient.compareVersions(version, minimum) < 0 {
        throw CLIError("\"\(flag)\" requires API version \(minimum), but the Berth daemon API version is \(version)")
    }
}
