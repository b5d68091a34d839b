import CLISupport
import EngineClient

/// `berth container inspect`: each container's JSON, or a template per container.
struct ContainerInspectCommand: FlagCommand {
    static let usage = "[OPTIONS] CONTAINER [CONTAINER...]"
    static let summary = "Display detailed information on one or more containers"
    static let arguments = UsageProblem.ArgumentRule.atLeast(1)
    static let flags: [FlagDefinition] = [
        FlagDefinition("format", short: "f", "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        .bool("size", short: "s", "Display total file sizes"),
    ]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let client = try Session.client()
        try InspectRunner.run(flags.arguments, format: flags.string("format") ?? "") { name in
            (try client.inspectContainerRaw(name, size: flags.bool("size")), { $0 })
        }
    }
}

/// `berth inspect`: whatever object the name finds first: container, image,
/// network, volume, plugin (Docker's order); `--type` looks at one kind only.
struct InspectCommand: FlagCommand {
    static let usage = "[OPTIONS] NAME|ID [NAME|ID...]"
    static let summary = "Return low-level information on Berth objects"
    static let arguments = UsageProblem.ArgumentRule.atLeast(1)
    static let flags: [FlagDefinition] = [
        FlagDefinition("format", short: "f", "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        FlagDefinition("type", "Only inspect objects of the given type"),
        .bool("size", short: "s", "Display total file sizes if the type is container"),
    ]
    static let allTypes = ["config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let type = flags.string("type") ?? ""
        let typeList = Self.allTypes.joined(separator: "\", \"")
        if flags.isSet("type") && type.isEmpty { throw CLIError("type is empty: must be one of \"\(typeList)\"") }
        if !type.isEmpty && !Self.allTypes.contains(type) {
            throw CLIError("unknown type: \(GoStrconv.quote(type)): must be one of \"\(typeList)\"")
        }
        let client = try Session.client()
        let size = flags.bool("size")
        typealias Lookup = (String) throws(EngineError) -> [UInt8]
        let lookups: [(String, Lookup, (TemplateValue) -> TemplateValue)] = [
            ("container", { (name) throws(EngineError) in try client.inspectContainerRaw(name, size: size) }, { $0 }),
            ("image", { (name) throws(EngineError) in try client.inspectImageRaw(name) }, ImageInspectCommand.typedView),
            ("network", { (name) throws(EngineError) in try client.inspectNetworkRaw(name) }, { $0 }),
            ("volume", { (name) throws(EngineError) in try client.inspectVolumeRaw(name) }, { $0 }),
            ("plugin", { (name) throws(EngineError) in try client.call(EngineRequest("GET", "/plugins/\(name)/json")) }, { $0 }),
        ]
        try InspectRunner.run(flags.arguments, format: flags.string("format") ?? "") { name in
            for (kind, lookup, view) in lookups where type.isEmpty || type == kind {
                do {
                    let raw = try lookup(name)
                    if size && kind != "container" { Output.errLine("WARNING: --size ignored for \(kind)") }
                    return (raw, view)
                } catch let error as EngineError {
                    let text = error.description
                    if type.isEmpty && (error.isNotFound || text.contains("not supported") || text.contains("invalid reference format")) {
                        continue
                    }
                    throw error
                }
            }
            throw CLIError("Error: No such object: \(name)")
        }
    }
}

/// Docker's inspect.Inspect: every object found is printed (as one JSON
/// array, or a template each), then the errors, exit 1 if there were any.
enum InspectRunner {
    static func run(_ names: [String], format: String,
                    find: (String) throws -> ([UInt8], (TemplateValue) -> TemplateValue)) throws {
        let inspector = try Inspector(format: format)
        var errors: [String] = []
        for name in names {
            do {
                let (raw, view) = try find(name)
                try inspector.add(raw, view: view)
            } catch {
                errors.append(ContainerOperations.describe(error))
            }
        }
        Output.out(inspector.flush())
        if !errors.isEmpty { throw CLIError(errors.joined(separator: "\n")) }
    }
}
