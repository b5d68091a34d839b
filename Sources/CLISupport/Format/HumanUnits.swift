import Glibc

/// Docker's (go-units) human-readable sizes and durations.
public enum HumanUnits {
    static let decimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]
    static let binaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]

    /// `units.HumanSizeWithPrecision`: decimal units, `precision` significant digits ("1.99MB").
    public static func size(_ bytes: Double, precision: Int = 4) -> String {
        let (value, unit) = scaled(bytes, base: 1000, units: decimalUnits)
        return GoFloat.formatG(value, precision: precision) + unit
    }

    /// `units.BytesSize`: binary units, four significant digits ("23.54GiB").
    public static func bytesSize(_ bytes: Double) -> String {
        let (value, unit) = scaled(bytes, base: 1024, units: binaryUnits)
        return GoFloat.formatG(value, precision: 4) + unit
    }

    static func scaled(_ size: Double, base: Double, units: [String]) -> (Double, String) {
        var value = size
        var i = 0
        while value >= base && i < units.count - 1 {
            value /= base
            i += 1
        }
        return (value, units[i])
    }

    /// `units.HumanDuration`: "Less than a second", "About a minute", "2 weeks"…
    public static func duration(seconds: Double) -> String {
        let s = Int(seconds)
        if s < 1 { return "Less than a second" }
        if s == 1 { return "1 second" }
        if s < 60 { return "\(s) seconds" }
        let minutes = Int(seconds / 60)
        if minutes == 1 { return "About a minute" }
        if minutes < 60 { return "\(minutes) minutes" }
        let hours = Int(seconds / 3600 + 0.5)
        if hours == 1 { return "About an hour" }
        if hours < 48 { return "\(hours) hours" }
        if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
        if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
        if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
        return "\(Int(seconds / 3600) / 24 / 365) years"
    }
}

/// Go's `%.*g` formatting, which differs from C's: no trailing zeros, and the
/// exponent switch uses the rounded digit count ("1e+03", not "1.00e+03").
public enum GoFloat {
    public static func formatG(_ value: Double, precision: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == 0 { return "0" }
        let p = max(1, precision)
        // C's %.*e rounds exactly like Go's strconv: it yields the digits and exponent.
        let scientific = cFormat("%.*e", Int32(p - 1), value)
        guard let eIndex = scientific.firstIndex(of: "e") else { return scientific }
        var mantissa = String(scientific[..<eIndex])
        let exponent = Int(scientific[scientific.index(after: eIndex)...]) ?? 0
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        var digits = mantissa.filter { $0 != "." }
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
        // Go: eprec = digits if fewer than requested and the number is an integer
        // in that many digits; %e when exp < -4 || exp >= eprec.
        var eprec = p
        if eprec > digits.count && digits.count >= exponent + 1 { eprec = digits.count }
        var out: String
        if exponent < -4 || exponent >= eprec {
            out = String(digits.first!)
            if digits.count > 1 { out += "." + digits.dropFirst() }
            let magnitude = abs(exponent)
            out += (exponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + String(magnitude)
        } else if exponent < 0 {
            out = "0." + String(repeating: "0", count: -exponent - 1) + digits
        } else {
            let integerCount = exponent + 1
            if digits.count <= integerCount {
                out = digits + String(repeating: "0", count: integerCount - digits.count)
            } else {
                out = String(digits.prefix(integerCount)) + "." + String(digits.dropFirst(integerCount))
            }
        }
        return negative ? "-" + out : out
    }

    static func cFormat(_ format: String, _ precision: Int32, _ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([precision, value]) { args in
            vsnprintf(&buffer, buffer.count, format, args)
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
