import CLISupport
import EngineClient

/// `berth push NAME[:TAG]` (also `berth image push`): the daemon pushes with
/// the stored login for the registry; its progress goes to stdout, or only
/// the reference with `-q`.
struct PushCommand: FlagCommand {
    static let usage = "[OPTIONS] NAME[:TAG]"
    static let summary = "Upload an image to a registry"
    static let aliases = "berth image push, berth push"
    static let arguments = UsageProblem.ArgumentRule.exactly(1)
    static let flags: [FlagDefinition] = [
        .bool("all-tags", short: "a", "Push all tags of an image to the repository"),
        .bool("disable-content-trust", "Skip image signing", default: "true"),
        FlagDefinition("platform", """
            Push a platform-specific manifest as a single-platform image to the registry.
            Image index won't be pushed, meaning that other manifests, including attestations won't be preserved.
            'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)
            """).requiring("1.46"),
        .bool("quiet", short: "q", "Suppress verbose output"),
    ]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        // docker reads its configuration (and warns about it) before anything else.
        _ = ClientConfiguration.load()
        let allTags = flags.bool("all-tags"), quiet = flags.bool("quiet")
        var platformJSON: String? = nil
        if let text = flags.string("platform"), !text.isEmpty {
            let platform: PlatformSpecifier
            do { platform = try PlatformSpecifier(parsing: text) } catch {
                // docker prints this without a newline, then the error on its own line.
                Output.err("Invalid platform \(text)")
                throw CLIError(error.message)
            }
            platformJSON = platform.json
            InfoNote.print("""
                Using --platform pushes only the specified platform manifest of a multi-platform image index.
                Other components, like attestations, will not be included.
                To push the complete multi-platform image, remove the --platform flag.

                """, fd: 1)
        }
        let reference = try TransferReference.parse(flags.arguments[0], allTags: allTags, quiet: quiet)
        if reference.digest != nil { throw CLIError("cannot push a digest reference") }

        let client = try Session.client()
        let key = RegistryHostname.configKey(forDomain: reference.domain)
        let stored = RegistryAuthHeader.credentials(forKey: key, in: ClientConfiguration.forReading())
        let tag = allTags ? nil : reference.tag
        let response = try LoginPriorToRequest.send("push", stored: stored) { (auth) throws(EngineError) in
            try client.pushImage(reference.name, tag: tag, registryAuth: auth, platform: platformJSON)
        }
        try ProgressDisplay(fd: 1, silent: quiet).show(JSONMessageStream(response))
        if quiet { Output.out(reference.fullString + "\n") }
    }
}
