/// RFC 3339 timestamps as Docker writes them (Go's RFC3339Nano:
/// "2024-01-02T03:04:05.123456789Z", or with a "+02:00" offset).
///
/// Written here because the module avoids full Foundation, and image configs
/// need nothing beyond this one format: converting to Unix time is integer
/// arithmetic on the proleptic Gregorian calendar.
public enum RFC3339 {
    /// Seconds since the Unix epoch and the nanoseconds within that second,
    /// or nil for text that is not an RFC 3339 date-time. Fractions longer than
    /// nine digits are truncated, as Go does.
    public static func parse(_ text: String) -> (seconds: Int64, nanoseconds: Int32)? {
        var scanner = Scanner(Array(text.utf8))
        guard let year = scanner.digits(4), scanner.skip("-"),
              let month = scanner.digits(2), scanner.skip("-"),
              let day = scanner.digits(2),
              scanner.skip(anyOf: "Tt "),
              let hour = scanner.digits(2), scanner.skip(":"),
              let minute = scanner.digits(2), scanner.skip(":"),
              let second = scanner.digits(2)
        else { return nil }

        var nanoseconds: Int64 = 0
        if scanner.skip(anyOf: ".,") {
            var count = 0
            while let digit = scanner.digit() {
                if count < 9 { nanoseconds = nanoseconds * 10 + digit }
                count += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<max(count, 9) { nanoseconds *= 10 }
        }

        var offset: Int64 = 0
        if scanner.skip(anyOf: "Zz") {
            offset = 0
        } else if let sign = scanner.sign(), let offsetHours = scanner.digits(2), scanner.skip(":"), let offsetMinutes = scanner.digits(2) {
            guard offsetHours < 24, offsetMinutes < 60 else { return nil }
            offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard scanner.atEnd,
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second <= 60  // 60: a leap second, which RFC 3339 allows
        else { return nil }

        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return (seconds, Int32(nanoseconds))
    }

    /// UTC text in Go's RFC3339Nano shape: trailing zeros of the fraction
    /// dropped, no fraction at all for whole seconds. Years outside 0...9999
    /// are clamped, since RFC 3339 has exactly four year digits.
    /// The time as fractional Unix seconds, or nil for text that is not RFC 3339.
    public static func unixTime(_ text: String) -> Double? {
        parse(text).map { Double($0.seconds) + Double($0.nanoseconds) / 1e9 }
    }

    public static func format(seconds: Int64, nanoseconds: Int32 = 0) -> String {
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        var (year, month, day) = civilDate(daysSinceEpoch: days)
        var (hour, minute, second) = (secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
        if year < 0 { (year, month, day, hour, minute, second) = (0, 1, 1, 0, 0, 0) }
        if year > 9999 { (year, month, day, hour, minute, second) = (9999, 12, 31, 23, 59, 59) }

        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        if nanoseconds > 0 && nanoseconds < 1_000_000_000 {
            var fraction = pad(Int64(nanoseconds), 9)
            while fraction.last == "0" { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, 400-year cycles of 146097 days)

    static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01. Counting years from March puts the leap day last,
    /// so the day of the year follows from the month by one linear formula.
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let marchYear = month <= 2 ? year - 1 : year
        let era = floorDiv(marchYear, 400)
        let yearOfEra = marchYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468  // 719468: days from 0000-03-01 to 1970-01-01
    }

    /// The inverse of `daysSinceEpoch`.
    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDiv(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// A cursor over ASCII bytes; every method consumes only on success.
    struct Scanner {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func digit() -> Int64? {
            guard index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") else { return nil }
            defer { index += 1 }
            return Int64(bytes[index] - UInt8(ascii: "0"))
        }

        /// Exactly `count` digits as one number.
        mutating func digits(_ count: Int) -> Int64? {
            let start = index
            var value: Int64 = 0
            for _ in 0..<count {
                guard let digit = digit() else { index = start; return nil }
                value = value * 10 + digit
            }
            return value
        }

        mutating func skip(_ character: Unicode.Scalar) -> Bool { skip(anyOf: String(character)) }

        mutating func skip(anyOf characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }

        mutating func sign() -> Int64? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }
}
