import Glibc

/// The few Go time layouts Docker's CLI prints, in the local time zone as Go
/// would pick it (TZ, else /etc/localtime), through the C library.
public enum GoTime {
    /// Seconds since the epoch, with the fraction.
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    struct Local {
        var year, month, day, hour, minute, second, weekday: Int
        var offsetSeconds: Int
        var zone: String
    }

    static func local(_ unix: Int64) -> Local {
        var seconds = time_t(unix)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let zone = parts.tm_zone.map { String(cString: $0) } ?? "UTC"
        return Local(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
                     hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec),
                     weekday: Int(parts.tm_wday), offsetSeconds: Int(parts.tm_gmtoff), zone: zone)
    }

    static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Go's `time.Unix(s, 0).String()`: "2026-11-23 08:18:49 +0000 UTC".
    public static func goString(unix: Int64) -> String {
        let t = local(unix)
        let offset = abs(t.offsetSeconds)
        let sign = t.offsetSeconds < 0 ? "-" : "+"
        return "\(pad(t.year, 4))-\(pad(t.month))-\(pad(t.day)) \(pad(t.hour)):\(pad(t.minute)):\(pad(t.second)) "
            + "\(sign)\(pad(offset / 3600))\(pad(offset % 3600 / 60)) \(t.zone)"
    }

    /// Go's `time.Unix(s, 0).Format(time.RFC3339)`: "2026-11-23T08:18:49Z" or "…+01:00".
    public static func rfc3339(unix: Int64) -> String {
        let t = local(unix)
        var zone = "Z"
        if t.offsetSeconds != 0 {
            let offset = abs(t.offsetSeconds)
            zone = (t.offsetSeconds < 0 ? "-" : "+") + "\(pad(offset / 3600)):\(pad(offset % 3600 / 60))"
        }
        return "\(pad(t.year, 4))-\(pad(t.month))-\(pad(t.day))T\(pad(t.hour)):\(pad(t.minute)):\(pad(t.second))\(zone)"
    }

    /// Go's `2006-01-02T15:04:05.000000000Z07:00` (Docker's events).
    public static func rfc3339NanoFixed(unix: Int64, nanoseconds: Int64) -> String {
        let base = rfc3339(unix: unix)
        let fraction = String(nanoseconds)
        let padded = String(repeating: "0", count: max(0, 9 - fraction.count)) + fraction
        let split = base.index(base.startIndex, offsetBy: 19)
        return String(base[..<split]) + "." + padded + String(base[split...])
    }

    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Parses RFC 3339 ("2026-05-07T21:09:36.000000000+00:00") into its wall-clock
    /// fields and the Unix time; nil if it is not that shape.
    public static func parseRFC3339(_ text: String) -> (unix: Int64, year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)? {
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
        guard b.count >= 20, let year = number(0, 4), b[4] == 45, let month = number(5, 2), b[7] == 45,
              let day = number(8, 2), b[10] == 84 || b[10] == 116 || b[10] == 32, let hour = number(11, 2), b[13] == 58,
              let minute = number(14, 2), b[16] == 58, let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var i = 19
        if i < b.count, b[i] == 46 {
            i += 1
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45, let h = number(i + 1, 2), i + 3 < b.count, b[i + 3] == 58, let m = number(i + 4, 2) {
            offset = (h * 3600 + m * 60) * (b[i] == 45 ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year, month, day)
        let unix = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        return (unix, year, month, day, hour, minute, second)
    }

    /// Go's reformatting of an RFC 3339 build time as `time.ANSIC`, in the
    /// time's own offset: "Thu May  7 21:09:36 2026". Unparsable text is kept.
    public static func ansic(fromRFC3339 text: String) -> String {
        guard let t = parseRFC3339(text) else { return text }
        let weekday = ((daysFromCivil(t.year, t.month, t.day) % 7) + 11) % 7   // 1970-01-01 was a Thursday (4)
        let day = t.day < 10 ? " \(t.day)" : String(t.day)
        return "\(weekdays[weekday]) \(months[t.month - 1]) \(day) \(pad(t.hour)):\(pad(t.minute)):\(pad(t.second)) \(pad(t.year, 4))"
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }
}
