import Glibc

/// poll(2) over a few descriptors, for the CLI's stream loops (attach, exec):
/// one thread waits on the daemon's socket, stdin and a signalfd at once.
public enum Poll {
    public struct Readiness: Sendable {
        public let revents: Int16
        /// Data to read, or the other end hung up (a read will return 0).
        public var isReadable: Bool { revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 }
    }

    /// Waits until one of `descriptors` is readable, or `timeout` milliseconds
    /// (-1 waits without limit); returns each one's readiness, in order.
    public static func readable(_ descriptors: [Int32], timeout: Int32 = -1) throws(SystemCallError) -> [Readiness] {
        var entries = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        while true {
            let result = poll(&entries, nfds_t(entries.count), timeout)
            if result < 0 && errno == EINTR { continue }
            try check(result, "poll")
            return entries.map { Readiness(revents: $0.revents) }
        }
    }
}

extension UnixSocket {
    /// shutdown(SHUT_WR): the peer reads end of file while we keep reading
    /// its answer (the end of stdin on an attached stream).
    public static func shutdownWrite(_ fd: Int32) throws(SystemCallError) {
        try check(shutdown(fd, Int32(SHUT_WR)), "shutdown(SHUT_WR)")
    }
}
