import Foundation
import LinuxSupport
import Testing
@testable import ContainerLogs

/// Not a test: a measurement to run by hand,
/// `BERTH_LOG_THROUGHPUT=1 swift test --filter ThroughputCheck`.
@Suite struct ThroughputCheck {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["BERTH_LOG_THROUGHPUT"] != nil))
    func writeAndRead100kLines() async throws {
        let dir = scratchDirectory("throughput")
        defer { Directory.removeTree(dir) }
        let path = dir + "/c.log"
        // Output as a pipe delivers it: 4 KiB chunks of ~60-byte lines.
        var output: [UInt8] = []
        for number in 0..<100_000 { output += Array("2026-11-23 10:00:00 worker[\(number % 64)] handled request <\(number)> & done\n".utf8) }
        let options = JSONFileLogOptions(maxSize: 10_000_000, maxFile: 3, compress: false)
        let writer = try JSONFileLogWriter(path: path, options: options)
        let writeStart = Clock.monotonicSeconds()
        var offset = 0
        while offset < output.count {
            let end = min(offset + 4096, output.count)
            try writer.write(stream: .stdout, bytes: output[offset..<end], time: .now())
            offset = end
        }
        try writer.close()
        let writeSeconds = Clock.monotonicSeconds() - writeStart
        let readStart = Clock.monotonicSeconds()
        var count = 0
        for try await _ in JSONFileLogReader(path: path).entries() { count += 1 }
        let readSeconds = Clock.monotonicSeconds() - readStart
        print("wrote 100000 lines (\(output.count) bytes) in \(writeSeconds) s: \(Int(100_000 / writeSeconds)) lines/s")
        print("read \(count) entries in \(readSeconds) s: \(Int(Double(count) / readSeconds)) entries/s")
    }
}
