import Crypto
import OCI

/// Streaming sha256 over bytes as they pass by, giving an OCI digest.
public struct SHA256Digester {
    private var hasher = SHA256()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }
    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) } }

    public func finalize() -> OCI.Digest {
        let hex = hasher.finalize().map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xf)]], as: UTF8.self)
        }.joined()
        // A sha256 of 64 lowercase hex digits is always a valid digest.
        return try! OCI.Digest(sha256Hex: hex)
    }

    public static func digest(_ bytes: [UInt8]) -> OCI.Digest {
        var digester = SHA256Digester()
        digester.update(bytes)
        return digester.finalize()
    }
}
