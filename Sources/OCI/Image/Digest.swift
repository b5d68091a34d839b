/// A content address, "algorithm:hex", as used for blobs, manifests and image IDs.
///
/// Only the canonical spelling is accepted (lowercase hex of the exact length),
/// because digests are compared and used as file names as plain strings: two
/// spellings of one hash would be two different blobs.
public struct Digest: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let algorithm: String
    public let encoded: String

    /// Hex digits per algorithm. sha256 is what registries use; sha512 is the
    /// other algorithm the OCI image spec registers; sha384 is accepted because
    /// Docker's digest library accepts it.
    static let hexLength: [String: Int] = ["sha256": 64, "sha384": 96, "sha512": 128]

    public init(parsing text: String) throws(ImageFormatError) {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex else {
            throw .malformedDigest(text)
        }
        let algorithm = String(text[..<colon])
        let encoded = String(text[text.index(after: colon)...])
        guard let expected = Digest.hexLength[algorithm] else {
            guard Digest.isWellFormedAlgorithm(algorithm) else { throw .malformedDigest(text) }
            throw .unsupportedDigestAlgorithm(algorithm)
        }
        guard encoded.utf8.count == expected else { throw .invalidDigestLength(digest: text, expected: expected) }
        guard encoded.utf8.allSatisfy(Digest.isLowerHex) else { throw .invalidDigestHex(text) }
        self.algorithm = algorithm
        self.encoded = encoded
    }

    /// A sha256 digest from the hex a hasher produced.
    public init(sha256Hex: String) throws(ImageFormatError) {
        try self.init(parsing: "sha256:" + sha256Hex)
    }

    public var description: String { algorithm + ":" + encoded }

    /// Docker's short ID: the first 12 hex digits, as `docker images` shows.
    public var shortID: String { String(encoded.prefix(12)) }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }

    // On the wire a digest is the plain string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func isLowerHex(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
    }

    /// The OCI grammar for algorithm names (`[a-z0-9]+([+._-][a-z0-9]+)*`):
    /// lets an unknown but well-formed algorithm get the clearer "unsupported" message.
    static func isWellFormedAlgorithm(_ algorithm: String) -> Bool {
        var previousWasSeparator = true
        for byte in algorithm.utf8 {
            let isAlnum = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            if isAlnum {
                previousWasSeparator = false
            } else if "+._-".utf8.contains(byte), !previousWasSeparator {
                previousWasSeparator = true
            } else {
                return false
            }
        }
        return !previousWasSeparator
    }
}
