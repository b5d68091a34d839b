import CLISupport
import EngineClient
import Glibc

/// `berth pull NAME[:TAG|@DIGEST]` (also `berth image pull`): the daemon pulls,
/// its progress goes to stdout, and the full reference is printed at the end
/// (alone with `-q`), as docker 28 prints it.
struct PullCommand: FlagCommand {
    static let usage = "[OPTIONS] NAME[:TAG|@DIGEST]"
    static let summary = "Download an image from a registry"
    static let aliases = "berth image pull, berth pull"
    static let arguments = UsageProblem.ArgumentRule.exactly(1)
    static let flags: [FlagDefinition] = [
        .bool("all-tags", short: "a", "Download all tagged images in the repository"),
        .bool("disable-content-trust", "Skip image verification", default: "true"),
        FlagDefinition("platform", "Set platform if server is multi-platform capable").requiring("1.32"),
        .bool("quiet", short: "q", "Suppress verbose output"),
    ]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        // docker reads its configuration (and warns about it) before anything else.
        _ = ClientConfiguration.load()
        let allTags = flags.bool("all-tags"), quiet = flags.bool("quiet")
        let reference = try TransferReference.parse(flags.arguments[0], allTags: allTags, quiet: quiet)
        // As docker's flag, the default comes from DOCKER_DEFAULT_PLATFORM.
        let platform = flags.string("platform") ?? getenv("DOCKER_DEFAULT_PLATFORM").map { String(cString: $0) }
        try ImagePull.pull(reference, allTags: allTags, platform: platform, progress: ProgressDisplay(fd: 1, silent: quiet),
                           promptOnRefusal: true, client: Session.client())
        Output.out(reference.fullString + "\n")
    }
}
