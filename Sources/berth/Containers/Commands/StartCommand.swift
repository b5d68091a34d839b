import CLISupport
import EngineClient
import Glibc

/// `berth start`: starts each container and prints its name; with `-a`/`-i`,
/// starts one and stays attached as `run` does.
struct StartCommand: FlagCommand {
    static let usage = "[OPTIONS] CONTAINER [CONTAINER...]"
    static let summary = "Start one or more stopped containers"
    static let aliases = "berth container start, berth start"
    static let arguments = UsageProblem.ArgumentRule.atLeast(1)
    static let flags: [FlagDefinition] = [
        .bool("attach", short: "a", "Attach STDOUT/STDERR and forward signals"),
        .bool("interactive", short: "i", "Attach container's STDIN"),
        FlagDefinition("detach-keys", "Override the key sequence for detaching a container"),
        FlagDefinition("checkpoint", "Restore from this checkpoint", hidden: true),
        FlagDefinition("checkpoint-dir", "Use a custom checkpoint storage directory", hidden: true),
    ]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let names = flags.arguments
        if flags.bool("attach") || flags.bool("interactive") {
            if names.count > 1 { throw CLIError("you cannot start and attach multiple containers at once") }
            try startAttached(names[0])
            return
        }
        if flags.string("checkpoint").map({ !$0.isEmpty }) ?? false {
            throw CLIError("checkpoints are not supported")
        }
        let client = try Session.client()
        var failed: [String] = []
        for name in names {
            do {
                try ContainerOperations.checkID(name)
                try client.startContainer(name)
                Output.out(name + "\n")
            } catch {
                Output.errLine(ContainerOperations.describe(error))
                failed.append(name)
            }
        }
        if !failed.isEmpty { throw CLIError("Error: failed to start containers: \(failed.joined(separator: ", "))") }
    }

    func startAttached(_ name: String) throws {
        try ContainerOperations.checkID(name)
        let client = try Session.client()
        let (details, _) = try client.inspectContainer(name)
        let id = details.Id ?? name
        let tty = details.Config?.Tty ?? false
        let stdin = flags.bool("interactive") && (details.Config?.OpenStdin ?? false)
        let resizer = tty && isatty(1) == 1 ? TerminalResizer(id: id, exec: false, client: client) : nil
        let relay = SignalRelay(client: client, forwardTo: tty ? nil : id, resizer: resizer)
        let detachKeys = flags.string("detach-keys")
        let stream = try client.attachContainer(id, stdin: stdin, stdout: true, stderr: true, detachKeys: detachKeys)
        let autoRemove = details.HostConfig?.AutoRemove ?? false
        let wait = try? client.waitContainer(id, condition: autoRemove ? "removed" : "next-exit")
        do {
            try client.startContainer(id)
        } catch {
            stream.close()
            if autoRemove, let wait { _ = try? EngineClient.waitResult(wait) }
            throw error
        }
        resizer?.initialResize()
        let pump = try RunCommand.pump(stream, tty: tty, stdin: stdin, stdout: true, stderr: true, detachKeys: detachKeys,
                                       relay: relay, wait: wait)
        if try pump.run() == .detached { return }
        let status = RunCommand.exitStatus(wait)
        if status != 0 { throw CLIError("", exitCode: status) }
    }
}

/// `berth attach CONTAINER`: the running container's streams, until it exits
/// (its status is ours) or the detach keys are typed.
struct AttachCommand: FlagCommand {
    static let usage = "[OPTIONS] CONTAINER"
    static let summary = "Attach local standard input, output, and error streams to a running container"
    static let aliases = "berth container attach, berth attach"
    static let arguments = UsageProblem.ArgumentRule.exactly(1)
    static let flags: [FlagDefinition] = [
        .bool("no-stdin", "Do not attach STDIN"),
        .bool("sig-proxy", "Proxy all received signals to the process", default: "true"),
        FlagDefinition("detach-keys", "Override the key sequence for detaching a container"),
    ]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let name = flags.arguments[0]
        try ContainerOperations.checkID(name)
        let client = try Session.client()
        // Asked first, so that an exit while attaching is not missed.
        let wait = try? client.waitContainer(name, condition: nil)
        let details = try Self.inspectRunning(name, client)
        let tty = details.Config?.Tty ?? false
        let noStdin = flags.bool("no-stdin")
        if tty && !noStdin && isatty(0) != 1 { throw CLIError("the input device is not a TTY") }
        let id = details.Id ?? name
        let stdin = !noStdin && (details.Config?.OpenStdin ?? false)
        let resizer = tty && isatty(1) == 1 ? TerminalResizer(id: id, exec: false, client: client) : nil
        let relay = SignalRelay(client: client, forwardTo: flags.bool("sig-proxy", default: true) && !tty ? name : nil,
                                resizer: resizer)
        let detachKeys = flags.string("detach-keys")
        let stream = try client.attachContainer(name, stdin: stdin, stdout: true, stderr: true, detachKeys: detachKeys)
        _ = try Self.inspectRunning(name, client)
        if let resizer {
            // One larger first, so that the program redraws at the real size.
            resizer.resize(extra: 1)
            resizer.resize()
        }
        let pump = try RunCommand.pump(stream, tty: tty, stdin: stdin, stdout: true, stderr: true, detachKeys: detachKeys,
                                       relay: relay, wait: wait)
        if try pump.run() == .detached { throw CLIError("read escape sequence") }
        guard let wait else { return }
        let result = try EngineClient.waitResult(wait)
        if let message = result.Error?.Message { throw CLIError(message) }
        let status = Int32(truncatingIfNeeded: result.StatusCode ?? 0)
        if status != 0 { throw CLIError("", exitCode: status) }
    }

    /// Inspect, refusing containers that are not running.
    static func inspectRunning(_ name: String, _ client: EngineClient) throws -> ContainerDetails {
        let (details, _) = try client.inspectContainer(name)
        if !(details.State?.Running ?? false) { throw CLIError("You cannot attach to a stopped container, start it first") }
        if details.State?.Paused ?? false { throw CLIError("You cannot attach to a paused container, unpause it first") }
        if details.State?.Restarting ?? false {
            throw CLIError("You cannot attach to a restarting container, wait until it is running")
        }
        return details
    }
}
