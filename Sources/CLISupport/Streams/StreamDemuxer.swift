/// Splits the multiplexed stream of a non-TTY attach, exec or logs into its
/// streams (Docker's stdcopy): 8-byte headers `[stream, 0, 0, 0, size32be]`
/// then `size` bytes. Bytes arrive in arbitrary pieces; frames come out whole
/// or in parts, in order.
public struct StreamDemuxer: Sendable {
    public enum Stream: UInt8, Sendable {
        case stdin = 0, stdout = 1, stderr = 2, systemError = 3
    }

    public enum Output: Equatable, Sendable {
        /// Payload for stdout (stdin frames are written there too, as Docker does).
        case stdout([UInt8])
        case stderr([UInt8])
        /// A stream-3 frame: the daemon's error, which ends the copy.
        case systemError(String)
    }

    public struct FramingError: Error, Equatable, Sendable {
        public let message: String
    }

    private var header: [UInt8] = []
    private var stream: Stream = .stdout
    private var remaining = 0
    /// A system-error frame is collected whole before it is reported.
    private var errorText: [UInt8] = []

    public init() {}

    /// True between frames: the stream may end here without losing data.
    public var isAtFrameBoundary: Bool { header.isEmpty && remaining == 0 }

    public mutating func feed(_ bytes: [UInt8]) throws(FramingError) -> [Output] {
        var outputs: [Output] = []
        var index = 0
        while index < bytes.count {
            if remaining == 0 {
                let needed = 8 - header.count
                let take = min(needed, bytes.count - index)
                header += bytes[index..<index + take]
                index += take
                guard header.count == 8 else { break }
                guard let kind = Stream(rawValue: header[0]) else {
                    throw FramingError(message: "Unrecognized input header: \(header[0])")
                }
                stream = kind
                remaining = Int(header[4]) << 24 | Int(header[5]) << 16 | Int(header[6]) << 8 | Int(header[7])
                header = []
                if remaining == 0 { continue }
            }
            let take = min(remaining, bytes.count - index)
            let payload = Array(bytes[index..<index + take])
            index += take
            remaining -= take
            switch stream {
            case .stdin, .stdout: outputs.append(.stdout(payload))
            case .stderr: outputs.append(.stderr(payload))
            case .systemError:
                errorText += payload
                if remaining == 0 {
                    outputs.append(.systemError(String(decoding: errorText, as: UTF8.self)))
                    errorText = []
                }
            }
        }
        return outputs
    }
}
