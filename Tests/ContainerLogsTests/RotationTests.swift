import Glibc
import LinuxSupport
import Testing
@testable import ContainerLogs

@Suite struct RotationTests {
    /// One 63-byte entry: `{"log":"NN\n","stream":"stdout","time":"2026-11-23T10:00:NNZ"}\n`.
    static func entry(_ number: Int) -> [UInt8] {
        Array((number < 10 ? "0\(number)" : "\(number)").utf8) + [10]
    }

    static func files(_ dir: String) -> [String] {
        Directory.entries(dir).sorted()
    }

    @Test func rotatesOnceTheFileHasReachedMaxSize() throws {
        let dir = scratchDirectory("rotate")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        let writer = try JSONFileLogWriter(path: path, options: JSONFileLogOptions(maxSize: 120, maxFile: 3))
        // Entries are 63 bytes: the file holds two (126 >= 120) before the third rotates it.
        for number in 0..<7 { try writer.write(stream: .stdout, bytes: Self.entry(number), time: time(Int64(number))) }
        try writer.close()
        #expect(Self.files(dir) == ["c.log", "c.log.1", "c.log.2"])
        func logs(_ file: String) throws -> [String] {
            try fileText(file).split(separator: "\n").map { String($0.dropFirst(8).prefix(2)) }
        }
        #expect(try logs(path) == ["06"])
        #expect(try logs(path + ".1") == ["04", "05"])
        #expect(try logs(path + ".2") == ["02", "03"])
    }

    @Test func oneFileIsReplacedNotKept() throws {
        let dir = scratchDirectory("rotate-one")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        let writer = try JSONFileLogWriter(path: path, options: JSONFileLogOptions(maxSize: 100, maxFile: 1))
        for number in 0..<3 { try writer.write(stream: .stdout, bytes: Self.entry(number), time: time(Int64(number))) }
        try writer.close()
        #expect(Self.files(dir) == ["c.log"])
        #expect(try fileText(path).hasPrefix(#"{"log":"02\n""#))
    }

    @Test func compressedRotationsCarryTheLastEntryTime() throws {
        let dir = scratchDirectory("rotate-gz")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        let options = try JSONFileLogOptions(logOptions: ["max-size": "120", "max-file": "4", "compress": "true"])
        let writer = try JSONFileLogWriter(path: path, options: options)
        for number in 0..<9 { try writer.write(stream: .stdout, bytes: Self.entry(number), time: time(Int64(number), 250_000_000)) }
        try writer.close()
        #expect(Self.files(dir) == ["c.log", "c.log.1.gz", "c.log.2.gz", "c.log.3.gz"])
        // The system's gzip reads them: they are ordinary gzip files.
        #expect(try shell("gzip -dc \(path).1.gz") == """
            {"log":"06\\n","stream":"stdout","time":"2026-11-23T10:00:06.25Z"}
            {"log":"07\\n","stream":"stdout","time":"2026-11-23T10:00:07.25Z"}

            """)
        #expect(try shell("gzip -dc \(path).3.gz").contains(#"{"log":"02\n""#))
        let header = try fileBytes(path + ".2.gz")
        let extra = try #require(Gzip.headerExtra(header))
        #expect(String(decoding: extra, as: UTF8.self) == #"{"lastTime":"2026-11-23T10:00:05.25Z"}"#)
        #expect(JSONLogLineDecoder.lastTime(fromHeaderExtra: extra) == time(5, 250_000_000))
    }

    @Test func aRotationInterruptedBeforeCompressionIsFinishedByTheNextWriter() throws {
        let dir = scratchDirectory("rotate-resume")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        try appendBytes(path + ".1", Array(#"{"log":"old\n","stream":"stdout","time":"2026-11-23T10:00:00Z"}"#.utf8) + [10])
        let options = JSONFileLogOptions(maxSize: 1000, maxFile: 2, compress: true)
        let writer = try JSONFileLogWriter(path: path, options: options)
        try writer.close()
        #expect(Self.files(dir) == ["c.log", "c.log.1.gz"])
        #expect(try shell("gzip -dc \(path).1.gz").hasPrefix(#"{"log":"old\n""#))
    }
}
