import Engine
import Glibc

/// The STATUS column of `docker ps`, as the daemon words it: "Up 2 minutes",
/// "Exited (0) 5 seconds ago", "Up 3 seconds (Paused)", "Created".
enum ContainerStatusText {
    static func of(_ record: ContainerRecord) -> String {
        let state = record.state
        if state.Running {
            let up = humanDuration(since: state.StartedAt)
            if state.Paused { return "Up \(up) (Paused)" }
            return "Up \(up)"
        }
        if state.Restarting { return "Restarting (\(state.ExitCode)) \(humanDuration(since: state.FinishedAt)) ago" }
        if state.Dead { return "Dead" }
        if !record.hasBeenStarted || state.FinishedAt == ContainerStateInfo.zeroTime { return "Created" }
        return "Exited (\(state.ExitCode)) \(humanDuration(since: state.FinishedAt)) ago"
    }

    /// Docker's units.HumanDuration.
    static func humanDuration(since time: String) -> String {
        let seconds = Int(max(0, nowSeconds() - (Timestamp.seconds(time) ?? nowSeconds())))
        if seconds < 1 { return "Less than a second" }
        if seconds == 1 { return "1 second" }
        if seconds < 60 { return "\(seconds) seconds" }
        let minutes = seconds / 60
        if minutes == 1 { return "About a minute" }
        if minutes < 60 { return "\(minutes) minutes" }
        let hours = Int((Double(seconds) / 3600).rounded())
        if hours == 1 { return "About an hour" }
        if hours < 48 { return "\(hours) hours" }
        if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
        if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
        if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
        return "\(seconds / 3600 / 24 / 365) years"
    }

    static func nowSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

/// RFC 3339 timestamps of records, to Unix seconds.
enum Timestamp {
    static func seconds(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        func number(_ range: Range<Int>) -> Int32? { Int32(String(decoding: bytes[range], as: UTF8.self)) }
        guard let year = number(0..<4), year > 1, let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        var fraction = 0.0
        if bytes[19] == UInt8(ascii: ".") {
            let digits = bytes[20...].prefix { $0 >= 48 && $0 <= 57 }
            fraction = Double("0." + String(decoding: digits, as: UTF8.self)) ?? 0
        }
        return Double(timegm(&parts)) + fraction
    }
}
