import Crypto
import OCI

extension OCI.Digest {
    /// The sha256 digest of bytes held in memory (manifests, configs).
    static func sha256(_ bytes: [UInt8]) -> OCI.Digest {
        let hex = SHA256.hash(data: bytes).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
        // A 64-character lowercase hex string always parses.
        return try! OCI.Digest(sha256Hex: hex)
    }
}
