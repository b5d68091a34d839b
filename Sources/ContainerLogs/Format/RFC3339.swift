/// RFC 3339 times as bytes, in the two shapes Docker's logs use: Go's
/// RFC3339Nano (fraction with trailing zeros trimmed, none when zero) in the
/// file, and nine fixed digits for `docker logs -t`. Always UTC ("Z").
enum RFC3339 {
    static func append(_ time: LogTime, trimmingZeros: Bool, to out: inout [UInt8]) {
        appendDateAndTime(seconds: time.seconds, to: &out)
        appendFraction(time.nanoseconds, trimmingZeros: trimmingZeros, to: &out)
        out.append(UInt8(ascii: "Z"))
    }

    /// "2006-01-02T15:04:05", 19 bytes.
    static func appendDateAndTime(seconds: Int64, to out: inout [UInt8]) {
        let days = seconds.floorDividedBy(86_400)
        let secondOfDay = seconds - days * 86_400
        let date = CivilDate.fromDays(days)
        appendDigits(date.year, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(date.month, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(date.day, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, width: 2, to: &out)
    }

    static func appendFraction(_ nanoseconds: Int32, trimmingZeros: Bool, to out: inout [UInt8]) {
        var value = Int64(nanoseconds)
        var width = 9
        if trimmingZeros {
            if value == 0 { return }
            while value % 10 == 0 {
                value /= 10
                width -= 1
            }
        }
        out.append(UInt8(ascii: "."))
        appendDigits(value, width: width, to: &out)
    }

    /// Zero-padded decimal digits; a negative year (never written in practice) keeps its sign.
    static func appendDigits(_ value: Int64, width: Int, to out: inout [UInt8]) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            appendDigits(-value, width: width, to: &out)
            return
        }
        var digits = 1
        var limit: Int64 = 10
        while limit <= value && digits < 19 {
            digits += 1
            limit &*= 10
        }
        for _ in digits..<max(digits, width) { out.append(UInt8(ascii: "0")) }
        var divisor: Int64 = 1
        for _ in 1..<digits { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Parses what Go's time.Time accepts from JSON: "2006-01-02T15:04:05",
    /// an optional fraction of any length (digits past the ninth dropped), and
    /// "Z" or a "+07:00"/"-07:00" offset. Nil when the text is anything else.
    static func parse(_ b: [UInt8]) -> LogTime? {
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let year = number(b, 0, 4), let month = number(b, 5, 2), let day = number(b, 8, 2),
            let hour = number(b, 11, 2), let minute = number(b, 14, 2), let second = number(b, 17, 2),
            (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var nanoseconds: Int64 = 0
        if b[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < b.count, let digit = digitValue(b[index]) {
                if digits < 9 { nanoseconds = nanoseconds * 10 + digit }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 9)..<9 { nanoseconds *= 10 }
        }
        guard index < b.count else { return nil }
        var offset: Int64 = 0
        if b[index] == UInt8(ascii: "Z") {
            index += 1
        } else if b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-") {
            guard index + 6 == b.count, b[index + 3] == UInt8(ascii: ":"),
                let hours = number(b, index + 1, 2), let minutes = number(b, index + 4, 2), hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (b[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == b.count else { return nil }
        let days = CivilDate.toDays(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return LogTime(seconds: seconds, nanoseconds: Int32(nanoseconds))
    }

    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for index in start..<start + count {
            guard let digit = digitValue(bytes[index]) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    private static func digitValue(_ byte: UInt8) -> Int64? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int64(byte - UInt8(ascii: "0")) : nil
    }
}
