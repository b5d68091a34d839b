import Engine
import NIOCore

/// Copies a hijacked client connection to and from a monitor connection:
/// the client's raw input to the monitor (ending with a half-close), and the
/// monitor's frames to the client, multiplexed as they are or unwrapped for
/// a terminal. Returns the exec exit code if the monitor reported one.
struct StreamRelay {
    let request: Request
    let response: ResponseWriter
    /// Frames pass through (stdout/stderr multiplexed) or lose their headers.
    let multiplexed: Bool
    /// Forward the client's input (stdin).
    let forwardInput: Bool
    /// The detach sequence, scanned for in the client's input.
    let detachKeys: [UInt8]

    private enum Outcome: Sendable {
        case exited(Int32)
        case closed
        case detached
        case inputEnded
    }

    func run(_ monitor: MonitorStream) async throws -> Int32? {
        defer { Task { await monitor.close() } }
        let connection = request.connection
        let forwardInput = self.forwardInput
        let detachKeys = self.detachKeys
        let multiplexed = self.multiplexed
        let response = self.response
        return try await withThrowingTaskGroup(of: Outcome.self) { group in
            group.addTask {
                // The client's side: its input, until it half-closes or detaches.
                var matcher = DetachMatcher(keys: forwardInput ? detachKeys : [])
                while let chunk = try await connection.nextRaw() {
                    guard forwardInput else { continue }
                    let (bytes, detached) = matcher.feed(chunk)
                    if !bytes.isEmpty { try await monitor.outbound.write(ByteBuffer(bytes: bytes)) }
                    if detached { return .detached }
                }
                monitor.outbound.finish()
                return .inputEnded
            }
            group.addTask {
                while let (stream, payload) = try await monitor.nextFrame() {
                    if stream == 4 { return .exited(Int32(String(buffer: payload)) ?? -1) }
                    if multiplexed {
                        var framed = ByteBuffer()
                        framed.writeStreamHeader(stream: stream, length: payload.readableBytes)
                        var copy = payload
                        framed.writeBuffer(&copy)
                        try await response.writeRaw(framed)
                    } else {
                        try await response.writeRaw(payload)
                    }
                }
                return .closed
            }
            // The output side decides the end (the process exited), or the
            // client detaching; the end of the client's input alone does not.
            var result: Int32? = nil
            while let outcome = try await group.next() {
                switch outcome {
                case .inputEnded: continue
                case .exited(let code): result = code
                case .closed, .detached: break
                }
                break
            }
            group.cancelAll()
            return result
        }
    }
}

/// Finds the detach sequence (Ctrl-P Ctrl-Q by default) in a client's input:
/// bytes that may begin it are held back until it is complete or broken.
struct DetachMatcher {
    let keys: [UInt8]
    private var held: [UInt8] = []

    init(keys: [UInt8]) { self.keys = keys }

    mutating func feed(_ buffer: ByteBuffer) -> (bytes: [UInt8], detached: Bool) {
        guard !keys.isEmpty else { return (Array(buffer.readableBytesView), false) }
        var out: [UInt8] = []
        for byte in buffer.readableBytesView {
            held.append(byte)
            if held == keys { return (out, true) }
            while !held.isEmpty && !keys.starts(with: held) {
                out.append(held.removeFirst())
            }
        }
        return (out, false)
    }

    /// Docker's --detach-keys syntax: "ctrl-p,ctrl-q", letters, "ctrl-@".
    static func parse(_ text: String?) throws(APIError) -> [UInt8] {
        guard let text, !text.isEmpty else { return [16, 17] }
        var keys: [UInt8] = []
        for part in text.split(separator: ",") {
            let key = part.lowercased()
            if key.hasPrefix("ctrl-"), key.count == 6 {
                let c = Array(key.utf8)[5]
                switch c {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): keys.append(c - 96)
                case UInt8(ascii: "@"): keys.append(0)
                case UInt8(ascii: "["): keys.append(27)
                case UInt8(ascii: "\\"): keys.append(28)
                case UInt8(ascii: "]"): keys.append(29)
                case UInt8(ascii: "^"): keys.append(30)
                case UInt8(ascii: "_"): keys.append(31)
                default: throw .badRequest("Invalid escape keys (\(text)) provided")
                }
            } else if part.utf8.count == 1 {
                keys.append(Array(part.utf8)[0])
            } else {
                throw .badRequest("Invalid escape keys (\(text)) provided")
            }
        }
        return keys
    }
}
