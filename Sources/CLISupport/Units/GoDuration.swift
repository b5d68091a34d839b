/// Go's `time.ParseDuration` ("1h30m", "1.5s", "300ms"), for the health-check
/// flags and for `--since 10m`.
public enum GoDuration {
    static let units: [(String, Double)] = [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ]

    /// Nanoseconds.
    public static func parse(_ text: String) throws(FlagValueError) -> Int64 {
        let invalid = FlagValueError("time: invalid duration \(GoStrconv.quote(text))")
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { throw invalid }
        var total: Double = 0
        while !rest.isEmpty {
            var number = ""
            while let c = rest.first, c.isASCII, c.isNumber || c == "." {
                number.append(c)
                rest = rest.dropFirst()
            }
            guard !number.isEmpty, number != ".", let value = Double(number.hasPrefix(".") ? "0" + number : number) else { throw invalid }
            var unit = ""
            while let c = rest.first, !(c.isASCII && (c.isNumber || c == ".")) {
                unit.append(c)
                rest = rest.dropFirst()
            }
            if unit.isEmpty { throw FlagValueError("time: missing unit in duration \(GoStrconv.quote(text))") }
            guard let scale = units.first(where: { $0.0 == unit })?.1 else {
                throw FlagValueError("time: unknown unit \(GoStrconv.quote(unit)) in duration \(GoStrconv.quote(text))")
            }
            total += value * scale
        }
        guard total < 9.3e18 else { throw invalid }
        let nanos = Int64(total.rounded())
        return negative ? -nanos : nanos
    }
}
