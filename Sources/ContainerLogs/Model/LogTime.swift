import LinuxSupport

/// A wall-clock instant with nanosecond precision, as log entries carry it.
public struct LogTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Unix seconds (UTC).
    public var seconds: Int64
    /// Nanoseconds within the second, 0 ..< 1_000_000_000.
    public var nanoseconds: Int32

    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        // Normalise so comparisons and formatting never see an out-of-range fraction.
        let carry = Int64(nanoseconds).floorDividedBy(1_000_000_000)
        self.seconds = seconds + carry
        self.nanoseconds = Int32(Int64(nanoseconds) - carry * 1_000_000_000)
    }

    /// The current wall-clock time.
    public static func now() -> LogTime {
        let now = Clock.realtime()
        return LogTime(seconds: now.seconds, nanoseconds: now.nanoseconds)
    }

    /// Parses the Engine API's `since`/`until` form: Unix seconds, optionally
    /// followed by `.` and a fraction ("1700000000", "1700000000.5").
    public init(unixTimestamp text: String) throws(ContainerLogsError) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let seconds = Int64(parts[0]) else { throw .invalidTimestamp(text) }
        var nanoseconds: Int32 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= 9, fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
                let digits = Int32(fraction)
            else { throw .invalidTimestamp(text) }
            // "5" means half a second: scale the digits up to nine places.
            nanoseconds = digits * Self.powersOfTen[9 - fraction.count]
        }
        self.init(seconds: seconds, nanoseconds: nanoseconds)
    }

    public static func < (lhs: LogTime, rhs: LogTime) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// RFC 3339 with nanoseconds, trailing zeros trimmed (Go's RFC3339Nano):
    /// how the json-file log stores times, "2026-11-23T10:00:00.1234Z".
    public var rfc3339Nano: String {
        var bytes: [UInt8] = []
        RFC3339.append(self, trimmingZeros: true, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// RFC 3339 with exactly nine fraction digits (Docker's RFC3339NanoFixed):
    /// how `docker logs -t` prints times, "2026-11-23T10:00:00.123400000Z".
    public var rfc3339NanoFixed: String {
        var bytes: [UInt8] = []
        RFC3339.append(self, trimmingZeros: false, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { rfc3339Nano }

    static let powersOfTen: [Int32] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]
}

extension Int64 {
    /// Division rounding toward negative infinity (times before 1970 stay on the right day).
    func floorDividedBy(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
