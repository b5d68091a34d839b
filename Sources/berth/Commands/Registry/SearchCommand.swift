import CLISupport
import EngineClient

/// `berth search TERM`: the daemon searches the registry the term names
/// (Docker Hub unless it starts with `host[:port]/`); the results as docker's
/// table (NAME, DESCRIPTION, STARS, OFFICIAL) or through `--format`.
struct SearchCommand: FlagCommand {
    static let usage = "[OPTIONS] TERM"
    static let summary = "Search Docker Hub for images"
    static let arguments = UsageProblem.ArgumentRule.exactly(1)
    static let flags: [FlagDefinition] = [
        FlagDefinition("filter", short: "f", type: "filter", "Filter output based on conditions provided"),
        FlagDefinition("format", "Pretty-print search using a Go template"),
        FlagDefinition("limit", type: "int", "Max number of search results") { (text) throws(FlagValueError) in
            String(try GoStrconv.parseInt(text))
        },
        .bool("no-trunc", "Don't truncate output"),
    ]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        // docker reads its configuration (and warns about it) before anything else.
        _ = ClientConfiguration.load()
        let filters = try FilterOption.parse(flags.strings("filter"))
        if filters.contains(where: { $0.0 == "is-automated" }) {
            Output.errLine(#"WARNING: the "is-automated" filter is deprecated, and searching for "is-automated=true" will not yield any results in future."#)
        }
        let term = flags.arguments[0]
        let client = try Session.client()
        let key = RegistryHostname.configKey(forSearchTerm: term)
        let stored = RegistryAuthHeader.credentials(forKey: key, in: ClientConfiguration.forReading())
        let limit = Int(flags.int("limit"))
        let results = try LoginPriorToRequest.send("search", stored: stored) { (auth) throws(EngineError) in
            try client.searchImages(term: term, limit: limit, filters: filters, registryAuth: auth)
        }
        let listings = results.map {
            SearchListing(name: $0.name ?? "", description: $0.description ?? "", starCount: $0.star_count ?? 0,
                          isOfficial: $0.is_official ?? false)
        }
        let format = SearchRows.format(flags.string("format", default: ""))
        let rows = SearchRows.rows(listings, truncate: !flags.bool("no-trunc"))
        Output.out(try FormatRenderer(format: format, headers: SearchRows.headers).render(rows))
    }
}
