import Testing
@testable import OCI

@Suite struct DigestTests {
    static let hex = "9abcffa0e5bfe941dda69f40943242ae81c7dacb75eb9e39f53c7d1767086e30"

    @Test func parsesSha256() throws {
        let digest = try Digest(parsing: "sha256:" + Self.hex)
        #expect(digest.algorithm == "sha256")
        #expect(digest.encoded == Self.hex)
        #expect(digest.description == "sha256:" + Self.hex)
        #expect(digest.shortID == "9abcffa0e5bf")
        #expect(try Digest(sha256Hex: Self.hex) == digest)
    }

    @Test func parsesSha512() throws {
        let hex = Self.hex + Self.hex
        let digest = try Digest(parsing: "sha512:" + hex)
        #expect(digest.algorithm == "sha512")
        #expect(digest.encoded.count == 128)
    }

    static let sha256 = "sha256:" + hex
    static let upper: String = "sha256:" + hex.uppercased()
    static let nonHex: String = "sha256:" + String(hex.dropLast()) + "g"
    static let tooLong: String = sha256 + "0"
    static let shortSha512: String = "sha512:" + hex

    static let bad: [(String, ImageFormatError)] = [
        ("", .malformedDigest("")),
        (hex, .malformedDigest(hex)),
        ("sha256:", .malformedDigest("sha256:")),
        (":" + hex, .malformedDigest(":" + hex)),
        ("md5:d41d8cd98f00b204e9800998ecf8427e", .unsupportedDigestAlgorithm("md5")),
        ("SHA256:" + hex, .malformedDigest("SHA256:" + hex)),
        ("sha256:abc", .invalidDigestLength(digest: "sha256:abc", expected: 64)),
        (tooLong, .invalidDigestLength(digest: tooLong, expected: 64)),
        (shortSha512, .invalidDigestLength(digest: shortSha512, expected: 128)),
        (upper, .invalidDigestHex(upper)),
        (nonHex, .invalidDigestHex(nonHex)),
    ]

    @Test(arguments: bad)
    func refuses(text: String, expected: ImageFormatError) {
        #expect(throws: expected) { try Digest(parsing: text) }
    }

    @Test func messagesSayWhatIsWrong() {
        #expect(ImageFormatError.invalidDigestLength(digest: "sha256:abc", expected: 64).description
            == "invalid digest \"sha256:abc\": 64 hex digits expected after \"sha256:\", found 3")
        #expect(ImageFormatError.unsupportedDigestAlgorithm("md5").description.contains("sha256"))
        #expect(ImageFormatError.invalidDigestHex("sha256:AB").description.contains("lowercase"))
    }

    @Test func codesAsPlainString() throws {
        let digest = try Digest(sha256Hex: Self.hex)
        #expect(try JSON.string(digest) == "\"sha256:\(Self.hex)\"")
        #expect(try JSON.decode(Digest.self, from: Array("\"sha256:\(Self.hex)\"".utf8)) == digest)
        #expect(throws: DecodingError.self) { try JSON.decode(Digest.self, from: Array("\"sha256:abc\"".utf8)) }
    }

    @Test func ordersByText() throws {
        let low = try Digest(sha256Hex: String(repeating: "0", count: 64))
        let high = try Digest(sha256Hex: String(repeating: "f", count: 64))
        #expect(low < high)
        #expect([high, low].sorted() == [low, high])
    }
}
