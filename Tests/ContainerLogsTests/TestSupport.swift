import Foundation
import Glibc
import LinuxSupport
@testable import ContainerLogs

/// A fresh directory under /tmp for one test, removed by the caller.
func scratchDirectory(_ name: String) -> String {
    let path = "/tmp/berthtest-logs-\(name)-\(getpid())"
    Directory.removeTree(path)
    try? Directory.create(path, mode: 0o700)
    return path
}

func fileBytes(_ path: String) throws -> [UInt8] {
    let fd = try FD.open(path, O_RDONLY)
    defer { FD.close(fd) }
    return try FD.readToEnd(fd)
}

func fileText(_ path: String) throws -> String {
    String(decoding: try fileBytes(path), as: UTF8.self)
}

func appendBytes(_ path: String, _ bytes: [UInt8]) throws {
    let fd = try FD.open(path, O_WRONLY | O_APPEND | O_CREAT, mode: 0o640)
    defer { FD.close(fd) }
    try FD.writeAll(fd, bytes)
}

/// 2026-11-23T10:00:00Z plus an offset.
func time(_ second: Int64 = 0, _ nanoseconds: Int32 = 0) -> LogTime {
    LogTime(seconds: 1_795_428_000 + second, nanoseconds: nanoseconds)
}

/// Runs a shell command, returning its standard output (tests compare with system tools).
func shell(_ command: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
