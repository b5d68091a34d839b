import CLISupport
import EngineClient

/// A command whose flags are parsed as Docker's are (pflag semantics through
/// CLISupport's FlagSet): the container commands, whose `run`-style argument
/// lists (`-h` is the hostname, flags stop at the image, `-e=X`, `--rm=false`)
/// need pflag's exact rules and messages.
protocol FlagCommand: Sendable {
    /// What follows the command's name in its usage line.
    static var usage: String { get }
    static var summary: String { get }
    /// Docker's "Aliases:" line, with "docker" as "berth".
    static var aliases: String { get }
    static var flags: [FlagDefinition] { get }
    /// False when the first argument ends the flags (`run IMAGE CMD -x`).
    static var interspersed: Bool { get }
    static var arguments: UsageProblem.ArgumentRule { get }

    /// `path` is the command as the usage line names it ("berth container ls").
    init(_ flags: ParsedFlags, path: String) throws
    func run() throws
}

extension FlagCommand {
    static var interspersed: Bool { true }
    static var aliases: String { "" }
    /// The API version the whole command needs (`container prune`: 1.25).
    static var minimumAPIVersion: String? { nil }
    /// How the version error names the command.
    static var name: String { "" }
}

enum FlagCommandRunner {
    /// Parses and runs; returns the exit status, having printed any error.
    static func execute(_ command: FlagCommand.Type, path: String, arguments: [String]) -> Int32 {
        let usage = path + (command.usage.isEmpty ? "" : " " + command.usage)
        var definitions = command.flags
        let ownsHelp = definitions.contains { $0.name == "help" }
        if !ownsHelp {
            let shortTaken = definitions.contains { $0.shorthand == "h" }
            definitions.append(.bool("help", short: shortTaken ? nil : "h", "Print usage", hidden: true))
        }
        let set = FlagSet(definitions, interspersed: command.interspersed)
        let parsed: ParsedFlags
        do {
            parsed = try set.parse(arguments)
        } catch {
            switch error {
            case .helpRequested:
                Output.out(help(command, usage: usage, flags: definitions))
                return 0
            case .invalid(let message):
                return BerthMain.usageFailure(message, path: path, usage: usage)
            }
        }
        for warning in parsed.warnings { Output.out(warning + "\n") }
        if parsed.bool("help") {
            Output.out(help(command, usage: usage, flags: definitions))
            return 0
        }
        do {
            try command.arguments.check(parsed.arguments.count)
            try checkAPIVersions(command, parsed, flags: definitions)
            let instance = try command.init(parsed, path: path)
            try instance.run()
            return 0
        } catch {
            return BerthMain.report(error, path: path, usage: usage)
        }
    }

    /// Flags (and commands) newer than the daemon's API are refused, with
    /// Docker's message, before anything is sent.
    static func checkAPIVersions(_ command: FlagCommand.Type, _ parsed: ParsedFlags, flags: [FlagDefinition]) throws {
        let needed = flags.filter { $0.minimumAPIVersion != nil && parsed.isSet($0.name) }
        guard !needed.isEmpty || command.minimumAPIVersion != nil else { return }
        let client = try Session.client()
        let version = try client.apiVersion()
        if let minimum = command.minimumAPIVersion, EngineClient.compareVersions(version, minimum) < 0 {
            throw CLIError("\(command.name) requires API version \(minimum), but the Berth daemon API version is \(version)")
        }
        for flag in needed where EngineClient.compareVersions(version, flag.minimumAPIVersion!) < 0 {
            throw CLIError("\"--\(flag.name)\" requires API version \(flag.minimumAPIVersion!), but the Berth daemon API version is \(version)")
        }
    }

    /// Docker's help layout: usage, summary, aliases, then the flags table.
    static func help(_ command: FlagCommand.Type, usage: String, flags: [FlagDefinition]) -> String {
        var text = "Usage:  \(usage)\n\n\(command.summary)\n"
        if !command.aliases.isEmpty { text += "\nAliases:\n  \(command.aliases)\n" }
        let visible = flags.filter { !$0.hidden }.sorted { $0.name < $1.name }
        if !visible.isEmpty {
            var rows: [(String, String)] = []
            for flag in visible {
                var left = flag.shorthand.map { "  -\($0), --\(flag.name)" } ?? "      --\(flag.name)"
                if !flag.typeName.isEmpty { left += " " + flag.typeName }
                var right = flag.usage
                if let value = flag.defaultText, !value.isEmpty {
                    right += flag.typeName == "string" ? " (default \"\(value)\")" : " (default \(value))"
                }
                rows.append((left, right))
            }
            let width = rows.map { $0.0.utf8.count }.max() ?? 0
            text += "\nOptions:\n"
            for (left, right) in rows {
                let usage = FlagUsageWrap.wrap(right, indent: width + 3, width: FlagUsageWrap.columns)
                text += left + String(repeating: " ", count: width - left.utf8.count) + "   " + usage + "\n"
            }
        }
        return text
    }
}
