/// `--log-opt` values of the json-file driver.
enum LogOptions {
    /// "10m", "1g", "500k", "1024" → bytes.
    static func bytes(_ text: String?) -> Int64? {
        guard var text = text?.lowercased(), !text.isEmpty else { return nil }
        var multiplier: Int64 = 1
        if text.hasSuffix("b") { text.removeLast() }
        switch text.last {
        case "k": multiplier = 1 << 10
        case "m": multiplier = 1 << 20
        case "g": multiplier = 1 << 30
        default: break
        }
        if multiplier != 1 { text.removeLast() }
        guard let value = Double(text), value >= 0 else { return nil }
        return Int64(value * Double(multiplier))
    }

    static func validate(_ options: [String: String]) throws(EngineError) {
        for (key, value) in options {
            switch key {
            case "max-size":
                guard bytes(value) != nil else { throw .invalid("invalid value for log opt max-size: \(value)") }
            case "max-file":
                guard let count = Int(value) else { throw .invalid("invalid value for log opt max-file: \(value)") }
                if count < 1 { throw .invalid("max-file cannot be less than 1") }
            case "compress":
                guard value == "true" || value == "false" else { throw .invalid("invalid value for log opt compress: \(value)") }
            case "labels", "labels-regex", "env", "env-regex", "tag":
                continue
            default:
                throw .invalid("unknown log opt '\(key)' for json-file log driver")
            }
        }
    }
}
