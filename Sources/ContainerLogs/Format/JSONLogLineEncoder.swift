/// Builds json-file lines, byte for byte as Docker writes them:
/// `{"log":"…","stream":"stdout","time":"2026-11-23T10:00:00.123456789Z"}\n`.
/// Keeps the formatted date and time of the last second seen, since
/// consecutive lines nearly always share it.
struct JSONLogLineEncoder {
    private var cachedSecond: Int64?
    private var cachedDateAndTime: [UInt8] = []

    private static let logKey: [UInt8] = Array(#"{"log":"#.utf8)
    private static let stdoutField: [UInt8] = Array(#","stream":"stdout","time":""#.utf8)
    private static let stderrField: [UInt8] = Array(#","stream":"stderr","time":""#.utf8)
    private static let ending: [UInt8] = Array("\"}\n".utf8)

    mutating func append(log: ArraySlice<UInt8>, stream: LogStream, time: LogTime, to out: inout [UInt8]) {
        if log.isEmpty {
            // Docker omits an empty "log" (omitempty); the copier never sends one.
            out.append(contentsOf: #"{"stream":""#.utf8)
            out.append(contentsOf: stream.rawValue.utf8)
            out.append(contentsOf: #"","time":""#.utf8)
        } else {
            out.append(contentsOf: Self.logKey)
            JSONStringEscaping.appendQuoted(log, to: &out)
            out.append(contentsOf: stream == .stdout ? Self.stdoutField : Self.stderrField)
        }
        if cachedSecond != time.seconds {
            cachedDateAndTime.removeAll(keepingCapacity: true)
            RFC3339.appendDateAndTime(seconds: time.seconds, to: &cachedDateAndTime)
            cachedSecond = time.seconds
        }
        out.append(contentsOf: cachedDateAndTime)
        RFC3339.appendFraction(time.nanoseconds, trimmingZeros: true, to: &out)
        out.append(UInt8(ascii: "Z"))
        out.append(contentsOf: Self.ending)
    }
}
