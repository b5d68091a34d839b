import CLISupport
import EngineClient

/// `berth create IMAGE [COMMAND] [ARG...]`: prints the new container's ID.
struct CreateCommand: FlagCommand {
    static let usage = "[OPTIONS] IMAGE [COMMAND] [ARG...]"
    static let summary = "Create a new container"
    static let aliases = "berth container create, berth create"
    static let arguments = UsageProblem.ArgumentRule.atLeast(1)
    static let interspersed = false
    static let flags = ContainerFlags.create + ContainerFlags.shared

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        _ = try ContainerCreation.spec(flags, detach: false, command: "create")
        let client = try Session.client()
        let spec = try ContainerCreation.spec(flags, detach: false, command: "create", apiVersion: try client.apiVersion())
        Output.out(try ContainerCreation.create(spec, flags: flags, client: client) + "\n")
    }
}
