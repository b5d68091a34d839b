import ArgumentParser
import CLISupport
import EngineClient

/// `berth image inspect`: the daemon's JSON re-indented as Docker prints it
/// (an array, four-space indent, the daemon's key order), or a template per image.
struct ImageInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Display detailed information on one or more images")

    @Option(name: [.customShort("f", allowingJoined: true), .customLong("format")], help: "Format output using a custom template: 'json', or a Go template")
    var format: String = ""
    @Option(name: .customLong("platform"), help: "Inspect a specific platform of the multi-platform image")
    var platform: String?
    @Argument(help: ArgumentHelp("IMAGE"))
    var images: [String] = []

    func run() throws {
        try UsageProblem.ArgumentRule.atLeast(1).check(images.count)
        let client = try Session.client()
        let output = try Inspector(format: format, typedView: Self.typedView)
        var errors: [String] = []
        for name in images {
            do {
                let raw = try client.inspectImageRaw(name)
                try output.add(raw)
            } catch let error as EngineError {
                errors.append(error.description)
            } catch let error as CLIError {
                errors.append(error.message)
            }
        }
        Output.out(output.flush())
        if !errors.isEmpty { throw CLIError(errors.joined(separator: "\n")) }
    }

    /// Docker 28 reads `Config` into the OCI image config type, whose fields
    /// are all omitempty: `{{json .Config}}` shows only what is set, in OCI order.
    static let ociConfigKeys = ["User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels",
                                "StopSignal", "ArgsEscaped", "Healthcheck", "OnBuild", "Shell"]

    static func typedView(_ image: TemplateValue) -> TemplateValue {
        guard case .map(var members) = image,
              let index = members.firstIndex(where: { $0.0 == "Config" }), case .map(let config) = members[index].1 else { return image }
        var projected: [(String, TemplateValue)] = []
        for key in ociConfigKeys {
            var value = config.first(where: { $0.0 == key })?.1 ?? TemplateValue(json: .null, key: key)
            if case .null = value, ["User", "WorkingDir", "StopSignal"].contains(key) { value = .string("") }
            if case .null = value, key == "ArgsEscaped" { value = .bool(false) }
            switch value {
            case .null, .missing, .bool(false): projected.append((key, .omitted(value)))
            case .string(let s) where s.isEmpty: projected.append((key, .omitted(value)))
            case .array(let a) where a.isEmpty: projected.append((key, .omitted(value)))
            case .map(let m) where m.isEmpty: projected.append((key, .omitted(value)))
            default: projected.append((key, value))
            }
        }
        members[index].1 = .map(projected)
        return .map(members)
    }
}

/// Docker's cli/command/inspect: collects each object's raw JSON, then prints
/// them as one indented (or compact) array, or runs a template over each.
final class Inspector {
    private let template: Template?
    private let compact: Bool
    private var raws: [[UInt8]] = []
    private var rendered = ""

    /// Adjusts the daemon's JSON to what Docker's typed structs would show.
    private let typedView: (TemplateValue) -> TemplateValue

    init(format: String, typedView: @escaping (TemplateValue) -> TemplateValue = { $0 }) throws {
        self.typedView = typedView
        compact = format == "json"
        if format.isEmpty || format == "json" {
            template = nil
        } else {
            do { template = try Template(format) } catch {
                throw CLIError("template parsing error: \(error.message)", exitCode: 64)
            }
        }
    }

    func add(_ raw: [UInt8], view: ((TemplateValue) -> TemplateValue)? = nil) throws {
        guard let template else { raws.append(raw); return }
        let document: JSONDocument
        do { document = try JSONDocument.parse(raw) } catch {
            throw CLIError("unable to read inspect data: \(error)")
        }
        do {
            rendered += try template.execute((view ?? typedView)(TemplateValue(json: document)), options: .init(missingKeyIsError: true)) + "\n"
        } catch {
            throw CLIError("template parsing error: \(error.message)")
        }
    }

    func flush() -> String {
        if template != nil { return rendered.isEmpty ? "\n" : rendered }
        if raws.isEmpty { return "[]\n" }
        var joined: [UInt8] = [UInt8(ascii: "[")]
        for (i, raw) in raws.enumerated() {
            if i > 0 { joined.append(UInt8(ascii: ",")) }
            joined += raw
        }
        joined.append(UInt8(ascii: "]"))
        let formatted = compact ? JSONWriter.compact(joined) : JSONWriter.indent(joined)
        return String(decoding: formatted, as: UTF8.self) + "\n"
    }
}
