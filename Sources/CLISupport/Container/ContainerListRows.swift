/// The rows of `ps`: Docker's formatter.ContainerContext, with its columns,
/// truncation rules and `{{.Label "name"}}`.
public struct ContainerListing: Sendable {
    public struct Mount: Sendable {
        public var name: String
        public var source: String
        public var driver: String
        public init(name: String, source: String, driver: String) {
            self.name = name
            self.source = source
            self.driver = driver
        }
    }
    public var id = ""
    public var names: [String] = []
    public var image = ""
    public var imageID = ""
    public var command = ""
    public var created: Int64 = 0
    public var ports: [PortEntry] = []
    public var sizeRw: Int64 = 0
    public var sizeRootFs: Int64 = 0
    public var labels: [String: String]? = nil
    public var state = ""
    public var status = ""
    public var mounts: [Mount] = []
    public var networks: [String] = []

    public init() {}
}

public enum ContainerListRows {
    public static let headers: [(String, String)] = [
        ("ID", "CONTAINER ID"), ("Names", "NAMES"), ("Image", "IMAGE"), ("Command", "COMMAND"), ("CreatedAt", "CREATED AT"),
        ("RunningFor", "CREATED"), ("Ports", "PORTS"), ("State", "STATE"), ("Status", "STATUS"), ("Size", "SIZE"),
        ("Labels", "LABELS"), ("Mounts", "MOUNTS"), ("LocalVolumes", "LOCAL VOLUMES"), ("Networks", "NETWORKS"),
        ("Platform", "PLATFORM"),
    ]

    static let defaultTable = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"

    /// Docker's NewContainerFormat.
    public static func format(_ source: String, quiet: Bool, size: Bool) -> String {
        switch source {
        case "table", "":
            if quiet { return "{{.ID}}" }
            return defaultTable + (size ? "\t{{.Size}}" : "")
        case "raw":
            if quiet { return "container_id: {{.ID}}" }
            var format = "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\n"
                + "state: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\n"
                + "ports: {{- pad .Ports 1 0}}\n"
            if size { format += "size: {{.Size}}\\n" }
            return format
        default:
            return quiet ? "{{.ID}}" : source
        }
    }

    /// Whether a custom format shows sizes, which the list must then ask for.
    public static func usesSize(_ format: String) -> Bool {
        format.contains("Size") || format.contains("json .")
    }

    public static func record(_ c: ContainerListing, truncate: Bool, now: Double) -> TemplateRecord {
        let labels = c.labels
        return TemplateRecord(typeName: "*formatter.ContainerContext", fields: [
            ("Command", .string(GoStrconv.quote(truncate ? ellipsis(c.command, 20) : c.command))),
            ("CreatedAt", .string(GoTime.goString(unix: c.created))),
            ("ID", .string(truncate ? truncateID(c.id) : c.id)),
            ("Image", .string(image(c, truncate: truncate))),
            ("Labels", .string(labels.map { $0.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ",") } ?? "")),
            ("LocalVolumes", .string(String(c.mounts.filter { $0.driver == "local" }.count))),
            ("Mounts", .string(c.mounts.map { mount in
                let name = mount.name.isEmpty ? mount.source : mount.name
                return truncate ? ellipsis(name, 15) : name
            }.joined(separator: ","))),
            ("Names", .string(names(c.names, truncate: truncate))),
            ("Networks", .string(c.networks.sorted().joined(separator: ","))),
            ("Platform", .null(.pointer)),
            ("Ports", .string(PortList.display(c.ports))),
            ("RunningFor", .string(HumanUnits.duration(seconds: now - Double(c.created)) + " ago")),
            ("Size", .string(size(c))),
            ("State", .string(c.state)),
            ("Status", .string(c.status)),
        ], methods: [
            "Label": { (arguments) throws(TemplateFunctions.CallError) in
                guard arguments.count == 1 else {
                    throw TemplateFunctions.CallError("wrong number of args for Label: want 1 got \(arguments.count)")
                }
                guard case .string(let name) = arguments[0] else {
                    throw TemplateFunctions.CallError("wrong type for value; expected string; got \(arguments[0])")
                }
                return .string(labels?[name] ?? "")
            },
        ])
    }

    static func size(_ c: ContainerListing) -> String {
        let rw = HumanUnits.size(Double(c.sizeRw), precision: 3)
        return c.sizeRootFs > 0 ? "\(rw) (virtual \(HumanUnits.size(Double(c.sizeRootFs), precision: 3)))" : rw
    }

    static func names(_ names: [String], truncate: Bool) -> String {
        var stripped = names.map { String($0.dropFirst()) }
        if truncate, let plain = stripped.first(where: { !$0.contains("/") }) { stripped = [plain] }
        return stripped.joined(separator: ",")
    }

    /// The IMAGE column: as the container was created from it, shortened to
    /// its familiar name when truncating (or to a short ID for an ID).
    static func image(_ c: ContainerListing, truncate: Bool) -> String {
        if c.image.isEmpty { return "<no image>" }
        guard truncate else { return c.image }
        let short = truncateID(c.imageID)
        if short == truncateID(c.image) { return short }
        guard let reference = try? ImageReference.parseNormalized(c.image) else { return c.image }
        if let tag = reference.tag { return reference.familiarName + ":" + tag }
        return reference.familiarName
    }
}
