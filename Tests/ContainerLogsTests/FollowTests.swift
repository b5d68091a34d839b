import LinuxSupport
import Synchronization
import Testing
@testable import ContainerLogs

/// Entries a following task has received so far.
final class Received: Sendable {
    private let entries = Mutex<[LogEntry]>([])

    func append(_ entry: LogEntry) { entries.withLock { $0.append(entry) } }
    var texts: [String] { entries.withLock { $0.map { String(decoding: $0.bytes, as: UTF8.self) } } }
    var count: Int { entries.withLock { $0.count } }
}

@Suite struct FollowTests {
    /// Follows `path` in a task, collecting into `received`, polling every 5 ms.
    static func follow(_ path: String, _ options: LogReadOptions, stop: LogFollowStop, into received: Received) -> Task<Void, any Error> {
        var reader = JSONFileLogReader(path: path)
        reader.pollInterval = .milliseconds(5)
        let entries = reader.entries(options, stop: stop)
        return Task {
            for try await entry in entries { received.append(entry) }
        }
    }

    /// Waits (up to 10 s) for the follower to have `count` entries.
    static func waitFor(_ count: Int, _ received: Received) async throws -> Bool {
        for _ in 0..<2000 {
            if received.count >= count { return received.count == count }
            try await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    static func line(_ number: Int) -> [UInt8] { Array("line \(number)\n".utf8) }
    static func lines(_ range: Range<Int>) -> [String] { range.map { "line \($0)\n" } }

    @Test func picksUpAppendedLinesAndEndsWhenStopped() async throws {
        let dir = scratchDirectory("follow")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        let writer = try JSONFileLogWriter(path: path)
        try writer.write(stream: .stdout, bytes: Self.line(0) + Self.line(1), time: time(0))
        let stop = LogFollowStop()
        let received = Received()
        let task = Self.follow(path, LogReadOptions(follow: true), stop: stop, into: received)
        #expect(try await Self.waitFor(2, received))
        // A line arriving in pieces is read once it is complete.
        try writer.write(stream: .stdout, bytes: Array("line".utf8), time: time(2))
        try writer.write(stream: .stderr, bytes: Self.line(2), time: time(2))
        #expect(try await Self.waitFor(3, received))
        try writer.write(stream: .stdout, bytes: Array(" 3\n".utf8), time: time(3))
        #expect(try await Self.waitFor(4, received))
        // Written just before the stop: still read before the end.
        for number in 4..<50 { try writer.write(stream: .stdout, bytes: Self.line(number), time: time(Int64(number))) }
        stop.stop()
        try await task.value
        #expect(received.texts == Self.lines(0..<50))
        try writer.close()
    }

    @Test(arguments: [false, true])
    func followsAcrossRotations(compress: Bool) async throws {
        let dir = scratchDirectory("follow-rotate-\(compress)")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        // Four entries to a file.
        let writer = try JSONFileLogWriter(path: path, options: JSONFileLogOptions(maxSize: 240, maxFile: 3, compress: compress))
        let stop = LogFollowStop()
        let received = Received()
        let task = Self.follow(path, LogReadOptions(tail: .last(0), follow: true), stop: stop, into: received)
        try await Task.sleep(for: .milliseconds(20))
        for number in 0..<12 {
            try writer.write(stream: .stdout, bytes: Self.line(number), time: time(Int64(number)))
            #expect(try await Self.waitFor(number + 1, received))
        }
        // Several entries at once, across one rotation between two polls.
        for first in stride(from: 12, to: 36, by: 3) {
            try writer.write(stream: .stdout, bytes: (first..<first + 3).flatMap(Self.line), time: time(Int64(first)))
            #expect(try await Self.waitFor(first + 3, received))
        }
        stop.stop()
        try await task.value
        #expect(received.texts == Self.lines(0..<36))
        #expect(Directory.entries(dir).sorted() == (compress ? ["c.log", "c.log.1.gz", "c.log.2.gz"] : ["c.log", "c.log.1", "c.log.2"]))
        try writer.close()
    }

    @Test func waitsForALogThatDoesNotExistYet() async throws {
        let dir = scratchDirectory("follow-later")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        let stop = LogFollowStop()
        let received = Received()
        let task = Self.follow(path, LogReadOptions(follow: true), stop: stop, into: received)
        try await Task.sleep(for: .milliseconds(20))
        let writer = try JSONFileLogWriter(path: path)
        try writer.write(stream: .stdout, bytes: Self.line(0), time: time(0))
        #expect(try await Self.waitFor(1, received))
        // Killed mid-line: the unfinished line is dropped at the stop.
        try appendBytes(path, Array(#"{"log":"unfinished"#.utf8))
        stop.stop()
        try await task.value
        #expect(received.texts == Self.lines(0..<1))
        try writer.close()
    }

    @Test func untilEndsFollowing() async throws {
        let dir = scratchDirectory("follow-until")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        let writer = try JSONFileLogWriter(path: path)
        let received = Received()
        let task = Self.follow(path, LogReadOptions(since: time(2), until: time(5), follow: true), stop: LogFollowStop(), into: received)
        for number in 0..<10 { try writer.write(stream: .stdout, bytes: Self.line(number), time: time(Int64(number))) }
        // No stop: the first entry after `until` ends the sequence.
        try await task.value
        #expect(received.texts == Self.lines(2..<6))
        try writer.close()
    }

    @Test func cancellingTheTaskEndsAtOnce() async throws {
        let dir = scratchDirectory("follow-cancel")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        let received = Received()
        let task = Self.follow(path, LogReadOptions(follow: true), stop: LogFollowStop(), into: received)
        try await Task.sleep(for: .milliseconds(20))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}
