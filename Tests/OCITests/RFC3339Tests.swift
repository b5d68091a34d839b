import Testing
@testable import OCI

@Suite struct RFC3339Tests {
    @Test func parsesDockerNanoseconds() throws {
        let parsed = try #require(RFC3339.parse("2024-01-02T03:04:05.123456789Z"))
        #expect(parsed.seconds == 1_704_164_645)
        #expect(parsed.nanoseconds == 123_456_789)
    }

    @Test(arguments: [
        ("2024-01-02T03:04:05Z", Int64(1_704_164_645)),
        ("2024-01-02T05:04:05+02:00", 1_704_164_645),
        ("2024-01-02T05:04:05.5+02:00", 1_704_164_645),
        ("2024-01-01T22:04:05-05:00", 1_704_164_645),
        ("2024-01-02t03:04:05z", 1_704_164_645),
        ("2024-01-02 03:04:05Z", 1_704_164_645),
        ("2024-09-26T21:31:42.1234567891234Z", 1_727_386_302),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59Z", -1),
        ("2000-02-29T00:00:00Z", 951_782_400),
        ("1900-03-01T00:00:00Z", -2_203_891_200),
        ("0001-01-01T00:00:00Z", -62_135_596_800),  // Go's zero time, found in some configs
        ("9999-12-31T23:59:59Z", 253_402_300_799),
    ])
    func parsesSeconds(text: String, seconds: Int64) {
        #expect(RFC3339.parse(text)?.seconds == seconds)
    }

    @Test func fractionsScaleToNanoseconds() {
        #expect(RFC3339.parse("2024-01-02T03:04:05.5Z")?.nanoseconds == 500_000_000)
        #expect(RFC3339.parse("2024-01-02T03:04:05.000001Z")?.nanoseconds == 1_000)
        #expect(RFC3339.parse("2024-01-02T03:04:05.1234567891Z")?.nanoseconds == 123_456_789)
    }

    @Test(arguments: [
        "", "2024-01-02", "2024-01-02T03:04:05", "2024-01-02T03:04:05.Z", "2024-01-02T03:04:05Zjunk",
        "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z", "2024-04-31T00:00:00Z",
        "2024-01-02T24:00:00Z", "2024-01-02T03:60:00Z", "2024-01-02T03:04:05+0200", "2024-01-02T03:04:05+24:00",
        "24-01-02T03:04:05Z", "2024-1-02T03:04:05Z", "2024-01-02X03:04:05Z",
    ])
    func refuses(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func formatsLikeGo() {
        #expect(RFC3339.format(seconds: 1_704_164_645, nanoseconds: 123_456_789) == "2024-01-02T03:04:05.123456789Z")
        #expect(RFC3339.format(seconds: 1_704_164_645, nanoseconds: 500_000_000) == "2024-01-02T03:04:05.5Z")
        #expect(RFC3339.format(seconds: 0) == "1970-01-01T00:00:00Z")
        #expect(RFC3339.format(seconds: -1) == "1969-12-31T23:59:59Z")
        #expect(RFC3339.format(seconds: -62_135_596_800) == "0001-01-01T00:00:00Z")
    }

    @Test func formatAndParseAgree() {
        // Every day across four centuries on both sides of the epoch, at an odd time of day.
        var seconds: Int64 = -6_000_000_000
        while seconds < 6_000_000_000 {
            let text = RFC3339.format(seconds: seconds)
            #expect(RFC3339.parse(text)?.seconds == seconds, "\(text)")
            seconds += 86_400 * 7 + 3_661
        }
    }

    @Test func configAndHistoryExposeCreatedDate() {
        let config = ImageConfig(created: "2024-01-02T05:04:05.123456789+02:00", architecture: "amd64", os: "linux")
        #expect(config.createdDate == 1_704_164_645)
        #expect(History(created: "garbage").createdDate == nil)
        #expect(History().createdDate == nil)
    }
}
