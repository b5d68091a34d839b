/// Reads one json-file line back into a `LogEntry`. Tolerant of key order,
/// whitespace and keys it does not use (Docker's `attrs`); strict about
/// everything else, so a damaged line yields nil and is skipped rather than
/// producing a wrong entry. An entry needs a `stream` of stdout or stderr and
/// a valid `time`; a missing `log` is an empty one (Docker's omitempty).
enum JSONLogLineDecoder {
    static func decode(_ line: ArraySlice<UInt8>) -> LogEntry? {
        var parser = JSONObjectParser(line)
        var log: [UInt8] = []
        var stream: LogStream?
        var time: LogTime?
        let complete = parser.forEachMember { key, parser in
            switch key {
            case "log":
                guard let value = parser.string() else { return false }
                log = value
            case "stream":
                guard let value = parser.string() else { return false }
                stream = LogStream(rawValue: String(decoding: value, as: UTF8.self))
            case "time":
                guard let value = parser.string(), let parsed = RFC3339.parse(value) else { return false }
                time = parsed
            default:
                return parser.skipValue()
            }
            return true
        }
        guard complete, let stream, let time else { return nil }
        return LogEntry(stream: stream, time: time, bytes: log)
    }

    /// The `lastTime` Docker records in a rotated file's gzip header:
    /// `{"lastTime":"2026-11-23T10:00:00.123456789Z"}`.
    static func lastTime(fromHeaderExtra extra: ArraySlice<UInt8>) -> LogTime? {
        var parser = JSONObjectParser(extra)
        var time: LogTime?
        let complete = parser.forEachMember { key, parser in
            guard key == "lastTime" else { return parser.skipValue() }
            guard let value = parser.string() else { return false }
            time = RFC3339.parse(value)
            return true
        }
        return complete ? time : nil
    }
}
