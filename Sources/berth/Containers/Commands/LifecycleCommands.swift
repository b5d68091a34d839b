import CLISupport
import EngineClient

/// `berth stop`: `-t/--timeout` (also the deprecated `--time`), `-s/--signal`.
struct StopCommand: FlagCommand {
    static let usage = "[OPTIONS] CONTAINER [CONTAINER...]"
    static let summary = "Stop one or more running containers"
    static let aliases = "berth container stop, berth stop"
    static let arguments = UsageProblem.ArgumentRule.atLeast(1)
    static let flags = stopFlags

    static let stopFlags: [FlagDefinition] = [
        FlagDefinition("signal", short: "s", "Signal to send to the container"),
        FlagDefinition("timeout", short: "t", type: "int", "Seconds to wait before killing the container") { (text) throws(FlagValueError) in
            String(try GoStrconv.parseInt(text))
        },
        FlagDefinition("time", type: "int", "Seconds to wait before killing the container (deprecated: use --timeout)",
                       hidden: true, deprecated: "use --timeout instead") { (text) throws(FlagValueError) in
            String(try GoStrconv.parseInt(text))
        },
    ]

    let flags: ParsedFlags
    var restart: Bool { false }

    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        try Self.stop(flags, restart: restart)
    }

    static func stop(_ flags: ParsedFlags, restart: Bool) throws {
        if flags.isSet("time") && flags.isSet("timeout") {
            throw CLIError("conflicting options: cannot specify both --timeout and --time")
        }
        var timeout: Int? = nil
        if flags.isSet("timeout") { timeout = Int(flags.int("timeout")) }
        if flags.isSet("time") { timeout = Int(flags.int("time")) }
        let client = try Session.client()
        try ContainerOperations.forEach(flags.arguments) { name in
            try client.stopContainer(name, restart: restart, timeout: timeout, signal: flags.string("signal"))
        }
    }
}

/// `berth restart`: as `stop`, then start again.
struct RestartCommand: FlagCommand {
    static let usage = "[OPTIONS] CONTAINER [CONTAINER...]"
    static let summary = "Restart one or more containers"
    static let aliases = "berth container restart, berth restart"
    static let arguments = UsageProblem.ArgumentRule.atLeast(1)
    static let flags = StopCommand.stopFlags

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }
    func run() throws { try StopCommand.stop(flags, restart: true) }
}

/// `berth kill [-s SIGNAL]`.
struct KillCommand: FlagCommand {
    static let usage = "[OPTIONS] CONTAINER [CONTAINER...]"
    static let summary = "Kill one or more running containers"
    static let aliases = "berth container kill, berth kill"
    static let arguments = UsageProblem.ArgumentRule.atLeast(1)
    static let flags = [FlagDefinition("signal", short: "s", "Signal to send to the container")]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let client = try Session.client()
        let signal = flags.string("signal") ?? ""
        try ContainerOperations.forEach(flags.arguments) { name in try client.killContainer(name, signal: signal) }
    }
}

struct PauseCommand: FlagCommand {
    static let usage = "CONTAINER [CONTAINER...]"
    static let summary = "Pause all processes within one or more containers"
    static let aliases = "berth container pause, berth pause"
    static let arguments = UsageProblem.ArgumentRule.atLeast(1)
    static let flags: [FlagDefinition] = []

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let client = try Session.client()
        try ContainerOperations.forEach(flags.arguments) { name in try client.pauseContainer(name) }
    }
}

struct UnpauseCommand: FlagCommand {
    static let usage = "CONTAINER [CONTAINER...]"
    static let summary = "Unpause all processes within one or more containers"
    static let aliases = "berth container unpause, berth unpause"
    static let arguments = UsageProblem.ArgumentRule.atLeast(1)
    static let flags: [FlagDefinition] = []

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let client = try Session.client()
        try ContainerOperations.forEach(flags.arguments) { name in try client.unpauseContainer(name) }
    }
}

/// `berth rm [-f] [-v] [-l]`: with `-f`, a container that does not exist is
/// reported on stderr but does not fail the command.
struct RemoveCommand: FlagCommand {
    static let usage = "[OPTIONS] CONTAINER [CONTAINER...]"
    static let summary = "Remove one or more containers"
    static let aliases = "berth container rm, berth container remove, berth rm"
    static let arguments = UsageProblem.ArgumentRule.atLeast(1)
    static let flags: [FlagDefinition] = [
        .bool("volumes", short: "v", "Remove anonymous volumes associated with the container"),
        .bool("link", short: "l", "Remove the specified link"),
        .bool("force", short: "f", "Force the removal of a running container (uses SIGKILL)"),
    ]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let client = try Session.client()
        let force = flags.bool("force")
        var errors: [String] = []
        for name in flags.arguments {
            let id = String(name.drop { $0 == "/" }.reversed().drop { $0 == "/" }.reversed())
            do {
                if id.isEmpty { throw CLIError("container name cannot be empty") }
                try client.removeContainer(id, force: force, volumes: flags.bool("volumes"), link: flags.bool("link"))
                Output.out(name + "\n")
            } catch let error as EngineError where force && error.isNotFound {
                Output.errLine(error.description)
            } catch {
                errors.append(ContainerOperations.describe(error))
            }
        }
        if !errors.isEmpty { throw CLIError(errors.joined(separator: "\n")) }
    }
}

/// `berth wait`: blocks until each container stops, printing its exit status.
struct WaitCommand: FlagCommand {
    static let usage = "CONTAINER [CONTAINER...]"
    static let summary = "Block until one or more containers stop, then print their exit codes"
    static let aliases = "berth container wait, berth wait"
    static let arguments = UsageProblem.ArgumentRule.atLeast(1)
    static let flags: [FlagDefinition] = []

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let client = try Session.client()
        var errors: [String] = []
        for name in flags.arguments {
            do {
                try ContainerOperations.checkID(name)
                let result = try EngineClient.waitResult(try client.waitContainer(name, condition: nil))
                Output.out("\(result.StatusCode ?? 0)\n")
            } catch {
                errors.append(ContainerOperations.describe(error))
            }
        }
        if !errors.isEmpty { throw CLIError(errors.joined(separator: "\n")) }
    }
}

/// `berth rename CONTAINER NEW_NAME`.
struct RenameCommand: FlagCommand {
    static let usage = "CONTAINER NEW_NAME"
    static let summary = "Rename a container"
    static let aliases = "berth container rename, berth rename"
    static let arguments = UsageProblem.ArgumentRule.exactly(2)
    static let flags: [FlagDefinition] = []

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let old = flags.arguments[0].trimmedWhitespace, new = flags.arguments[1].trimmedWhitespace
        if old.isEmpty || new.isEmpty { throw CLIError("Error: Neither old nor new names may be empty") }
        do { try Session.client().renameContainer(old, to: new) } catch {
            Output.errLine(ContainerOperations.describe(error))
            throw CLIError("Error: failed to rename container named \(old)")
        }
    }
}
