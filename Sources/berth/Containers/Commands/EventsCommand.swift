import CLISupport
import EngineClient
import OCI

/// `berth events`: the daemon's events as they happen (or between `--since`
/// and `--until`), one line each, or through `--format`.
struct EventsCommand: FlagCommand {
    static let usage = "[OPTIONS]"
    static let summary = "Get real time events from the server"
    static let aliases = "berth system events, berth events"
    static let arguments = UsageProblem.ArgumentRule.none
    static let flags: [FlagDefinition] = [
        FlagDefinition("since", "Show all events created since timestamp"),
        FlagDefinition("until", "Stream events until this timestamp"),
        FlagDefinition("filter", short: "f", type: "filter", "Filter output based on conditions provided"),
        FlagDefinition("format", "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
    ]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let filters = try FilterOption.parse(flags.strings("filter"))
        var template: Template? = nil
        if let format = flags.string("format"), !format.isEmpty {
            do {
                template = try Template(format == "json" ? "{{json .}}" : format)
                _ = try template!.execute(.record(Self.record(EngineEvent())))
            } catch {
                throw CLIError("Error parsing format: \(error.message)", exitCode: 64)
            }
        }
        let now = GoTime.now()
        var query: [String: String] = [:]
        for key in ["since", "until"] {
            guard let value = flags.string(key), !value.isEmpty else { continue }
            do { query[key] = try APITimestamp.convert(value, now: now) } catch { throw CLIError(error.message) }
        }
        let response = try Session.client().events(since: query["since"], until: query["until"], filters: filters)
        var splitter = JSONValueSplitter()
        while let chunk = try response.readChunk() {
            for raw in splitter.feed(chunk) {
                let event: EngineEvent
                do { event = try JSON.decode(EngineEvent.self, from: raw) } catch {
                    throw CLIError("invalid event from the daemon: \(String(decoding: raw, as: UTF8.self))")
                }
                if let template {
                    let text: String
                    do { text = try template.execute(.record(Self.record(event))) } catch { throw CLIError(error.message) }
                    Output.out(text + "\n")
                } else {
                    Output.out(Self.line(event))
                }
            }
        }
    }

    /// Docker's prettyPrintEvent.
    static func line(_ event: EngineEvent) -> String {
        var out = ""
        if let nanos = event.timeNano, nanos != 0 {
            out += GoTime.rfc3339NanoFixed(unix: nanos / 1_000_000_000, nanoseconds: nanos % 1_000_000_000) + " "
        } else if let seconds = event.time, seconds != 0 {
            out += GoTime.rfc3339NanoFixed(unix: seconds, nanoseconds: 0) + " "
        }
        out += "\(event.Type ?? "") \(event.Action ?? "") \(event.Actor?.ID ?? "")"
        let attributes = event.Actor?.Attributes ?? [:]
        if !attributes.isEmpty {
            let pairs = attributes.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { "\($0)=\(attributes[$0]!)" }
            out += " (" + pairs.joined(separator: ", ") + ")"
        }
        return out + "\n"
    }

    /// events.Message as a template sees it: Go's field names, its JSON.
    static func record(_ event: EngineEvent) -> TemplateRecord {
        let attributes = event.Actor?.Attributes
        let sortedAttributes = (attributes ?? [:]).sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        let attributesValue: TemplateValue = .map(sortedAttributes.map { ($0.key, .string($0.value)) })
        let attributesJSON: JSONDocument = attributes.map { _ in .object(sortedAttributes.map { ($0.key, .string($0.value)) }) } ?? .null
        let actorJSON = JSONDocument.object([("ID", .string(event.Actor?.ID ?? "")), ("Attributes", attributesJSON)])
        let actor = TemplateRecord(typeName: "events.Actor", fields: [("ID", .string(event.Actor?.ID ?? "")), ("Attributes", attributesValue)],
                                   json: actorJSON)
        var json: [(String, JSONDocument)] = []
        if let status = event.status, !status.isEmpty { json.append(("status", .string(status))) }
        if let id = event.id, !id.isEmpty { json.append(("id", .string(id))) }
        if let from = event.from, !from.isEmpty { json.append(("from", .string(from))) }
        json += [("Type", .string(event.Type ?? "")), ("Action", .string(event.Action ?? "")), ("Actor", actorJSON)]
        if let scope = event.scope, !scope.isEmpty { json.append(("scope", .string(scope))) }
        if let time = event.time, time != 0 { json.append(("time", .integer(time))) }
        if let nanos = event.timeNano, nanos != 0 { json.append(("timeNano", .integer(nanos))) }
        return TemplateRecord(typeName: "*events.Message", fields: [
            ("Status", .string(event.status ?? "")), ("ID", .string(event.id ?? "")), ("From", .string(event.from ?? "")),
            ("Type", .string(event.Type ?? "")), ("Action", .string(event.Action ?? "")), ("Actor", .record(actor)),
            ("Scope", .string(event.scope ?? "")), ("Time", .int(event.time ?? 0)), ("TimeNano", .int(event.timeNano ?? 0)),
        ], json: .object(json))
    }
}
