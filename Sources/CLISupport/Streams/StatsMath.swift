/// The numbers `stats` shows, computed from one sample as Docker's CLI does.
public enum StatsMath {
    /// CPU % across all CPUs: the container's share of the host's CPU time
    /// since the previous sample, times the number of CPUs.
    public static func cpuPercent(total: UInt64, previousTotal: UInt64, system: UInt64, previousSystem: UInt64,
                                  onlineCPUs: UInt32, perCPUCount: Int) -> Double {
        let cpuDelta = Double(total) - Double(previousTotal)
        let systemDelta = Double(system) - Double(previousSystem)
        var cpus = Double(onlineCPUs)
        if cpus == 0 { cpus = Double(perCPUCount) }
        guard systemDelta > 0, cpuDelta > 0 else { return 0 }
        return cpuDelta / systemDelta * cpus * 100
    }

    /// Memory in use without the page cache that can be dropped: cgroup v1
    /// reports `total_inactive_file`, v2 `inactive_file`.
    public static func memoryUsage(usage: UInt64, stats: [String: UInt64]) -> Double {
        if let inactive = stats["total_inactive_file"], inactive < usage { return Double(usage - inactive) }
        let inactive = stats["inactive_file"] ?? 0
        if inactive < usage { return Double(usage - inactive) }
        return Double(usage)
    }

    public static func memoryPercent(used: Double, limit: Double) -> Double {
        limit != 0 ? used / limit * 100 : 0
    }

    /// Bytes read and written, from the blkio entries' `op` ("Read"/"read"…).
    public static func blockIO(_ entries: [(op: String, value: UInt64)]) -> (read: UInt64, write: UInt64) {
        var read: UInt64 = 0, write: UInt64 = 0
        for entry in entries {
            switch entry.op.first {
            case "r", "R": read &+= entry.value
            case "w", "W": write &+= entry.value
            default: break
            }
        }
        return (read, write)
    }

    /// `strconv.FormatFloat(v, 'f', 2, 64) + "%"`.
    public static func percentage(_ value: Double) -> String {
        formatFixed(value, digits: 2) + "%"
    }

    static func formatFixed(_ value: Double, digits: Int) -> String {
        var text = GoFloat.cFormat("%.*f", Int32(digits), value)
        if text == "-0.00" { text = "0.00" }
        return text
    }
}
