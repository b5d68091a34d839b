/// Go's strconv number and boolean parsing, with its error texts: Docker's
/// flag errors quote them ("strconv.ParseInt: parsing \"x\": invalid syntax").
public enum GoStrconv {
    public static func parseBool(_ text: String) throws(FlagValueError) -> Bool {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: throw FlagValueError("strconv.ParseBool: parsing \(quote(text)): invalid syntax")
        }
    }

    /// `strconv.ParseInt(text, 0, bits)`: a sign, then decimal, `0x`, `0o`,
    /// `0b` or a leading-zero octal.
    public static func parseInt(_ text: String, bits: Int = 64) throws(FlagValueError) -> Int64 {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard let magnitude = parseMagnitude(digits) else {
            throw FlagValueError("strconv.ParseInt: parsing \(quote(text)): invalid syntax")
        }
        let limit = UInt64(1) << UInt64(bits - 1)
        if (!negative && magnitude >= limit) || (negative && magnitude > limit) {
            throw FlagValueError("strconv.ParseInt: parsing \(quote(text)): value out of range")
        }
        return negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
    }

    /// `strconv.ParseUint(text, 0, bits)`.
    public static func parseUint(_ text: String, bits: Int = 64) throws(FlagValueError) -> UInt64 {
        guard let magnitude = parseMagnitude(Substring(text)) else {
            throw FlagValueError("strconv.ParseUint: parsing \(quote(text)): invalid syntax")
        }
        if bits < 64 && magnitude >= UInt64(1) << UInt64(bits) {
            throw FlagValueError("strconv.ParseUint: parsing \(quote(text)): value out of range")
        }
        return magnitude
    }

    /// `strconv.Atoi`: decimal only.
    public static func atoi(_ text: String) throws(FlagValueError) -> Int {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw FlagValueError("strconv.Atoi: parsing \(quote(text)): invalid syntax")
        }
        guard let value = Int(digits) else {
            throw FlagValueError("strconv.Atoi: parsing \(quote(text)): value out of range")
        }
        return negative ? -value : value
    }

    /// Digits with Go's base-0 prefixes; nil when they are not a number. A
    /// value too large for 64 bits comes back as `UInt64.max`.
    static func parseMagnitude(_ text: Substring) -> UInt64? {
        var digits = text
        var base: UInt64 = 10
        let lower = digits.lowercased()
        if lower.hasPrefix("0x") { base = 16; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0o") { base = 8; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0b") { base = 2; digits = digits.dropFirst(2) }
        else if digits.count > 1 && digits.first == "0" { base = 8; digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        var overflow = false
        for character in digits {
            guard let digit = character.hexDigitValue, UInt64(digit) < base else { return nil }
            let (multiplied, o1) = value.multipliedReportingOverflow(by: base)
            let (added, o2) = multiplied.addingReportingOverflow(UInt64(digit))
            if o1 || o2 { overflow = true }
            value = added
        }
        return overflow ? UInt64.max : value
    }

    /// `strconv.ParseFloat(text, 64)` for the decimal forms people type.
    public static func parseFloat(_ text: String) throws(FlagValueError) -> Double {
        let allowed = Set("0123456789+-.eE")
        guard !text.isEmpty, text.allSatisfy({ allowed.contains($0) }), let value = Double(text) else {
            throw FlagValueError("strconv.ParseFloat: parsing \(quote(text)): invalid syntax")
        }
        return value
    }

    /// Go's `strconv.Quote`: double quotes, backslash escapes, `\u`/`\x` for
    /// what is not printable.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value >= 0x80 && scalar.value < 0xA0 {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
