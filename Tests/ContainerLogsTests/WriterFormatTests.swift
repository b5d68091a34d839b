import LinuxSupport
import Testing
@testable import ContainerLogs

@Suite struct WriterFormatTests {
    @Test func linesAreDockersJSONObjects() throws {
        let dir = scratchDirectory("format")
        defer { Directory.removeTree(dir) }
        let writer = try JSONFileLogWriter(path: dir + "/c.log")
        try writer.write(stream: .stdout, bytes: Array("hello\nwor".utf8), time: time(0, 123_456_789))
        try writer.write(stream: .stderr, bytes: Array("oops\n".utf8), time: time(1, 500_000_000))
        try writer.write(stream: .stdout, bytes: Array("ld\n".utf8), time: time(2))
        try writer.close()
        #expect(try fileText(dir + "/c.log") == """
            {"log":"hello\\n","stream":"stdout","time":"2026-11-23T10:00:00.123456789Z"}
            {"log":"oops\\n","stream":"stderr","time":"2026-11-23T10:00:01.5Z"}
            {"log":"world\\n","stream":"stdout","time":"2026-11-23T10:00:02Z"}

            """)
    }

    @Test(arguments: [
        ("<a href=\"x\">&</a>", #""\u003ca href=\"x\"\u003e\u0026\u003c/a\u003e""#),
        ("tab\there\r\n", #""tab\u0009here\r\n""#),
        ("back\\slash \u{1}\u{1f}", #""back\\slash \u0001\u001f""#),
        ("del\u{7f}", "\"del\u{7f}\""),  // DEL is not a control character to Go's encoder
        ("line\u{2028}para\u{2029}", #""line\u2028para\u2029""#),
        ("é中😀", "\"é中😀\""),
        ("/", #""/""#),
    ])
    func escapesAsDocker(input: String, expected: String) {
        var out: [UInt8] = []
        JSONStringEscaping.appendQuoted(Array(input.utf8)[...], to: &out)
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    @Test(arguments: [
        ([0xFF], #""\ufffd""#),
        ([0x61, 0xC3], #""a\ufffd""#),  // cut short
        ([0xE2, 0x82, 0x41], #""\ufffd\ufffdA""#),  // each bad byte replaced
        ([0xC0, 0xAF], #""\ufffd\ufffd""#),  // overlong
        ([0xED, 0xA0, 0x80], #""\ufffd\ufffd\ufffd""#),  // a surrogate
        ([0xF4, 0x90, 0x80, 0x80], #""\ufffd\ufffd\ufffd\ufffd""#),  // past U+10FFFF
        ([0xEF, 0xBF, 0xBD], "\"\u{FFFD}\""),  // a real U+FFFD stays as it is
    ] as [([UInt8], String)])
    func invalidUTF8BecomesReplacementEscapes(input: [UInt8], expected: String) {
        var out: [UInt8] = []
        JSONStringEscaping.appendQuoted(input[...], to: &out)
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    @Test(arguments: [
        (LogTime(seconds: 0), "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000000000Z"),
        (LogTime(seconds: 1_795_428_000, nanoseconds: 100_000_000), "2026-11-23T10:00:00.1Z", "2026-11-23T10:00:00.100000000Z"),
        (LogTime(seconds: 951_782_400, nanoseconds: 1), "2000-02-29T00:00:00.000000001Z", "2000-02-29T00:00:00.000000001Z"),
        (LogTime(seconds: -1, nanoseconds: 120_000_000), "1969-12-31T23:59:59.12Z", "1969-12-31T23:59:59.120000000Z"),
        (LogTime(seconds: 253_402_300_799, nanoseconds: 999_999_999), "9999-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59.999999999Z"),
    ])
    func timesAsGoFormatsThem(time: LogTime, nano: String, fixed: String) {
        #expect(time.rfc3339Nano == nano)
        #expect(time.rfc3339NanoFixed == fixed)
        #expect(RFC3339.parse(Array(nano.utf8)) == time)
        #expect(RFC3339.parse(Array(fixed.utf8)) == time)
    }

    @Test func parsesOffsetsAndRefusesNonsense() {
        #expect(RFC3339.parse(Array("2026-11-23T11:30:00.5+01:30".utf8)) == time(0, 500_000_000))
        #expect(RFC3339.parse(Array("2026-11-23T08:00:00-02:00".utf8)) == time(0))
        #expect(RFC3339.parse(Array("2026-11-23T10:00:00.1234567891Z".utf8)) == time(0, 123_456_789))
        for bad in ["2026-11-23 10:00:00Z", "2026-02-30T10:00:00Z", "2026-11-23T10:00:00", "2026-11-23T10:00:00.Z", "2026-11-23T10:00:00Zx"] {
            #expect(RFC3339.parse(Array(bad.utf8)) == nil, "\(bad)")
        }
    }

    @Test func longLinesAreCutAt16KiBWithoutNewline() throws {
        let dir = scratchDirectory("partial")
        defer { Directory.removeTree(dir) }
        let writer = try JSONFileLogWriter(path: dir + "/c.log")
        // 16 KiB - 1 bytes and a newline fit one entry; 16 KiB bytes do not.
        let fits = [UInt8](repeating: UInt8(ascii: "a"), count: 16383) + [10]
        try writer.write(stream: .stdout, bytes: fits, time: time(0))
        // 40000 bytes in odd-sized chunks, then a newline: 16384 + 16384 + 7232 + "\n".
        let long = [UInt8](repeating: UInt8(ascii: "b"), count: 40000)
        var offset = 0
        var second: Int64 = 1
        for size in [1000, 20000, 19000] {
            try writer.write(stream: .stdout, bytes: long[offset..<offset + size], time: time(second))
            offset += size
            second += 1
        }
        try writer.write(stream: .stdout, bytes: [10], time: time(9))
        // Exactly 16 KiB then a newline: the newline becomes an entry of its own.
        try writer.write(stream: .stderr, bytes: [UInt8](repeating: UInt8(ascii: "c"), count: 16384) + [10], time: time(10))
        try writer.close()
        let lines = try fileText(dir + "/c.log").split(separator: "\n").map(String.init)
        func line(_ log: String, _ stream: String, _ time: String) -> String {
            #"{"log":"\#(log)","stream":"\#(stream)","time":"\#(time)"}"#
        }
        #expect(lines.count == 6)
        #expect(lines[0] == line(String(repeating: "a", count: 16383) + "\\n", "stdout", "2026-11-23T10:00:00Z"))
        // Every piece of the long line carries the time of its first piece.
        #expect(lines[1] == line(String(repeating: "b", count: 16384), "stdout", "2026-11-23T10:00:02Z"))
        #expect(lines[2] == line(String(repeating: "b", count: 16384), "stdout", "2026-11-23T10:00:02Z"))
        #expect(lines[3] == line(String(repeating: "b", count: 40000 - 32768) + "\\n", "stdout", "2026-11-23T10:00:02Z"))
        #expect(lines[4] == line(String(repeating: "c", count: 16384), "stderr", "2026-11-23T10:00:10Z"))
        #expect(lines[5] == line("\\n", "stderr", "2026-11-23T10:00:10Z"))
    }

    @Test func unfinishedLinesAreWrittenAtFlushAndClose() throws {
        let dir = scratchDirectory("flush")
        defer { Directory.removeTree(dir) }
        let writer = try JSONFileLogWriter(path: dir + "/c.log")
        try writer.write(stream: .stdout, bytes: Array("no newline".utf8), time: time(0))
        try writer.write(stream: .stderr, bytes: Array("err tail".utf8), time: time(1))
        #expect(try fileText(dir + "/c.log") == "")
        try writer.flush(stream: .stderr, time: time(2))
        try writer.write(stream: .stdout, bytes: Array(" still".utf8), time: time(3))
        try writer.close(time: time(4))
        #expect(try fileText(dir + "/c.log") == """
            {"log":"err tail","stream":"stderr","time":"2026-11-23T10:00:02Z"}
            {"log":"no newline still","stream":"stdout","time":"2026-11-23T10:00:04Z"}

            """)
        #expect(throws: ContainerLogsError.writerClosed(path: dir + "/c.log")) {
            try writer.write(stream: .stdout, bytes: [65], time: time(5))
        }
    }

    @Test func aCharacterSplitAcrossReadsIsKeptWhole() throws {
        let dir = scratchDirectory("split-utf8")
        defer { Directory.removeTree(dir) }
        let writer = try JSONFileLogWriter(path: dir + "/c.log")
        let euro: [UInt8] = [0xE2, 0x82, 0xAC]
        try writer.write(stream: .stdout, bytes: [65] + euro[0..<2], time: time(0))
        try writer.write(stream: .stdout, bytes: euro[2...] + [10], time: time(0))
        try writer.close()
        #expect(try fileText(dir + "/c.log") == #"{"log":"A€\n","stream":"stdout","time":"2026-11-23T10:00:00Z"}"# + "\n")
    }

    @Test func aLineLeftIncompleteByAKilledWriterIsTerminated() throws {
        let dir = scratchDirectory("crash")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        try appendBytes(path, Array(#"{"log":"ok\n","stream":"stdout","time":"2026-11-23T10:00:00Z"}"#.utf8) + [10] + Array(#"{"log":"cut"#.utf8))
        let writer = try JSONFileLogWriter(path: path)
        try writer.write(stream: .stdout, bytes: Array("next\n".utf8), time: time(1))
        try writer.close()
        let lines = try fileText(path).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines[1] == #"{"log":"cut"#)
        #expect(lines[2] == #"{"log":"next\n","stream":"stdout","time":"2026-11-23T10:00:01Z"}"#)
    }
}
