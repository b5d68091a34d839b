import ContainerLogs
import Glibc
import LinuxSupport

/// The container's json-file log, as the monitor writes it: Docker's format
/// and rotation, from ContainerLogs.
struct ContainerLog {
    private let writer: JSONFileLogWriter

    init(config: MonitorConfig) throws(MonitorError) {
        let options = JSONFileLogOptions(maxSize: config.logMaxSize > 0 ? config.logMaxSize : nil,
                                         maxFile: max(config.logMaxFile, 1), compress: config.logCompress)
        do {
            writer = try JSONFileLogWriter(path: config.logPath, options: options) { warning in
                FD.writeStderr("berth-monitor: log: \(warning)\n")
            }
        } catch {
            throw .runtime("cannot open the log \(config.logPath): \(error)")
        }
    }

    func write(stream: UInt8, _ bytes: ArraySlice<UInt8>) {
        do {
            try writer.write(stream: stream == 2 ? .stderr : .stdout, bytes: bytes, time: .now())
        } catch {
            FD.writeStderr("berth-monitor: log: \(error)\n")
        }
    }

    func flush() {
        try? writer.flush()
    }
}

enum LogClock {
    /// Now in RFC 3339 with nanoseconds, trailing zeros trimmed (Go's RFC3339Nano).
    static func now() -> String { LogTime.now().rfc3339Nano }
}
