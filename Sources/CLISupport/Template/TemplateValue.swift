/// The data a `--format` template sees: a JSON document from the daemon, or a
/// row the CLI computed (an image-list line, a history line).
public indirect enum TemplateValue: Sendable {
    /// What Go prints as `<no value>`: a map lookup that found nothing.
    case missing
    /// JSON null. `hint` says how Go would print the typed field it came from.
    case null(NullHint)
    case bool(Bool)
    case int(Int64)
    /// A JSON number kept as written.
    case number(String)
    case string(String)
    case array([TemplateValue])
    /// A JSON object: Go map semantics (absent keys are not errors unless the
    /// template runs with missingkey=error; `json` keeps the daemon's order).
    case map([(String, TemplateValue)])
    /// A computed row (Docker's formatter contexts): a fixed set of fields;
    /// `json` writes them sorted and HTML-escaped, as Docker's MarshalJSON does.
    case record(TemplateRecord)
    /// A field Docker's typed struct would leave out of its JSON (omitempty)
    /// but still answer when a template names it.
    case omitted(TemplateValue)

    public enum NullHint: Sendable { case pointer, slice, map }
}

public struct TemplateRecord: Sendable {
    public typealias Method = @Sendable ([TemplateValue]) throws(TemplateFunctions.CallError) -> TemplateValue

    /// The type name shown in "can't evaluate field X in type T" errors.
    public var typeName: String
    public var fields: [(String, TemplateValue)]
    /// Methods that take arguments (`{{.Label "com.example"}}`); not in `json`.
    public var methods: [String: Method]
    /// A Go map with methods (Docker's table header context): a field it
    /// lacks is `<no value>`, not an error.
    public var isMap: Bool
    /// What `json` writes when it is not Docker's formatter-context JSON
    /// (sorted, HTML-escaped): a plain Go struct's own encoding.
    public var json: JSONDocument?
    /// The fields as the context answers them while being marshalled, when
    /// that differs (search's OFFICIAL is `[OK]` in a table, `true` in JSON).
    public var jsonFields: [(String, TemplateValue)]?

    public init(typeName: String, fields: [(String, TemplateValue)], methods: [String: Method] = [:], isMap: Bool = false,
                json: JSONDocument? = nil) {
        self.typeName = typeName
        self.fields = fields
        self.methods = methods
        self.isMap = isMap
        self.json = json
    }

    public subscript(name: String) -> TemplateValue? {
        fields.first { $0.0 == name }?.1
    }
}

extension TemplateValue {
    /// The member named `key`: exactly, else ignoring case, because Docker's
    /// typed structs answer Go field names (`APIVersion`, `ID`) for JSON keys
    /// (`ApiVersion`, `Id`). Omitted-but-typed fields answer their value.
    public func member(_ key: String) -> TemplateValue? {
        let found: TemplateValue?
        switch self {
        case .map(let members):
            found = members.first { $0.0 == key }?.1 ?? members.first { $0.0.lowercased() == key.lowercased() }?.1
        case .record(let record):
            found = record[key]
        case .omitted(let inner):
            return inner.member(key)
        default:
            found = nil
        }
        if case .omitted(let inner)? = found { return inner }
        return found
    }
}

extension TemplateValue {
    /// Keys whose JSON null Docker's typed structs print as `[]` or `map[]`.
    static let sliceKeys: Set<String> = [
        "Env", "Cmd", "Entrypoint", "OnBuild", "Shell", "RepoTags", "RepoDigests", "Layers", "Tags", "Args",
        "Mounts", "Binds", "Names", "Warnings", "Dns", "DnsOptions", "DnsSearch", "ExtraHosts", "CapAdd", "CapDrop",
        "Links", "Aliases", "Devices", "SecurityOpt", "GroupAdd", "Ulimits", "VolumesFrom", "Healthcheck.Test",
    ]
    static let mapKeys: Set<String> = [
        "Labels", "Volumes", "ExposedPorts", "Options", "DriverOpts", "Ports", "Networks", "Data", "Details",
        "Runtimes", "Metadata",
    ]

    /// Converts a JSON document, remembering for each null what it would print as.
    public init(json: JSONDocument, key: String? = nil) {
        switch json {
        case .null:
            if let key, TemplateValue.sliceKeys.contains(key) { self = .null(.slice) }
            else if let key, TemplateValue.mapKeys.contains(key) { self = .null(.map) }
            else { self = .null(.pointer) }
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(a.map { TemplateValue(json: $0) })
        case .object(let members): self = .map(members.map { ($0.0, TemplateValue(json: $0.1, key: $0.0)) })
        }
    }

    /// Back to JSON, for the `json` template function.
    public var jsonDocument: JSONDocument {
        switch self {
        case .missing, .null: return .null
        case .omitted(let inner): return inner.jsonDocument
        case .bool(let b): return .bool(b)
        case .int(let i): return .number(String(i))
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.map(\.jsonDocument))
        case .map(let m):
            return .object(m.compactMap { member in
                if case .omitted = member.1 { return nil }
                return (member.0, member.1.jsonDocument)
            })
        case .record(let r): return r.json ?? .object((r.jsonFields ?? r.fields).map { ($0.0, $0.1.jsonDocument) })
        }
    }

    /// What `json .` writes for this value.
    public var jsonText: String {
        switch self {
        case .record(let r) where r.json == nil:
            return JSONWriter.compact(jsonDocument, .init(escapeHTML: true, sortKeys: true))
        default:
            return JSONWriter.compact(jsonDocument, .init(escapeHTML: false, sortKeys: false))
        }
    }

    /// Go's `fmt.Print` of the value (`%v`).
    public var printed: String {
        switch self {
        case .missing: return "<no value>"
        case .null(let hint):
            switch hint {
            case .pointer: return "<nil>"
            case .slice: return "[]"
            case .map: return "map[]"
            }
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .number(let n): return n
        case .string(let s): return s
        case .array(let a): return "[" + a.map(\.printed).joined(separator: " ") + "]"
        case .map(let m):
            let sorted = m.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            return "map[" + sorted.map { "\($0.0):\($0.1.printed)" }.joined(separator: " ") + "]"
        case .record(let r): return "&{" + r.fields.map(\.1.printed).joined(separator: " ") + "}"
        case .omitted(let inner): return inner.printed
        }
    }

    /// Go's truth rule for `if`, `with`, `and`, `or`, `not`.
    public var isTrue: Bool {
        switch self {
        case .missing, .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .number(let n): return (Double(n) ?? 0) != 0
        case .string(let s): return !s.isEmpty
        case .array(let a): return !a.isEmpty
        case .map(let m): return !m.isEmpty
        case .record: return true
        case .omitted(let inner): return inner.isTrue
        }
    }

    var isNil: Bool {
        switch self {
        case .missing, .null: return true
        case .omitted(let inner): return inner.isNil
        default: return false
        }
    }

    /// The name Go would give the value's type, for error messages.
    var goTypeName: String {
        switch self {
        case .missing, .null: return "interface {}"
        case .bool: return "bool"
        case .int: return "int"
        case .number(let n): return n.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? "float64" : "int64"
        case .string: return "string"
        case .array: return "[]interface {}"
        case .map: return "map[string]interface {}"
        case .record(let r): return r.typeName
        case .omitted(let inner): return inner.goTypeName
        }
    }
}
