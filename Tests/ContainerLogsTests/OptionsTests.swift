import Testing
@testable import ContainerLogs

@Suite struct OptionsTests {
    @Test func defaultsKeepOneUnboundedFile() throws {
        #expect(try JSONFileLogOptions(logOptions: [:]) == JSONFileLogOptions(maxSize: nil, maxFile: 1, compress: false))
    }

    @Test(arguments: [
        ("10m", 10_000_000), ("10M", 10_000_000), ("1k", 1000), ("1kb", 1000), ("1KiB", 1000), ("2g", 2_000_000_000),
        ("1.5m", 1_500_000), ("100", 100), ("100b", 100), ("3 k", 3000), ("1e3", 1000),
    ] as [(String, Int64)])
    func sizesUseDockersDecimalUnits(text: String, bytes: Int64) throws {
        #expect(try JSONFileLogOptions(logOptions: ["max-size": text]).maxSize == bytes)
    }

    @Test func validOptionsTogether() throws {
        let options = try JSONFileLogOptions(logOptions: ["max-size": "10m", "max-file": "3", "compress": "true", "tag": "{{.Name}}"])
        #expect(options == JSONFileLogOptions(maxSize: 10_000_000, maxFile: 3, compress: true))
    }

    @Test(arguments: [
        (["max-size": "0"], "max-size must be a positive number"),
        (["max-size": "-1m"], "invalid size: '-1m'"),
        (["max-size": "m"], "invalid size: 'm'"),
        (["max-size": "10x"], "invalid suffix: 'x'"),
        (["max-size": "10mbs"], "invalid suffix: 'mbs'"),
        (["max-size": "10Mx"], "invalid suffix: 'mx'"),
        (["max-size": "1..2m"], #"strconv.ParseFloat: parsing "1..2": invalid syntax"#),
        (["max-file": "0"], "max-file cannot be less than 1"),
        (["max-file": "-2"], "max-file cannot be less than 1"),
        (["max-file": "three"], #"strconv.Atoi: parsing "three": invalid syntax"#),
        (["compress": "yes"], #"strconv.ParseBool: parsing "yes": invalid syntax"#),
        (["compress": "true"], "compress cannot be true when max-file is less than 2 or max-size is not set"),
        (["compress": "true", "max-file": "3"], "compress cannot be true when max-file is less than 2 or max-size is not set"),
        (["compress": "1", "max-size": "1m"], "compress cannot be true when max-file is less than 2 or max-size is not set"),
        (["max-buffer-size": "4m"], "unknown log opt 'max-buffer-size' for json-file log driver"),
    ])
    func refusedWithDockersMessages(options: [String: String], message: String) {
        #expect(throws: ContainerLogsError.invalidOption(message)) { try JSONFileLogOptions(logOptions: options) }
    }

    @Test func compressFalseNeedsNothingElse() throws {
        #expect(try JSONFileLogOptions(logOptions: ["compress": "false"]).compress == false)
    }

    @Test(arguments: [
        ("1700000000", LogTime(seconds: 1_700_000_000)),
        ("1700000000.5", LogTime(seconds: 1_700_000_000, nanoseconds: 500_000_000)),
        ("1700000000.000000001", LogTime(seconds: 1_700_000_000, nanoseconds: 1)),
        ("0", LogTime(seconds: 0)),
    ])
    func unixTimestamps(text: String, time: LogTime) throws {
        #expect(try LogTime(unixTimestamp: text) == time)
    }

    @Test func badUnixTimestampsAreRefused() {
        for text in ["", "abc", "1.", "1.x", "1.1234567890", "2026-11-23"] {
            #expect(throws: ContainerLogsError.invalidTimestamp(text)) { try LogTime(unixTimestamp: text) }
        }
    }

    @Test func tailValuesAsTheEngineAPIGivesThem() {
        #expect(LogTail("10") == .last(10))
        #expect(LogTail("0") == .last(0))
        #expect(LogTail("all") == .all)
        #expect(LogTail("-1") == .all)
        #expect(LogTail("") == .all)
    }
}
