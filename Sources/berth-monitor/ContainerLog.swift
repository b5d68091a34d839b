import Glibc
import LinuxSupport

/// The container's json-file log, as the monitor writes it.
struct ContainerLog {
    private let fd: Int32
    private var partial: [[UInt8]] = [[], [], []]

    init(path: String) throws(MonitorError) {
        fd = try monitorCall { () throws(SystemCallError) in try FD.open(path, O_WRONLY | O_CREAT | O_APPEND, mode: 0o640) }
    }

    mutating func write(stream: UInt8, _ bytes: ArraySlice<UInt8>) {
        var line = partial[Int(stream)]
        for byte in bytes {
            line.append(byte)
            if byte == 0x0A || line.count >= 16384 {
                emit(stream, line)
                line.removeAll(keepingCapacity: true)
            }
        }
        partial[Int(stream)] = line
    }

    mutating func flush() {
        for stream in [UInt8(1), 2] where !partial[Int(stream)].isEmpty {
            emit(stream, partial[Int(stream)])
            partial[Int(stream)] = []
        }
    }

    private func emit(_ stream: UInt8, _ line: [UInt8]) {
        var out: [UInt8] = Array("{\"log\":\"".utf8)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        for byte in line {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20, 0x3C, 0x3E, 0x26:
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out += Array("\",\"stream\":\"\(stream == 2 ? "stderr" : "stdout")\",\"time\":\"\(LogClock.now())\"}\n".utf8)
        try? FD.writeAll(fd, out)
    }
}

enum LogClock {
    /// Now in RFC 3339 with nanoseconds, trailing zeros trimmed (Go's RFC3339Nano).
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var text = Clock.rfc3339(seconds: Int64(spec.tv_sec), nanoseconds: Int64(spec.tv_nsec))
        text.removeLast()
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + "Z"
    }
}
