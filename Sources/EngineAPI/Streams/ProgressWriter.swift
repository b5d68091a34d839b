import Distribution
import NIOCore
import OCI

/// Writes pull and push progress as Docker's JSON messages, one object per
/// line: `status`, `progressDetail` (what CLI 28 draws its bars from),
/// `progress` (the bar pre-rendered, for older clients) and `id`; a push
/// result goes out as `aux`.
struct ProgressWriter: Sendable {
    let response: ResponseWriter

    struct Detail: Encodable {
        var current: Int64?
        var total: Int64?
    }

    struct Aux: Encodable {
        let Tag: String
        let Digest: String
        let Size: Int
    }

    struct Message: Encodable {
        var status: String?
        var progressDetail: Detail?
        var progress: String?
        var id: String?
        var aux: Aux?
    }

    func write(_ message: ProgressMessage) async {
        var out = Message(status: message.status, id: message.id)
        if message.hasDetail { out.progressDetail = Detail(current: message.current, total: message.total) }
        if let current = message.current, let total = message.total { out.progress = Self.bar(current: current, total: total) }
        if let result = message.pushResult {
            out = Message(progressDetail: Detail(), aux: Aux(Tag: result.tag, Digest: result.digest, Size: result.size))
        }
        try? await response.write((try? JSON.encode(out)).map { $0 + [0x0a] } ?? [])
    }

    func fail(_ message: String) async {
        try? await response.write(((try? JSON.encode(StreamMessage.failure(message))) ?? []) + [0x0a])
    }

    /// `[=====>      ]  1.049MB/2.1MB`, as Docker renders it for a wide terminal.
    static func bar(current: Int64, total: Int64) -> String {
        guard current > 0 || total > 0 else { return "" }
        guard total > 0 else { return pad(humanSize(current), 8) }
        let filled = min(Int(Double(current) / Double(total) * 100) / 2, 50)
        let box = "[" + String(repeating: "=", count: filled) + ">" + String(repeating: " ", count: max(50 - filled, 0)) + "] "
        if current > total { return box + pad(humanSize(current), 8) }
        return box + pad(humanSize(current), 8) + "/" + humanSize(total)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(width - text.count, 0)) + text
    }

    /// Go's units.HumanSize: decimal units, four significant digits.
    static func humanSize(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return significant4(value) + units[unit]
    }

    /// `%.4g` for the values sizes take (0 ≤ v < 1000).
    private static func significant4(_ value: Double) -> String {
        let decimals = value >= 100 ? 1 : value >= 10 ? 2 : 3
        var text = String(format4(value, decimals))
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if value >= 1000 { return String(Int(value)) }
        return text
    }

    private static func format4(_ value: Double, _ decimals: Int) -> String {
        let scale = [1.0, 10.0, 100.0, 1000.0][decimals]
        let rounded = (value * scale).rounded() / scale
        let whole = Int(rounded)
        guard decimals > 0 else { return String(whole) }
        let fraction = Int(((rounded - Double(whole)) * scale).rounded())
        let digits = String(fraction)
        return String(whole) + "." + String(repeating: "0", count: max(decimals - digits.count, 0)) + digits
    }
}
