import Glibc

/// `--since`/`--until` values as the API wants them (Docker's
/// GetTimestamp): a Go duration counts back from now ("10m" → Unix seconds),
/// an RFC 3339 date or time becomes "seconds.nanoseconds", and a Unix
/// timestamp passes through.
public enum APITimestamp {
    public static func convert(_ value: String, now: Double) throws(FlagValueError) -> String {
        if value != "0", let nanos = try? GoDuration.parse(value) {
            let instant = now - Double(nanos) / 1e9
            return String(Int64(instant.rounded(.down)))
        }
        if let parsed = parseDate(value) {
            return "\(parsed.seconds).\(pad9(parsed.nanos))"
        }
        if value.contains("-") {
            throw FlagValueError("parsing time \(GoStrconv.quote(value))\(rangeProblem(value).map { ": \($0) out of range" } ?? ": cannot parse as a date")")
        }
        let parts = value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard Int64(parts[0]) != nil, parts.count == 1 || Int64(parts[1]) != nil else {
            throw FlagValueError("failed to parse value as time or duration: \(GoStrconv.quote(value))")
        }
        return value
    }

    /// Go reports a field out of range by name ("month out of range").
    static func rangeProblem(_ text: String) -> String? {
        let b = Array(text.utf8)
        func number(_ from: Int) -> Int? {
            guard from + 2 <= b.count, let value = Int(String(decoding: b[from..<from + 2], as: UTF8.self)) else { return nil }
            return value
        }
        guard b.count >= 10, b[4] == 45, b[7] == 45 else { return nil }
        if let month = number(5), !(1...12).contains(month) { return "month" }
        if let day = number(8), !(1...31).contains(day) { return "day" }
        if b.count >= 13, b[10] == UInt8(ascii: "T"), let hour = number(11), hour > 23 { return "hour" }
        return nil
    }

    static func pad9(_ nanos: Int64) -> String {
        let text = String(nanos)
        return String(repeating: "0", count: max(0, 9 - text.count)) + text
    }

    /// `YYYY-MM-DD[THH[:MM[:SS[.fraction]]]][Z|±HH:MM]`; without a zone, local time.
    static func parseDate(_ text: String) -> (seconds: Int64, nanos: Int64)? {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var value = 0
            for c in b[from..<from + count] {
                guard c >= 48 && c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard b.count >= 10, let year = number(0, 4), b[4] == 45, let month = number(5, 2), b[7] == 45, let day = number(8, 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var i = 10, hour = 0, minute = 0, second = 0
        var nanos: Int64 = 0
        if i < b.count && b[i] == UInt8(ascii: "T") {
            guard let h = number(i + 1, 2), h < 24 else { return nil }
            hour = h
            i += 3
            if i < b.count && b[i] == 58 {
                guard let m = number(i + 1, 2), m < 60 else { return nil }
                minute = m
                i += 3
                if i < b.count && b[i] == 58 {
                    guard let s = number(i + 1, 2), s < 61 else { return nil }
                    second = s
                    i += 3
                    if i < b.count && b[i] == 46 {
                        i += 1
                        var digits = 0
                        while i < b.count, b[i] >= 48, b[i] <= 57 {
                            if digits < 9 { nanos = nanos * 10 + Int64(b[i] - 48) }
                            digits += 1
                            i += 1
                        }
                        guard digits > 0 else { return nil }
                        if digits < 9 { for _ in digits..<9 { nanos *= 10 } }
                    }
                }
            }
        }
        var offset: Int? = nil
        if i < b.count {
            if b[i] == 90 || b[i] == 122 {
                offset = 0
                i += 1
            } else if (b[i] == 43 || b[i] == 45), let h = number(i + 1, 2), i + 3 < b.count, b[i + 3] == 58, let m = number(i + 4, 2) {
                offset = (h * 3600 + m * 60) * (b[i] == 45 ? -1 : 1)
                i += 6
            }
        }
        guard i == b.count else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        parts.tm_isdst = -1
        let seconds: Int64
        if let offset {
            seconds = Int64(timegm(&parts)) - Int64(offset)
        } else {
            seconds = Int64(mktime(&parts))
        }
        return (seconds, nanos)
    }
}
