/// jsonmessage's `JSONProgress.String()`: the bar and counts Docker draws for
/// a progress message. The CLI draws it on a terminal; the daemon sends it
/// pre-rendered in `progress` for older clients (always as wide as a terminal
/// over 110 columns, as dockerd does).
public enum JSONProgressBar {
    public static func render(current: Int64, total: Int64, units: String? = nil, hideCounts: Bool = false, wide: Bool) -> String {
        if current <= 0 && total <= 0 { return "" }
        if total <= 0 {
            if let units, !units.isEmpty { return "\(current) \(units)" }
            return leftPad(HumanUnits.size(Double(current)), 8)
        }
        let percentage = min(50, Int(Double(current) / Double(total) * 100) / 2)
        var box = ""
        if wide {
            box = "[" + String(repeating: "=", count: percentage) + ">" + String(repeating: " ", count: max(0, 50 - percentage)) + "] "
        }
        var numbers = ""
        if !hideCounts {
            if let units, !units.isEmpty {
                numbers = current > total ? "\(current) \(units)" : "\(current)/\(total) \(units)"
            } else {
                let c = HumanUnits.size(Double(current)), t = HumanUnits.size(Double(total))
                numbers = current > total ? leftPad(c, 8) : leftPad(c, 8) + "/" + t
            }
        }
        return box + numbers
    }

    static func leftPad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
