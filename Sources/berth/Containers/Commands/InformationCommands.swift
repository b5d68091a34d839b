import CLISupport
import EngineClient

/// `berth top CONTAINER [ps OPTIONS]`: the daemon's process table, aligned.
struct TopCommand: FlagCommand {
    static let usage = "CONTAINER [ps OPTIONS]"
    static let summary = "Display the running processes of a container"
    static let aliases = "berth container top, berth top"
    static let arguments = UsageProblem.ArgumentRule.atLeast(1)
    static let interspersed = false
    static let flags: [FlagDefinition] = []

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        try ContainerOperations.checkID(flags.arguments[0])
        let result = try Session.client().top(flags.arguments[0], arguments: Array(flags.arguments.dropFirst()))
        var text = (result.Titles ?? []).joined(separator: "\t") + "\n"
        for process in result.Processes ?? [] { text += process.joined(separator: "\t") + "\n" }
        Output.out(TabWriter(minWidth: 20, padding: 3).format(text))
    }
}

/// `berth port CONTAINER [PRIVATE_PORT[/PROTO]]`: published ports from inspect.
struct PortCommand: FlagCommand {
    static let usage = "CONTAINER [PRIVATE_PORT[/PROTO]]"
    static let summary = "List port mappings or a specific mapping for the container"
    static let aliases = "berth container port, berth port"
    static let arguments = UsageProblem.ArgumentRule.range(1, 2)
    static let flags: [FlagDefinition] = []

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let name = flags.arguments[0]
        try ContainerOperations.checkID(name)
        let (details, _) = try Session.client().inspectContainer(name)
        let ports = details.NetworkSettings?.Ports ?? [:]
        var lines: [String] = []
        if flags.arguments.count > 1 {
            let requested = flags.arguments[1]
            let parts = requested.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let port = parts[0]
            let proto = parts.count > 1 && !parts[1].isEmpty ? parts[1] : "tcp"
            do { _ = try GoStrconv.parseDecimalUint(port, bits: 16) } catch {
                throw CLIError("Error: invalid port (\(port)): \(error.message)")
            }
            guard let frontends = ports[port + "/" + proto] ?? nil, !frontends.isEmpty else {
                throw CLIError("Error: No public port '\(requested)' published for \(name)")
            }
            lines = frontends.map { PortList.joinHostPort($0.HostIp ?? "", $0.HostPort ?? "") }
        } else {
            for (from, frontends) in ports {
                for frontend in frontends ?? [] {
                    lines.append("\(from) -> \(PortList.joinHostPort(frontend.HostIp ?? "", frontend.HostPort ?? ""))")
                }
            }
        }
        if !lines.isEmpty { Output.out(lines.sorted(by: NaturalOrder.less).joined(separator: "\n") + "\n") }
    }
}

/// `berth diff CONTAINER`: `C /path`, `A /path`, `D /path`.
struct DiffCommand: FlagCommand {
    static let usage = "CONTAINER"
    static let summary = "Inspect changes to files or directories on a container's filesystem"
    static let aliases = "berth container diff, berth diff"
    static let arguments = UsageProblem.ArgumentRule.exactly(1)
    static let flags: [FlagDefinition] = []

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let name = flags.arguments[0]
        if name.isEmpty { throw CLIError("Container name cannot be empty") }
        try ContainerOperations.checkID(name)
        let kinds = ["C", "A", "D"]
        var text = ""
        for change in try Session.client().containerChanges(name) {
            let kind = change.Kind.flatMap { $0 >= 0 && $0 < 3 ? kinds[$0] : nil } ?? ""
            text += "\(kind) \(change.Path ?? "")\n"
        }
        Output.out(text)
    }
}
