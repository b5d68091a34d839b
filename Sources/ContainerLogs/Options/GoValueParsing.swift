/// The value parsers Docker applies to `--log-opt` values, with the error
/// messages Go's strconv and docker/go-units produce, so a refused option
/// reads the same as under Docker.
enum GoValueParsing {
    /// strconv.Atoi: an optional sign and decimal digits.
    static func integer(_ text: String) throws(ContainerLogsError) -> Int {
        let utf8 = Array(text.utf8)
        var digits = utf8[...]
        if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw .invalidOption("strconv.Atoi: parsing \(quoted(text)): invalid syntax")
        }
        guard let value = Int(text) else {
            throw .invalidOption("strconv.Atoi: parsing \(quoted(text)): value out of range")
        }
        return value
    }

    /// strconv.ParseBool.
    static func boolean(_ text: String) throws(ContainerLogsError) -> Bool {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: throw .invalidOption("strconv.ParseBool: parsing \(quoted(text)): invalid syntax")
        }
    }

    /// strconv.ParseFloat for decimal notation ("10", "1.5", ".5", "2e3").
    static func float(_ text: String) throws(ContainerLogsError) -> Double {
        var bytes = Array(text.utf8)[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        var mantissaDigits = 0
        var index = bytes.startIndex
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        while index < bytes.endIndex, isDigit(bytes[index]) { index += 1; mantissaDigits += 1 }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.endIndex, isDigit(bytes[index]) { index += 1; mantissaDigits += 1 }
        }
        var valid = mantissaDigits > 0
        if valid, index < bytes.endIndex, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < bytes.endIndex, isDigit(bytes[index]) { index += 1 }
            valid = index > exponentStart
        }
        guard valid, index == bytes.endIndex, let value = Double(text) else {
            throw .invalidOption("strconv.ParseFloat: parsing \(quoted(text)): invalid syntax")
        }
        guard value.isFinite else {
            throw .invalidOption("strconv.ParseFloat: parsing \(quoted(text)): value out of range")
        }
        return value
    }

    /// go-units FromHumanSize: a number with an optional decimal (SI) unit,
    /// "10m" being 10,000,000 bytes. "k", "kb" and even "kib" all mean 1000.
    static func humanSize(_ text: String) throws(ContainerLogsError) -> Int64 {
        let bytes = Array(text.utf8)
        guard let separator = bytes.lastIndex(where: { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: " ") })
        else { throw .invalidOption("invalid size: '\(text)'") }
        let numberEnd = bytes[separator] == UInt8(ascii: " ") ? separator : separator + 1
        let number = String(decoding: bytes[..<numberEnd], as: UTF8.self)
        let suffix = String(decoding: bytes[(separator + 1)...], as: UTF8.self)
        let size = try float(number)
        guard size >= 0 else { throw .invalidOption("invalid size: '\(text)'") }
        if suffix.isEmpty { return truncated(size) }
        guard suffix.utf8.count <= 3 else { throw .invalidOption("invalid suffix: '\(suffix)'") }
        let lower = Array(suffix.lowercased().utf8)
        let badSuffix = ContainerLogsError.invalidOption("invalid suffix: '\(String(decoding: lower, as: UTF8.self))'")
        if lower[0] == UInt8(ascii: "b") {
            guard lower.count == 1 else { throw badSuffix }
            return truncated(size)
        }
        let multipliers: [UInt8: Double] = [
            UInt8(ascii: "k"): 1e3, UInt8(ascii: "m"): 1e6, UInt8(ascii: "g"): 1e9, UInt8(ascii: "t"): 1e12, UInt8(ascii: "p"): 1e15,
        ]
        guard let multiplier = multipliers[lower[0]] else { throw badSuffix }
        if lower.count == 2 && lower[1] != UInt8(ascii: "b") { throw badSuffix }
        if lower.count == 3 && (lower[1] != UInt8(ascii: "i") || lower[2] != UInt8(ascii: "b")) { throw badSuffix }
        return truncated(size * multiplier)
    }

    /// Go's int64(float64) on amd64: truncation, and the minimum value when
    /// out of range (which Docker then refuses as not positive).
    private static func truncated(_ value: Double) -> Int64 {
        Int64(exactly: value.rounded(.towardZero)) ?? .min
    }

    /// Go's %q for the plain text options are made of.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text.unicodeScalars {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(character)
            }
        }
        return out + "\""
    }
}
