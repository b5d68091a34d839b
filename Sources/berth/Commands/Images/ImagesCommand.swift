import ArgumentParser
import CLISupport
import EngineClient

/// `berth images` / `berth image ls`: Docker's columns, `-q`, `--digests`,
/// `--no-trunc`, `-f/--filter`, `--format`.
struct ImageListOptions: ParsableArguments {
    @Flag(name: [.customShort("q"), .long], help: "Only show image IDs")
    var quiet = false
    @Flag(name: [.customShort("a"), .long], help: "Show all images (default hides intermediate images)")
    var all = false
    @Flag(name: .customLong("no-trunc"), help: "Don't truncate output")
    var noTrunc = false
    @Flag(name: .customLong("digests"), help: "Show digests")
    var digests = false
    @Option(name: .customLong("format"), help: "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template")
    var format: String = ""
    @Option(name: [.customShort("f", allowingJoined: true), .customLong("filter")], help: "Filter output based on conditions provided")
    var filter: [String] = []
    @Flag(name: .customLong("tree"), help: .hidden)
    var tree = false
    @Argument(help: ArgumentHelp("REPOSITORY[:TAG]"))
    var arguments: [String] = []

    func run(calledAsImages: Bool = false) throws {
        var filters = try FilterOption.parse(filter)
        try UsageProblem.ArgumentRule.atMost(1).check(arguments.count)
        if tree { throw CLIError("--tree is not supported") }
        if let name = arguments.first { filters.append(("reference", name)) }
        let client = try Session.client()
        let images = try client.listImages(all: all, filters: filters)
        let source = format.isEmpty ? "table" : format
        let finalFormat = ImageListRows.format(source, quiet: quiet, digests: digests)
        let rows = ImageListRows.rows(images, truncate: !noTrunc, showDigests: digests, format: finalFormat, now: GoTime.now())
        Output.out(try FormatRenderer(format: finalFormat, headers: ImageListRows.headers).render(rows))
        // `berth images ls` lists images named "ls": say what was probably meant.
        let subcommands: Set = ["build", "history", "import", "inspect", "list", "load", "ls", "prune", "pull", "push", "rm", "save", "tag"]
        if calledAsImages, images.isEmpty, let name = arguments.first, subcommands.contains(name) {
            Output.err("\nNo images found matching \"\(name)\": did you mean \"berth image \(name)\"?\n")
        }
    }
}

struct ImagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "images", abstract: "List images")
    @OptionGroup var options: ImageListOptions
    func run() throws { try options.run(calledAsImages: true) }
}

struct ImageListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List images", aliases: ["list"])
    @OptionGroup var options: ImageListOptions
    func run() throws { try options.run() }
}
