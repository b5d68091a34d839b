/// A content digest, "algorithm:hex": the address of every blob.
public struct Digest: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let algorithm: String
    public let encoded: String

    public init(parsing text: String) throws(ImageFormatError) {
        guard let colon = text.firstIndex(of: ":") else { throw .invalidDigest(text) }
        try self.init(algorithm: String(text[..<colon]), encoded: String(text[text.index(after: colon)...]), original: text)
    }

    public init(sha256Hex: String) throws(ImageFormatError) {
        try self.init(algorithm: "sha256", encoded: sha256Hex, original: sha256Hex)
    }

    private init(algorithm: String, encoded: String, original: String) throws(ImageFormatError) {
        let lengths = ["sha256": 64, "sha512": 128]
        guard let length = lengths[algorithm] else { throw .unsupportedDigestAlgorithm(original) }
        guard encoded.utf8.count == length,
              encoded.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { throw .invalidDigest(original) }
        self.algorithm = algorithm
        self.encoded = encoded
    }

    public var description: String { algorithm + ":" + encoded }
    /// Docker's short ID: the first 12 hex digits.
    public var shortID: String { String(encoded.prefix(12)) }

    public static func < (a: Digest, b: Digest) -> Bool { a.description < b.description }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
