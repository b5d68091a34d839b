import ArgumentParser
import CLISupport
import EngineClient
import Glibc

/// `berth version`: this client, then the daemon's components, through
/// Docker's own default template (so the server half reads the same).
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Show the Berth version information")

    @Option(name: [.customShort("f", allowingJoined: true), .customLong("format")], help: "Format output using a custom template: 'json', or a Go template")
    var format: String = ""
    @Argument(help: .hidden)
    var arguments: [String] = []

    static let defaultTemplate = """
    {{with .Client -}}
    Client:{{if ne .Platform nil}}{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}{{end}}
     Version:\t{{.Version}}
     API version:\t{{.ApiVersion}}{{if ne .ApiVersion .DefaultAPIVersion}} (downgraded from {{.DefaultAPIVersion}}){{end}}
     OS/Arch:\t{{.Os}}/{{.Arch}}
     Context:\t{{.Context}}
    {{- end}}

    {{- if ne .Server nil}}{{with .Server}}

    Server:{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}
     {{- range $component := .Components}}
     {{$component.Name}}:
      {{- if eq $component.Name "Engine" }}
      Version:\t{{.Version}}
      API version:\t{{index .Details "ApiVersion"}} (minimum version {{index .Details "MinAPIVersion"}})
      Go version:\t{{index .Details "GoVersion"}}
      Git commit:\t{{index .Details "GitCommit"}}
      Built:\t{{index .Details "BuildTime"}}
      OS/Arch:\t{{index .Details "Os"}}/{{index .Details "Arch"}}
      Experimental:\t{{index .Details "Experimental"}}
      {{- else }}
      Version:\t{{$component.Version}}
      {{- $detailsOrder := getDetailsOrder $component}}
      {{- range $key := $detailsOrder}}
      {{$key}}:\t{{index $component.Details $key}}
       {{- end}}
      {{- end}}
     {{- end}}
     {{- end}}{{- end}}
    """

    static let functions = TemplateFunctions.basic.adding("getDetailsOrder") { (args: [TemplateValue]) throws(TemplateFunctions.CallError) -> TemplateValue in
        guard case .map(let component)? = args.first else { return .array([]) }
        guard case .map(let details)? = component.first(where: { $0.0 == "Details" })?.1 else { return .array([]) }
        return .array(details.map(\.0).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { .string($0) })
    }

    func run() throws {
        try UsageProblem.ArgumentRule.none.check(arguments.count)
        let source = format.isEmpty ? Self.defaultTemplate : format == "json" ? "{{json .}}" : format
        let template: Template
        do { template = try Template(source, name: "version", functions: Self.functions) } catch {
            throw CLIError("template parsing error: \(error.message)", exitCode: 64)
        }
        let client = try Session.client()
        var serverError: Error? = nil
        var server: TemplateValue = .null(.pointer)
        do {
            let (_, raw) = try client.version()
            server = Self.serverValue(try JSONDocument.parse(raw))
        } catch {
            serverError = error
        }
        let apiVersion = (try? client.apiVersion()) ?? EngineClient.maxAPIVersion
        let data = TemplateValue.map([("Client", Self.clientValue(apiVersion: apiVersion)), ("Server", server)])
        var text: String
        do { text = try template.execute(data, functions: Self.functions) } catch {
            Output.out(TabWriter.version.format("\n"))
            throw CLIError(error.message)
        }
        Output.out(TabWriter.version.format(text + "\n"))
        if let serverError { throw serverError }
    }

    static func clientValue(apiVersion: String) -> TemplateValue {
        .map([
            ("Platform", .map([("Name", .string("Berth"))])),
            ("Version", .string(BerthVersion.current)),
            ("ApiVersion", .string(apiVersion)),
            ("DefaultAPIVersion", .string(EngineClient.maxAPIVersion)),
            ("Os", .string("linux")),
            ("Arch", .string(goArchitecture())),
            ("Context", .string(Session.contextName)),
        ])
    }

    /// The daemon's answer, with an Engine component made up if it lists none
    /// and build times shown as Docker shows them.
    static func serverValue(_ document: JSONDocument) -> TemplateValue {
        guard case .map(var members) = TemplateValue(json: document) else { return TemplateValue(json: document) }
        func field(_ name: String) -> TemplateValue { members.first { $0.0 == name }?.1 ?? .string("") }
        var components: [TemplateValue] = []
        if case .array(let list) = field("Components") { components = list }
        var foundEngine = false
        components = components.map { component in
            guard case .map(var parts) = component else { return component }
            guard case .string("Engine")? = parts.first(where: { $0.0 == "Name" })?.1 else { return component }
            foundEngine = true
            if let i = parts.firstIndex(where: { $0.0 == "Details" }), case .map(var details) = parts[i].1,
               let j = details.firstIndex(where: { $0.0 == "BuildTime" }), case .string(let built) = details[j].1 {
                details[j].1 = .string(GoTime.ansic(fromRFC3339: built))
                parts[i].1 = .map(details)
            }
            return .map(parts)
        }
        if !foundEngine {
            var built = ""
            if case .string(let b) = field("BuildTime") { built = GoTime.ansic(fromRFC3339: b) }
            var experimental = "false"
            if case .bool(true) = field("Experimental") { experimental = "true" }
            components.append(.map([
                ("Name", .string("Engine")), ("Version", field("Version")),
                ("Details", .map([
                    ("ApiVersion", field("ApiVersion")), ("Arch", field("Arch")), ("BuildTime", .string(built)),
                    ("Experimental", .string(experimental)), ("GitCommit", field("GitCommit")), ("GoVersion", field("GoVersion")),
                    ("MinAPIVersion", field("MinAPIVersion")), ("Os", field("Os")),
                ])),
            ]))
        }
        if let i = members.firstIndex(where: { $0.0 == "Components" }) { members[i].1 = .array(components) }
        else { members.append(("Components", .array(components))) }
        if !members.contains(where: { $0.0 == "Platform" }) { members.insert(("Platform", .map([("Name", .string(""))])), at: 0) }
        return .map(members)
    }
}

/// GOARCH names for this machine ("amd64", "arm64"), as Docker reports them.
func goArchitecture() -> String {
    var name = utsname()
    uname(&name)
    let machine = withUnsafeBytes(of: name.machine) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    switch machine {
    case "x86_64": return "amd64"
    case "aarch64": return "arm64"
    case "i686", "i386": return "386"
    case "armv7l": return "arm"
    default: return machine
    }
}
