import Glibc
import LinuxSupport

/// One connection to the monitor's socket. Its first line says what it is:
///
///     attach <stdin 0|1> <stdout 0|1> <stderr 0|1>   live output, input to the init
///     start                                          release the created init
///     wait                                           one line when the init exits
///     resize <rows> <columns>                        the init's terminal
///     exec <exec-id> <tty 0|1> <stdin 0|1> <detach 0|1>   run exec-<id>.json
///     exec-resize <exec-id> <rows> <columns>
///     state                                          "running <pid>" or "exited …"
///
/// Output goes to clients in frames of an 8-byte header (stream, 0, 0, 0,
/// big-endian length) and the payload: stream 1 stdout, 2 stderr, and 4 an
/// exec's exit code in decimal. Input after the first line is raw.
final class Client {
    enum Role {
        case unknown
        case attach(stdin: Bool, stdout: Bool, stderr: Bool)
        case waiter
        case exec(String)
        case done
    }

    let fd: Int32
    var role: Role = .unknown
    private var pendingLine: [UInt8] = []
    var output: [UInt8] = []
    private var outputStart = 0
    /// The peer closed its sending side.
    var inputEnded = false
    /// Close once the output is written.
    var closeWhenFlushed = false
    var broken = false

    /// More output than this waiting for a slow reader drops the reader, so
    /// one stuck client cannot hold the container's output.
    static let outputLimit = 8 << 20

    init(fd: Int32) {
        self.fd = fd
        FD.setNonBlocking(fd)
    }

    /// Collects the first line; returns it with whatever followed it.
    func takeLine(_ bytes: [UInt8]) -> (line: String, rest: [UInt8])? {
        pendingLine += bytes
        guard let newline = pendingLine.firstIndex(of: 0x0A) else {
            if pendingLine.count > 65536 { broken = true }
            return nil
        }
        let line = String(decoding: pendingLine[..<newline], as: UTF8.self)
        let rest = Array(pendingLine[(newline + 1)...])
        pendingLine = []
        return (line, rest)
    }

    func send(_ text: String) {
        enqueue(Array(text.utf8))
    }

    func sendFrame(stream: UInt8, _ payload: ArraySlice<UInt8>) {
        let size = UInt32(payload.count)
        var header: [UInt8] = [stream, 0, 0, 0, UInt8(size >> 24), UInt8((size >> 16) & 0xFF), UInt8((size >> 8) & 0xFF), UInt8(size & 0xFF)]
        header += payload
        enqueue(header)
    }

    private func enqueue(_ bytes: [UInt8]) {
        guard !broken else { return }
        output += bytes
        if output.count - outputStart > Self.outputLimit { broken = true }
        flush()
    }

    var hasOutput: Bool { outputStart < output.count }

    func flush() {
        while outputStart < output.count {
            guard let written = FD.writeSome(fd, output[outputStart...]) else {
                broken = true
                return
            }
            if written == 0 { break }
            outputStart += written
        }
        if outputStart == output.count {
            output.removeAll(keepingCapacity: true)
            outputStart = 0
        } else if outputStart > 1 << 20 {
            output.removeFirst(outputStart)
            outputStart = 0
        }
    }

    var finished: Bool { broken || (closeWhenFlushed && !hasOutput) }
}
