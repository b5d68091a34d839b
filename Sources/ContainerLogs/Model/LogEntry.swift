/// One entry of a container's log: a line (or a piece of a long line) of
/// output, the stream it came from and when it was read.
public struct LogEntry: Sendable, Equatable {
    public var stream: LogStream
    public var time: LogTime
    /// The output itself, with its trailing newline when the line was complete.
    public var bytes: [UInt8]

    public init(stream: LogStream, time: LogTime, bytes: [UInt8]) {
        self.stream = stream
        self.time = time
        self.bytes = bytes
    }
}
