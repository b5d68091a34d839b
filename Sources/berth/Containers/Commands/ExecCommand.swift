import CLISupport
import EngineClient
import Glibc

/// `berth exec CONTAINER COMMAND [ARG...]`: runs a process in a running
/// container, attached as `run` is; its exit status is ours. `-d` leaves it.
struct ExecCommand: FlagCommand {
    static let usage = "[OPTIONS] CONTAINER COMMAND [ARG...]"
    static let summary = "Execute a command in a running container"
    static let aliases = "berth container exec, berth exec"
    static let arguments = UsageProblem.ArgumentRule.atLeast(2)
    static let interspersed = false
    static let flags: [FlagDefinition] = [
        FlagDefinition("detach-keys", "Override the key sequence for detaching a container"),
        .bool("interactive", short: "i", "Keep STDIN open even if not attached"),
        .bool("tty", short: "t", "Allocate a pseudo-TTY"),
        .bool("detach", short: "d", "Detached mode: run command in the background"),
        FlagDefinition("user", short: "u", "Username or UID (format: \"<name|uid>[:<group|gid>]\")"),
        .bool("privileged", "Give extended privileges to the command"),
        FlagDefinition("env", short: "e", type: "list", "Set environment variables", validate: FlagValidators.environment)
            .requiring("1.25"),
        FlagDefinition("env-file", type: "list", "Read in a file of environment variables").requiring("1.25"),
        FlagDefinition("workdir", short: "w", "Working directory inside the container").requiring("1.35"),
    ]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let container = flags.arguments[0]
        let command = Array(flags.arguments.dropFirst())
        var env: [String] = []
        do {
            for file in flags.strings("env-file") {
                let content = try ContainerCreation.readFile(file)
                do { env += try KeyValueFile.parse(content, lookup: { getenv($0).map { String(cString: $0) } }) } catch {
                    throw FlagValueError("invalid env file (\(file)): \(error.message)")
                }
            }
        } catch let error as FlagValueError { throw CLIError(error.message) }
        env += flags.strings("env")
        let detach = flags.bool("detach"), tty = flags.bool("tty")
        let attachStdin = !detach && flags.bool("interactive")
        try ContainerOperations.checkID(container)
        let client = try Session.client()
        _ = try client.inspectContainer(container)
        if !detach && tty && attachStdin && isatty(0) != 1 { throw CLIError("the input device is not a TTY") }
        let apiVersion = try client.apiVersion()
        let consoleSize: (UInt, UInt)? = tty && EngineClient.compareVersions(apiVersion, "1.42") >= 0
            ? (TerminalResizer.currentSize() ?? (0, 0)) : nil
        func size() -> [(String, JSONDocument)] {
            consoleSize.map { [("ConsoleSize", .array([.integer($0.0), .integer($0.1)]))] } ?? []
        }
        let createBody: [(String, JSONDocument)] = [
            ("User", .string(flags.string("user") ?? "")), ("Privileged", .bool(flags.bool("privileged"))), ("Tty", .bool(tty)),
        ] + size() + [
            ("AttachStdin", .bool(attachStdin)), ("AttachStderr", .bool(!detach)), ("AttachStdout", .bool(!detach)),
            ("Detach", .bool(detach)), ("DetachKeys", .string(flags.string("detach-keys") ?? "")),
            ("Env", .strings(env.isEmpty ? nil : env)), ("WorkingDir", .string(flags.string("workdir") ?? "")),
            ("Cmd", .strings(command)),
        ]
        let created = try client.createExec(container, body: Self.encode(.object(createBody)))
        guard let execID = created.Id, !execID.isEmpty else { throw CLIError("exec ID empty") }
        let startBody = Self.encode(.object([("Detach", .bool(detach)), ("Tty", .bool(tty))] + size()))
        if detach {
            try client.startExecDetached(execID, body: startBody)
            return
        }
        let stream = try client.startExec(execID, body: startBody)
        let resizer = tty && isatty(0) == 1 ? TerminalResizer(id: execID, exec: true, client: client) : nil
        let relay = SignalRelay(client: client, forwardTo: nil, resizer: resizer)
        resizer?.initialResize()
        let pump = try RunCommand.pump(stream, tty: tty, stdin: attachStdin, stdout: true, stderr: true,
                                       detachKeys: flags.string("detach-keys"), relay: relay, wait: nil)
        if try pump.run() == .detached { throw CLIError("read escape sequence") }
        let details = try client.inspectExec(execID)
        let status = Int32(truncatingIfNeeded: details.ExitCode ?? 0)
        if status != 0 { throw CLIError("", exitCode: status) }
    }

    static func encode(_ document: JSONDocument) -> [UInt8] {
        Array((JSONWriter.compact(document, .init(escapeHTML: true)) + "\n").utf8)
    }
}
