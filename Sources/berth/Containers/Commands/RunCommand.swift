import CLISupport
import EngineClient
import Glibc

/// `berth run`: create (pulling the image if the daemon lacks it), attach,
/// wait, start, and stream until the container exits; its exit status is
/// ours. `-d` prints the ID instead; `-it` runs a terminal session that
/// Ctrl-P Ctrl-Q detaches from.
struct RunCommand: FlagCommand {
    static let usage = "[OPTIONS] IMAGE [COMMAND] [ARG...]"
    static let summary = "Create and run a new container from an image"
    static let aliases = "berth container run, berth run"
    static let arguments = UsageProblem.ArgumentRule.atLeast(1)
    static let interspersed = false
    static let flags = ContainerFlags.run + ContainerFlags.create + ContainerFlags.shared

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let detach = flags.bool("detach")
        // Flag values first (125), then the terminal check, then the daemon.
        var spec = try ContainerCreation.spec(flags, detach: detach, command: "run")
        if !detach {
            if spec.tty && spec.attachStdin && isatty(0) != 1 { throw CLIError("the input device is not a TTY") }
        } else if !flags.strings("attach").isEmpty {
            throw CLIError("conflicting options: cannot specify both --attach and --detach")
        }
        let client: EngineClient
        let id: String
        do {
            client = try Session.client()
            spec = try ContainerCreation.spec(flags, detach: detach, command: "run", apiVersion: try client.apiVersion())
            id = try ContainerCreation.create(spec, flags: flags, client: client)
        } catch let error as CLIError where error.exitCode == 125 {
            throw error
        } catch {
            throw ContainerOperations.runFailure(error)
        }

        let attach = spec.attachStdin || spec.attachStdout || spec.attachStderr
        let resizer = spec.tty && isatty(1) == 1 ? TerminalResizer(id: id, exec: false, client: client) : nil
        let relay = SignalRelay(client: client, forwardTo: flags.bool("sig-proxy", default: true) ? id : nil,
                                resizer: attach ? resizer : nil)
        if !attach { Output.out(id + "\n") }

        var stream: HijackedStream? = nil
        if attach {
            stream = try client.attachContainer(id, stdin: spec.attachStdin, stdout: spec.attachStdout, stderr: spec.attachStderr,
                                                detachKeys: flags.string("detach-keys"))
        }
        // Asked before start so that no exit is missed; the answer comes at exit.
        let wait = try? client.waitContainer(id, condition: spec.autoRemove ? "removed" : "next-exit")
        do {
            try client.startContainer(id)
        } catch {
            stream?.close()
            if spec.autoRemove, let wait { _ = try? EngineClient.waitResult(wait) }
            throw ContainerOperations.runFailure(error)
        }
        guard let stream else { return }

        resizer?.initialResize()
        let pump = try Self.pump(stream, tty: spec.tty, stdin: spec.attachStdin, stdout: spec.attachStdout,
                                 stderr: spec.attachStderr, detachKeys: flags.string("detach-keys"), relay: relay, wait: wait)
        if try pump.run() == .detached { return }
        let status = Self.exitStatus(wait)
        if status != 0 { throw CLIError("", exitCode: status) }
    }

    /// The stream loop for an attached container.
    static func pump(_ stream: HijackedStream, tty: Bool, stdin: Bool, stdout: Bool, stderr: Bool, detachKeys: String?,
                     relay: SignalRelay?, wait: HTTPResponse?) throws -> AttachPump {
        var pump = AttachPump(stream: stream, tty: tty)
        pump.output = stdout ? 1 : nil
        pump.errors = stderr ? (tty ? 1 : 2) : nil
        pump.relay = relay
        pump.exitWatch = wait
        if stdin {
            pump.input = 0
            if tty {
                pump.terminal = RawTerminal(fd: 0)
                pump.escape = EscapeDetector(keys: Self.detachKeys(detachKeys))
            }
        }
        return pump
    }

    /// `--detach-keys`, or Ctrl-P Ctrl-Q when unset or invalid (Docker
    /// warns and falls back).
    static func detachKeys(_ text: String?) -> [UInt8] {
        guard let text, !text.isEmpty else { return EscapeDetector.defaultKeys }
        do { return try EscapeDetector.parseKeys(text) } catch {
            Output.errLine("WARNING: invalid detach escape keys, using default: \(error.message)")
            return EscapeDetector.defaultKeys
        }
    }

    /// The container's exit status from the wait; 125 when waiting failed.
    static func exitStatus(_ wait: HTTPResponse?) -> Int32 {
        guard let wait else {
            Output.errLine("error waiting for container: the daemon did not accept the wait")
            return 125
        }
        do {
            let result = try EngineClient.waitResult(wait)
            if let message = result.Error?.Message {
                Output.errLine("Error waiting for container: \(message)")
                return 125
            }
            return Int32(truncatingIfNeeded: result.StatusCode ?? 0)
        } catch {
            Output.errLine("error waiting for container: \(ContainerOperations.describe(error))")
            return 125
        }
    }
}
