import NIOCore

/// A request body, read as it arrives: uploads (image load, import, build
/// contexts) are far too large to buffer.
final class RequestBody {
    private let reader: ConnectionReader

    init(_ reader: ConnectionReader) { self.reader = reader }

    func next() async throws -> ByteBuffer? { try await reader.nextBodyChunk() }

    /// The whole body, refusing more than `limit` bytes (JSON bodies only).
    func collect(limit: Int = 16 << 20) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = try await next() {
            guard bytes.count + chunk.readableBytes <= limit else { throw APIError.badRequest("request body too large") }
            bytes += chunk.readableBytesView
        }
        return bytes
    }

    func drain() async throws {
        while try await next() != nil {}
    }
}
