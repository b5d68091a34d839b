/// `--cpus 1.5`: a rational number of CPUs as billionths (NanoCpus), exact as
/// Go's big.Rat makes it ("0.5" → 500000000, "1/3" is too precise).
public enum CPUCount {
    public static func nanoCPUs(_ text: String) throws(FlagValueError) -> Int64 {
        guard let (numerator, denominatorPowerOfTen, divisor) = rational(text) else {
            throw FlagValueError("failed to parse \(text) as a rational number")
        }
        // value = numerator / 10^denominatorPowerOfTen / divisor; times 10^9.
        var value = numerator
        var power = 9 - denominatorPowerOfTen
        while power > 0 {
            let (next, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { throw FlagValueError("value is too precise") }
            value = next
            power -= 1
        }
        while power < 0 {
            guard value % 10 == 0 else { throw FlagValueError("value is too precise") }
            value /= 10
            power += 1
        }
        guard divisor != 0, value % divisor == 0 else { throw FlagValueError("value is too precise") }
        return value / divisor
    }

    /// Parses `[-]digits[.digits][e[-]digits]` or `a/b` into an integer, a
    /// decimal exponent to divide by, and an integer divisor.
    static func rational(_ text: String) -> (Int64, Int, Int64)? {
        if let slash = text.firstIndex(of: "/") {
            guard let a = Int64(text[..<slash]), let b = Int64(text[text.index(after: slash)...]), b != 0 else { return nil }
            return (a, 0, b)
        }
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        var mantissa = ""
        var fractionDigits = 0
        var seenDot = false
        while let c = rest.first, c.isASCII, c.isNumber || (c == "." && !seenDot) {
            if c == "." { seenDot = true } else {
                mantissa.append(c)
                if seenDot { fractionDigits += 1 }
            }
            rest = rest.dropFirst()
        }
        guard !mantissa.isEmpty else { return nil }
        var exponent = 0
        if let e = rest.first, e == "e" || e == "E" {
            guard let value = Int(rest.dropFirst()), abs(value) < 100 else { return nil }
            exponent = value
            rest = ""
        }
        guard rest.isEmpty, let magnitude = Int64(mantissa) else { return nil }
        return (negative ? -magnitude : magnitude, fractionDigits - exponent, 1)
    }
}
