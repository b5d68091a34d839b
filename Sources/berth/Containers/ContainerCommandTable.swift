/// Where each container command lives, by the path Docker names it with
/// ("ps", "container ls"), and the aliases of the `container` group.
enum ContainerCommandTable {
    static let commands: [String: FlagCommand.Type] = {
        var table: [String: FlagCommand.Type] = [
            "ps": ListCommand.self,
            "inspect": InspectCommand.self,
            "events": EventsCommand.self,
        ]
        let shared: [String: FlagCommand.Type] = [
            "stop": StopCommand.self, "restart": RestartCommand.self, "kill": KillCommand.self, "pause": PauseCommand.self,
            "unpause": UnpauseCommand.self, "rm": RemoveCommand.self, "wait": WaitCommand.self, "rename": RenameCommand.self,
            "top": TopCommand.self, "port": PortCommand.self, "diff": DiffCommand.self, "commit": CommitCommand.self,
            "export": ExportCommand.self, "update": UpdateCommand.self, "logs": LogsCommand.self,
            "run": RunCommand.self, "create": CreateCommand.self, "start": StartCommand.self, "attach": AttachCommand.self,
            "exec": ExecCommand.self, "stats": StatsCommand.self, "cp": CopyCommand.self,
        ]
        for (name, type) in shared {
            table[name] = type
            table["container " + name] = type
        }
        table["container ls"] = ListCommand.self
        table["container inspect"] = ContainerInspectCommand.self
        table["container prune"] = ContainerPruneCommand.self
        return table
    }()

    /// `berth container SUB`: aliases to the canonical subcommand.
    static let containerGroup: [String: String] = [
        "ls": "ls", "list": "ls", "ps": "ls", "rm": "rm", "remove": "rm",
        "attach": "attach", "commit": "commit", "cp": "cp", "create": "create", "diff": "diff", "exec": "exec",
        "export": "export", "inspect": "inspect", "kill": "kill", "logs": "logs", "pause": "pause", "port": "port",
        "prune": "prune", "rename": "rename", "restart": "restart", "run": "run", "start": "start", "stats": "stats",
        "stop": "stop", "top": "top", "unpause": "unpause", "update": "update", "wait": "wait",
    ]

    static let topLevel: Set<String> = Set(commands.keys.filter { !$0.contains(" ") }).union(["container"])

    /// `berth container` with no subcommand: the group's commands.
    static var groupHelp: String {
        let summaries: [(String, String)] = containerGroup.values.sorted().reduce(into: []) { list, name in
            guard !list.contains(where: { $0.0 == name }), let type = commands["container " + name] else { return }
            list.append((name, type.summary))
        }
        var text = "Usage:  berth container COMMAND\n\nManage containers\n\nCommands:\n"
        for (name, summary) in summaries {
            text += "  " + name + String(repeating: " ", count: max(1, 12 - name.count)) + summary + "\n"
        }
        return text + "\nRun 'berth container COMMAND --help' for more information on a command.\n"
    }
}
