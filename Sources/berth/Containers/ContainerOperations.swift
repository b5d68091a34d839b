import CLISupport
import EngineClient

/// What several container commands share: acting on each named container in
/// turn, printing the name of each that succeeded, and failing with every
/// error joined (Docker's errors.Join), exit 1.
enum ContainerOperations {
    static func forEach(_ names: [String], printNames: Bool = true, _ operation: (String) throws -> Void) throws {
        var errors: [String] = []
        for name in names {
            do {
                try checkID(name)
                try operation(name)
                if printNames { Output.out(name + "\n") }
            } catch {
                errors.append(describe(error))
            }
        }
        if !errors.isEmpty { throw CLIError(errors.joined(separator: "\n")) }
    }

    /// Docker's client refuses an empty name before asking the daemon.
    static func checkID(_ name: String, kind: String = "container") throws {
        if name.trimmedWhitespace.isEmpty { throw CLIError("invalid \(kind) name or ID: value is empty") }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case let failure as CLIError: return failure.message
        case let failure as EngineError: return failure.description
        default: return "\(error)"
        }
    }

    /// Docker's toStatusError for `run` and `start` failures: "berth: …" and
    /// the help hint; 127 when the command was not found, 126 when it could
    /// not be run, 125 for anything else.
    static func runFailure(_ error: Error, command: String = "run") -> CLIError {
        let message = describe(error)
        var status: Int32 = 125
        if message.contains("executable file not found") || message.contains("no such file or directory")
            || message.contains("system cannot find the file specified") {
            status = 127
        } else if message.contains("permission denied") || message.contains("is a directory") {
            status = 126
        }
        return CLIError("berth: \(message)\n\nRun 'berth \(command) --help' for more information", exitCode: status)
    }
}
