/// Which of the container's output streams a log entry came from.
public enum LogStream: String, Sendable, Hashable, CaseIterable {
    case stdout
    case stderr
}
