import Glibc
import LinuxSupport

/// One end of the socket pair between the runtime and the processes it forks.
/// Messages are single lines ("pid 42", "ready", "error ..."): the children
/// are forks of the runtime, so everything else they need is already in memory.
struct SyncChannel {
    let fd: Int32

    static func pair() throws(RuntimeError) -> (parent: SyncChannel, child: SyncChannel) {
        let (a, b) = try sys { () throws(SystemCallError) in try UnixSocket.pair() }
        return (SyncChannel(fd: a), SyncChannel(fd: b))
    }

    func send(_ message: String) throws(RuntimeError) {
        let line = message.replacingNewlines + "\n"
        try sys { () throws(SystemCallError) in try FD.writeAll(fd, line) }
    }

    /// The next line, or nil when the other side closed without sending one.
    func receive() throws(RuntimeError) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = Glibc.read(fd, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw .system(SystemCallError("read", "sync socket")) }
            if n == 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }

    /// Waits for `expected`; an "error ..." line or a silent close becomes a RuntimeError.
    func expect(_ expected: String) throws(RuntimeError) -> String {
        guard let line = try receive() else { throw .childFailed("container process exited during setup") }
        if line.hasPrefix("error ") { throw .childFailed(String(line.dropFirst(6))) }
        guard line == expected || line.hasPrefix(expected + " ") else {
            throw .childFailed("unexpected message from container process: \(line)")
        }
        return line
    }

    func close() { FD.close(fd) }
}

extension String {
    var replacingNewlines: String {
        String(map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}

/// The end of every forked runtime child: report the failure over the sync
/// channel and exit without running anything else of the parent's.
func childFailure(_ channel: SyncChannel, _ error: any Error) -> Never {
    try? channel.send("error \(error)")
    _exit(1)
}
