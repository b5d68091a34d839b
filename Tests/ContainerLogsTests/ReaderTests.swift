import Glibc
import LinuxSupport
import Testing
@testable import ContainerLogs

@Suite struct ReaderTests {
    static func readAll(_ path: String, _ options: LogReadOptions = LogReadOptions()) async throws -> [LogEntry] {
        var entries: [LogEntry] = []
        for try await entry in JSONFileLogReader(path: path).entries(options) { entries.append(entry) }
        return entries
    }

    static func texts(_ entries: [LogEntry]) -> [String] {
        entries.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    /// A log of `count` one-line entries "line N\n", one second apart, rotated as `options` say.
    static func writeLines(_ path: String, count: Int, from first: Int = 0, options: JSONFileLogOptions = JSONFileLogOptions()) throws {
        let writer = try JSONFileLogWriter(path: path, options: options)
        for number in first..<first + count {
            try writer.write(stream: number % 3 == 0 ? .stderr : .stdout, bytes: Array("line \(number)\n".utf8), time: time(Int64(number)))
        }
        try writer.close()
    }

    @Test func readsBackWhatWasWritten() async throws {
        let dir = scratchDirectory("read-back")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        let writer = try JSONFileLogWriter(path: path)
        let awkward: [UInt8] = Array("<tag> & \"quotes\" \\ tab\t\u{2028} é".utf8) + [0xFF, 0x0A]
        try writer.write(stream: .stdout, bytes: awkward, time: time(0, 1))
        try writer.write(stream: .stderr, bytes: Array("partial".utf8), time: time(1))
        try writer.close(time: time(2))
        let entries = try await Self.readAll(path)
        #expect(entries.count == 2)
        // Invalid UTF-8 comes back as U+FFFD, as from Docker.
        #expect(entries[0] == LogEntry(stream: .stdout, time: time(0, 1), bytes: Array(awkward.dropLast(2)) + [0xEF, 0xBF, 0xBD, 0x0A]))
        #expect(entries[1] == LogEntry(stream: .stderr, time: time(2), bytes: Array("partial".utf8)))
    }

    @Test func readsRotatedAndCompressedFilesOldestFirst() async throws {
        let dir = scratchDirectory("read-rotated")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        // 67 or 68 bytes an entry: four to a file (the fourth passes 240).
        try Self.writeLines(path, count: 30, options: JSONFileLogOptions(maxSize: 240, maxFile: 5, compress: true))
        #expect(Directory.entries(dir).sorted() == ["c.log", "c.log.1.gz", "c.log.2.gz", "c.log.3.gz", "c.log.4.gz"])
        let entries = try await Self.readAll(path)
        // Entries 0-11 rotated out of the five files kept.
        #expect(Self.texts(entries) == (12..<30).map { "line \($0)\n" })
        #expect(entries.map(\.time) == (12..<30).map { time(Int64($0)) })
        #expect(entries[0].stream == .stderr && entries[1].stream == .stdout)
    }

    @Test func plainRotatedFilesToo() async throws {
        let dir = scratchDirectory("read-plain")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        try Self.writeLines(path, count: 10, options: JSONFileLogOptions(maxSize: 240, maxFile: 3))
        #expect(Directory.entries(dir).sorted() == ["c.log", "c.log.1", "c.log.2"])
        #expect(Self.texts(try await Self.readAll(path)) == (0..<10).map { "line \($0)\n" })
    }

    @Test(arguments: [(0, 0), (1, 1), (3, 3), (9, 9), (15, 15), (18, 18), (100, 18)])
    func tailCountsEntriesAcrossFiles(tail: Int, expected: Int) async throws {
        let dir = scratchDirectory("tail-\(tail)")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        try Self.writeLines(path, count: 30, options: JSONFileLogOptions(maxSize: 240, maxFile: 5, compress: tail % 2 == 1))
        let entries = try await Self.readAll(path, LogReadOptions(tail: .last(tail)))
        #expect(Self.texts(entries) == (30 - expected..<30).map { "line \($0)\n" })
    }

    @Test func sinceAndUntil() async throws {
        let dir = scratchDirectory("since-until")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        try Self.writeLines(path, count: 30, options: JSONFileLogOptions(maxSize: 240, maxFile: 5, compress: true))
        let window = try await Self.readAll(path, LogReadOptions(since: time(20, 500), until: time(25)))
        #expect(Self.texts(window) == (21...25).map { "line \($0)\n" })
        // Tail first, then the time window, as Docker applies them.
        let both = try await Self.readAll(path, LogReadOptions(tail: .last(3), since: time(20)))
        #expect(Self.texts(both) == (27..<30).map { "line \($0)\n" })
        let tailThenSince = try await Self.readAll(path, LogReadOptions(tail: .last(12), since: time(26)))
        #expect(Self.texts(tailThenSince) == (26..<30).map { "line \($0)\n" })
        #expect(try await Self.readAll(path, LogReadOptions(since: time(100))).isEmpty)
        #expect(try await Self.readAll(path, LogReadOptions(until: time(0))).isEmpty)
    }

    @Test func compressedFilesBeforeSinceAreNotOpened() async throws {
        let dir = scratchDirectory("since-skip")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        try Self.writeLines(path, count: 30, options: JSONFileLogOptions(maxSize: 240, maxFile: 5, compress: true))
        // Damage the oldest file's data but not its header: a since past its
        // last entry must not even read it.
        let oldest = try fileBytes(path + ".4.gz")
        let fd = try FD.open(path + ".4.gz", O_WRONLY | O_TRUNC)
        try FD.writeAll(fd, oldest.prefix(40))
        FD.close(fd)
        let entries = try await Self.readAll(path, LogReadOptions(since: time(18)))
        #expect(Self.texts(entries) == (18..<30).map { "line \($0)\n" })
        // Read in full, the damaged file gives up nothing but breaks nothing.
        #expect(Self.texts(try await Self.readAll(path)) == (16..<30).map { "line \($0)\n" })
    }

    @Test func damagedAndTruncatedLinesAreSkipped() async throws {
        let dir = scratchDirectory("damaged")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        try Self.writeLines(path, count: 2)
        try appendBytes(path, Array("not json\n{\"log\":\"x\\n\",\"stream\":\"stdin\",\"time\":\"2026-11-23T10:00:00Z\"}\n".utf8))
        try appendBytes(path, Array(#"{"log":"kept\n","time":"2026-11-23T10:00:05Z","stream":"stdout","attrs":{"a":"b"}}"#.utf8) + [10])
        try appendBytes(path, Array(#"{"log":"cut short","stream":"std"#.utf8))
        #expect(Self.texts(try await Self.readAll(path)) == ["line 0\n", "line 1\n", "kept\n"])
        #expect(Self.texts(try await Self.readAll(path, LogReadOptions(tail: .last(2)))) == ["line 1\n", "kept\n"])
    }

    @Test func aMissingLogIsEmpty() async throws {
        #expect(try await Self.readAll("/tmp/berthtest-logs-none-\(getpid())/c.log").isEmpty)
    }

    @Test func theBlockingReaderGivesTheSame() throws {
        let dir = scratchDirectory("blocking")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        try Self.writeLines(path, count: 12, options: JSONFileLogOptions(maxSize: 240, maxFile: 2, compress: true))
        var texts: [String] = []
        try JSONFileLogReader(path: path).read(LogReadOptions(tail: .last(5))) { texts.append(String(decoding: $0.bytes, as: UTF8.self)) }
        #expect(texts == (7..<12).map { "line \($0)\n" })
    }
}
