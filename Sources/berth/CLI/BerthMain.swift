import ArgumentParser
import EngineClient

/// Runs one invocation: global flags, then the command through ArgumentParser,
/// with Docker's messages and exit codes for every way that can go wrong.
enum BerthMain {
    static let rootUsage = "berth [OPTIONS] COMMAND [ARG...]"

    static func run(_ arguments: [String]) -> Int32 {
        var args = arguments[...]
        // Global flags, before the command.
        while let first = args.first, first.hasPrefix("-"), first != "-" {
            args.removeFirst()
            let (name, inlineValue) = splitFlag(first)
            switch name {
            case "-H", "--host", "-c", "--context", "-l", "--log-level", "--config":
                guard let value = inlineValue ?? args.popFirst() else {
                    return usageFailure(flagNeedsArgument(name), path: "berth", usage: rootUsage)
                }
                if name == "-H" || name == "--host" { Session.hostFlag = value }
                if name == "--config" { Session.configFlag = value }
                if (name == "-c" || name == "--context") && value != Session.contextName {
                    Output.errLine("context \"\(value)\" does not exist")
                    return 1
                }
            case "-D", "--debug":
                break
            case "-v", "--version":
                Output.out("Berth version \(BerthVersion.current)\n")
                return 0
            case "-h", "--help":
                Output.out(rootHelp)
                return 0
            default:
                return usageFailure(unknownFlag(name), path: "berth", usage: rootUsage)
            }
        }
        guard let command = args.first else {
            Output.out(rootHelp)
            return 0
        }
        if ContainerCommandTable.topLevel.contains(command) {
            return runContainerCommand(Array(args))
        }
        if let (key, words) = RegistryCommandTable.match(args) {
            return FlagCommandRunner.execute(RegistryCommandTable.commands[key]!, path: "berth " + key, arguments: Array(args.dropFirst(words)))
        }
        // `berth help run` is `berth run --help`.
        if command == "help", args.count > 1, ContainerCommandTable.topLevel.contains(args[args.startIndex + 1]) {
            return runContainerCommand(Array(args.dropFirst()) + ["--help"])
        }
        if command == "help", let (key, words) = RegistryCommandTable.match(args.dropFirst()) {
            return FlagCommandRunner.execute(RegistryCommandTable.commands[key]!, path: "berth " + key,
                                             arguments: Array(args.dropFirst(1 + words)) + ["--help"])
        }
        guard CommandTable.topLevel.contains(command) else {
            Output.errLine("berth: unknown command: berth \(command)\n\nRun 'berth --help' for more information")
            return 1
        }
        // The command's canonical path, for usage messages.
        var path = "berth " + command
        if let group = CommandTable.groups[command] {
            let rest = args.dropFirst()
            if let sub = rest.first, !sub.hasPrefix("-") {
                guard let canonical = group[sub] else {
                    Output.errLine("berth: unknown command: berth \(command) \(sub)\n\nUsage:  berth \(command)\n\nRun 'berth \(command) --help' for more information")
                    return 1
                }
                path += " " + canonical
            }
        }
        let key = String(path.dropFirst("berth ".count))
        let usage = path + (CommandTable.usage[key].map { " " + $0 } ?? "")
        let rewritten = rewriteBooleanValues(Array(args))

        do {
            var parsed = try BerthCommand.parseAsRoot(rewritten)
            do {
                try parsed.run()
                return 0
            } catch {
                return report(error, path: path, usage: usage)
            }
        } catch {
            if BerthCommand.exitCode(for: error) == .success {
                Output.out(BerthCommand.fullMessage(for: error) + "\n")
                return 0
            }
            if case .unknownCommand = error as? UsageProblem { return 1 }
            return usageFailure(translate(BerthCommand.message(for: error)), path: path, usage: usage)
        }
    }

    /// ArgumentParser's help for the image and system commands, then the
    /// container commands, which it does not parse.
    static var rootHelp: String {
        var text = BerthCommand.helpMessage() + "\n\nCONTAINER COMMANDS:\n"
        let names = ContainerCommandTable.commands.keys.filter { !$0.contains(" ") }.sorted()
        for name in names + ["container"] {
            let summary = name == "container" ? "Manage containers" : ContainerCommandTable.commands[name]!.summary
            text += "  " + name + String(repeating: " ", count: max(1, 24 - name.count)) + summary + "\n"
        }
        text += "\nREGISTRY COMMANDS:\n"
        for (name, summary) in RegistryCommandTable.topLevelSummaries {
            text += "  " + name + String(repeating: " ", count: max(1, 24 - name.count)) + summary + "\n"
        }
        return text
    }

    /// The container commands, parsed with Docker's flag rules (FlagCommand).
    static func runContainerCommand(_ args: [String]) -> Int32 {
        var key = args[0]
        var consumed = 1
        if key == "container" {
            guard args.count > 1, !args[1].hasPrefix("-") else {
                if args.count > 1 && !["-h", "--help"].contains(args[1]) {
                    return usageFailure(unknownFlag(splitFlag(args[1]).0), path: "berth container", usage: "berth container COMMAND")
                }
                // Docker prints a group's help on stderr when no subcommand is given.
                if args.count > 1 { Output.out(ContainerCommandTable.groupHelp) } else { Output.err(ContainerCommandTable.groupHelp) }
                return 0
            }
            guard let canonical = ContainerCommandTable.containerGroup[args[1]] else {
                Output.errLine("berth: unknown command: berth container \(args[1])\n\nUsage:  berth container\n\nRun 'berth container --help' for more information")
                return 1
            }
            key = "container " + canonical
            consumed = 2
        }
        guard let command = ContainerCommandTable.commands[key] else {
            Output.errLine("berth: unknown command: berth \(key)\n\nRun 'berth --help' for more information")
            return 1
        }
        return FlagCommandRunner.execute(command, path: "berth " + key, arguments: Array(args.dropFirst(consumed)))
    }

    static func report(_ error: Error, path: String, usage: String) -> Int32 {
        switch error {
        case let problem as UsageProblem:
            switch problem {
            case .flag(let message): return usageFailure(message, path: path, usage: usage)
            case .arguments(let rule):
                Output.errLine(rule.message(path: path, usage: usage))
                return 1
            case .unknownCommand(let name):
                Output.errLine("berth: unknown command: \(path) \(name)\n\nRun '\(path) --help' for more information")
                return 1
            }
        case let failure as CLIError:
            if !failure.message.isEmpty { Output.errLine(failure.message) }
            return failure.exitCode
        case let failure as EngineError:
            // Docker exits 1 for daemon errors here, in-stream ones included
            // (only `build` turns an errorDetail code into the exit status).
            Output.errLine(failure.description)
            return 1
        default:
            // ArgumentParser's own (help requested from a subcommand, validation).
            if BerthCommand.exitCode(for: error) == .success {
                Output.out(BerthCommand.fullMessage(for: error) + "\n")
                return 0
            }
            return usageFailure(translate(BerthCommand.message(for: error)), path: path, usage: usage)
        }
    }

    static func usageFailure(_ message: String, path: String, usage: String) -> Int32 {
        Output.errLine("\(message)\n\nUsage:  \(usage)\n\nRun '\(path) --help' for more information")
        return 125
    }

    static func splitFlag(_ arg: String) -> (String, String?) {
        guard let equals = arg.firstIndex(of: "=") else { return (arg, nil) }
        return (String(arg[..<equals]), String(arg[arg.index(after: equals)...]))
    }

    static func unknownFlag(_ name: String) -> String {
        if name.hasPrefix("--") { return "unknown flag: \(name)" }
        let letter = name.dropFirst().prefix(1)
        return "unknown shorthand flag: '\(letter)' in \(name)"
    }

    static func flagNeedsArgument(_ name: String) -> String {
        name.hasPrefix("--") ? "flag needs an argument: \(name)" : "flag needs an argument: '\(name.dropFirst())' in \(name)"
    }

    /// ArgumentParser's wording, in pflag's (which scripts and people know).
    static func translate(_ message: String) -> String {
        var text = message
        if text.hasPrefix("Error: ") { text = String(text.dropFirst(7)) }
        if let quoted = quotedPart(text, after: "Unknown option ") { return unknownFlag(quoted) }
        if let quoted = quotedPart(text, after: "Missing value for ") {
            return flagNeedsArgument(String(quoted.prefix { $0 != " " }))
        }
        if let quoted = quotedPart(text, after: "Unexpected argument ") {
            return quoted.hasPrefix("-") ? unknownFlag(quoted) : "unexpected argument \(quoted)"
        }
        return text
    }

    static func quotedPart(_ text: String, after prefix: String) -> String? {
        guard text.hasPrefix(prefix + "'") else { return nil }
        let rest = text.dropFirst(prefix.count + 1)
        guard let end = rest.firstIndex(of: "'") else { return nil }
        return String(rest[..<end])
    }

    /// pflag accepts `--flag=false` for booleans; ArgumentParser does not.
    /// `--human=false` (history) becomes `--no-human`; others true/false are
    /// applied by keeping or dropping the flag.
    static func rewriteBooleanValues(_ args: [String]) -> [String] {
        let booleans: Set = ["--all", "--quiet", "--no-trunc", "--digests", "--force", "--no-prune", "--human", "--tree"]
        var out: [String] = []
        var afterSeparator = false
        for arg in args {
            if arg == "--" { afterSeparator = true }
            let (name, value) = splitFlag(arg)
            guard !afterSeparator, let value, booleans.contains(name) || name == "-H" else { out.append(arg); continue }
            let truthy: Bool
            switch value.lowercased() {
            case "true", "1", "t": truthy = true
            case "false", "0", "f": truthy = false
            default: out.append(arg); continue
            }
            if name == "--human" || name == "-H" { out.append(truthy ? "--human" : "--no-human"); continue }
            if truthy { out.append(name) }
        }
        return out
    }
}
