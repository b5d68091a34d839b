import ArgumentParser

/// The registry commands, parsed with Docker's flag rules (FlagCommand), by
/// the path Docker names them with; `image pull` and `image push` are the
/// same commands under the `image` group.
enum RegistryCommandTable {
    static let commands: [String: FlagCommand.Type] = [
        "pull": PullCommand.self, "push": PushCommand.self, "login": LoginCommand.self, "logout": LogoutCommand.self,
        "search": SearchCommand.self, "image pull": PullCommand.self, "image push": PushCommand.self,
    ]

    /// The command `arguments` start with, and how many words name it.
    static func match(_ arguments: ArraySlice<String>) -> (key: String, words: Int)? {
        guard let first = arguments.first else { return nil }
        if first == "image", arguments.count > 1 {
            let key = "image " + arguments[arguments.startIndex + 1]
            return commands[key] == nil ? nil : (key, 2)
        }
        return commands[first] == nil ? nil : (first, 1)
    }

    /// The top-level ones, for `berth --help`.
    static var topLevelSummaries: [(String, String)] {
        commands.keys.filter { !$0.contains(" ") }.sorted().map { ($0, firstLine(commands[$0]!.summary)) }
    }

    /// docker's one-line summary (cobra's Short) is the help text's first
    /// line without its full stop: "Authenticate to a registry".
    static func firstLine(_ text: String) -> String {
        let line = text.prefix { $0 != "\n" }
        return String(line.hasSuffix(".") ? line.dropLast() : line)
    }
}

/// Entries for `berth image --help`, which ArgumentParser draws: main runs
/// `image pull` and `image push` as FlagCommands before ArgumentParser
/// parses anything, so these only name them in the group's list.
struct ImagePullListing: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pull", abstract: PullCommand.summary)
}

struct ImagePushListing: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "push", abstract: PushCommand.summary)
}
