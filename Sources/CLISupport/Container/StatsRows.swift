/// One container's figures for `stats` (Docker's StatsEntry), and the row
/// its formatter shows.
public struct StatsEntry: Sendable {
    public var container: String
    public var name = ""
    public var id = ""
    public var cpuPercentage = 0.0
    public var memory = 0.0
    public var memoryLimit = 0.0
    public var memoryPercentage = 0.0
    public var networkRx = 0.0
    public var networkTx = 0.0
    public var blockRead = 0.0
    public var blockWrite = 0.0
    public var pids: UInt64 = 0
    /// No sample yet, or the last one failed: the figures show as "--".
    public var isInvalid = false

    public init(container: String) {
        self.container = container
    }
}

public enum StatsRows {
    public static let defaultTable = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}"

    public static let headers: [(String, String)] = [
        ("Container", "CONTAINER"), ("Name", "NAME"), ("ID", "CONTAINER ID"), ("CPUPerc", "CPU %"),
        ("MemUsage", "MEM USAGE / LIMIT"), ("MemPerc", "MEM %"), ("NetIO", "NET I/O"), ("BlockIO", "BLOCK I/O"), ("PIDs", "PIDS"),
    ]

    public static func format(_ source: String) -> String {
        source == "table" || source.isEmpty ? defaultTable : source
    }

    public static func record(_ s: StatsEntry, truncate: Bool) -> TemplateRecord {
        let invalid = s.isInvalid
        func size(_ value: Double) -> String { HumanUnits.size(value, precision: 3) }
        return TemplateRecord(typeName: "*container.statsContext", fields: [
            ("BlockIO", .string(invalid ? "--" : size(s.blockRead) + " / " + size(s.blockWrite))),
            ("CPUPerc", .string(invalid ? "--" : StatsMath.percentage(s.cpuPercentage))),
            ("Container", .string(s.container)),
            ("ID", .string(truncate ? truncateID(s.id) : s.id)),
            ("MemPerc", .string(invalid ? "--" : StatsMath.percentage(s.memoryPercentage))),
            ("MemUsage", .string(invalid ? "-- / --" : HumanUnits.bytesSize(s.memory) + " / " + HumanUnits.bytesSize(s.memoryLimit))),
            ("Name", .string(s.name.utf8.count > 1 ? String(s.name.dropFirst()) : "--")),
            ("NetIO", .string(invalid ? "--" : size(s.networkRx) + " / " + size(s.networkTx))),
            ("PIDs", .string(invalid ? "--" : String(s.pids))),
        ])
    }
}
