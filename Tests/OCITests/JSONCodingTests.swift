import Testing
@testable import OCI

@Suite struct JSONCodingTests {
    struct Sample: Codable, Equatable {
        var name: String
        var count: Int
        var big: UInt64
        var negative: Int32
        var ratio: Double
        var flag: Bool
        var tags: [String]
        var labels: [String: String]
        var nested: [Sample]?
        var missing: String?
    }

    let sample = Sample(name: "a\"b\\c/d\n\u{1}é😀", count: 42, big: UInt64.max, negative: -7, ratio: 0.5, flag: true,
                        tags: ["x", ""], labels: ["z": "1", "a": "2"],
                        nested: [Sample(name: "n", count: 0, big: 0, negative: 0, ratio: 3, flag: false, tags: [], labels: [:],
                                        nested: nil, missing: nil)],
                        missing: nil)

    @Test func roundTrips() throws {
        let bytes = try JSON.encode(sample)
        #expect(try JSON.decode(Sample.self, from: bytes) == sample)
    }

    @Test func writesCompactSortedJSON() throws {
        struct Small: Encodable { var b = 1; var a = "x/y"; var c: Double = 2; var d: Double = 1.25; var e: Int? = nil }
        #expect(try JSON.string(Small()) == #"{"a":"x/y","b":1,"c":2,"d":1.25}"#)
        #expect(String(decoding: try JSON.encode(Small(), sortedKeys: false), as: UTF8.self) == #"{"b":1,"a":"x/y","c":2,"d":1.25}"#)
    }

    @Test func escapesWhatJSONRequires() throws {
        #expect(try JSON.string("q\"\\\u{8}\u{c}\n\r\t\u{1b}é") == #""q\"\\\b\f\n\r\t\u001bé""#)
    }

    @Test func prettyPrintsWithTwoSpaces() throws {
        struct Pretty: Encodable { var a = [1, 2]; var b: [String: Int] = [:] }
        #expect(try JSON.string(Pretty(), pretty: true) == "{\n  \"a\" : [\n    1,\n    2\n  ],\n  \"b\" : {}\n}")
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let text = try JSON.decode(String.self, from: Array(#""\u00e9\ud83d\ude00\/\n""#.utf8))
        #expect(text == "é😀/\n")
    }

    @Test func acceptsWholeNumbersWrittenAsFloatingPoint() throws {
        #expect(try JSON.decode(Int.self, from: Array("1.0".utf8)) == 1)
        #expect(try JSON.decode(Int64.self, from: Array("1e3".utf8)) == 1000)
        #expect(try JSON.decode(Double.self, from: Array("-2.5E-1".utf8)) == -0.25)
    }

    @Test func refusesNumbersThatDoNotFit() {
        #expect(throws: DecodingError.self) { try JSON.decode(UInt8.self, from: Array("300".utf8)) }
        #expect(throws: DecodingError.self) { try JSON.decode(Int.self, from: Array("1.5".utf8)) }
        #expect(throws: DecodingError.self) { try JSON.decode(UInt.self, from: Array("-1".utf8)) }
    }

    @Test(arguments: ["", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "01", "1.", "-", "tru", "\"\u{1}\"", "\"\\x\"",
                      "\"\\ud800\"", "[1] 2", "{'a':1}", "nul", "+1", ".5", "[\"a\"", "\"abc"])
    func refusesMalformedDocuments(_ text: String) {
        #expect(throws: DecodingError.self) { try JSON.decode(JSONValue.self, from: Array(text.utf8)) }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: DecodingError.self) { try JSON.decode(String.self, from: [0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func refusesDeepNesting() throws {
        let deep = Array(repeating: UInt8(ascii: "["), count: 100_000)
        #expect(throws: DecodingError.self) { try JSON.decode(JSONValue.self, from: deep) }
        let fine = Array(repeating: UInt8(ascii: "["), count: 500) + Array(repeating: UInt8(ascii: "]"), count: 500)
        _ = try JSON.decode(JSONValue.self, from: fine)
    }

    @Test func namesTheFieldInErrors() {
        do {
            _ = try JSON.decode(Sample.self, from: Array(#"{"name":"a","count":"x"}"#.utf8))
            Issue.record("decoded a string as an Int")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["count"])
        } catch {
            Issue.record("unexpected \(error)")
        }
        do {
            _ = try JSON.decode(Sample.self, from: Array(#"{"name":"a"}"#.utf8))
            Issue.record("decoded without a required key")
        } catch DecodingError.keyNotFound(let key, _) {
            #expect(key.stringValue == "count")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func keepsTheLastOfARepeatedKey() throws {
        let labels = try JSON.decode([String: Int].self, from: Array(#"{"a":1,"b":2,"a":3}"#.utf8))
        #expect(labels == ["a": 3, "b": 2])
    }

    @Test func handlesLargeObjects() throws {
        var labels: [String: Int] = [:]
        for index in 0..<5000 { labels["key\(index)"] = index }
        #expect(try JSON.decode([String: Int].self, from: try JSON.encode(labels)) == labels)
    }

    @Test func nullsForOptionalsAndJSONValues() throws {
        struct Holder: Decodable { var a: String?; var b: JSONValue }
        let holder = try JSON.decode(Holder.self, from: Array(#"{"a":null,"b":{"x":[true,null,1.5,"s"]}}"#.utf8))
        #expect(holder.a == nil)
        #expect(holder.b == .object(["x": .array([.bool(true), .null, .number(1.5), .string("s")])]))
    }

    @Test func refusesNonFiniteNumbers() {
        #expect(throws: EncodingError.self) { try JSON.encode(Double.nan) }
    }
}
