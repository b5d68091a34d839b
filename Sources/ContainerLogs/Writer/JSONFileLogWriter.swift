import Glibc
import LinuxSupport

/// Writes a container's output to a json-file log, exactly as Docker's
/// json-file driver lays it out, rotating by `max-size`/`max-file`.
///
/// Runs in the per-container monitor: one thread, no Foundation. Each call
/// to `write` turns a chunk read from the container into entries with one
/// reused buffer and appends them with a single write(2) on an O_APPEND
/// descriptor, so a writer killed at any point leaves at most one incomplete
/// last line (which readers skip, and which the next writer terminates).
public final class JSONFileLogWriter {
    public let path: String
    public let options: JSONFileLogOptions

    private let rotation: LogFileRotation
    private let warn: (ContainerLogsError) -> Void
    /// -1 between a failed reopen and the next attempt.
    private var descriptor: Int32 = -1
    private var isClosed = false
    /// Bytes in the current file, entries waiting in `output` not included.
    private var fileSize: Int64 = 0
    /// The time of the current file's last entry, for its gzip header once rotated.
    private var lastEntryTime: LogTime?
    /// After a failed write the file may end mid-line.
    private var mayEndMidLine = false
    private var stdoutLines = LineSplitter()
    private var stderrLines = LineSplitter()
    private var encoder = JSONLogLineEncoder()
    /// Encoded entries waiting for the next write(2).
    private var output: [UInt8] = []

    /// Beyond this, entries are written before the chunk is finished, which
    /// bounds the monitor's memory for huge chunks.
    private static let outputLimit = 64 * 1024

    /// Opens (or creates, mode 0640) the log at `path` for appending.
    /// `warn` hears about rotation problems, which do not stop logging.
    public init(
        path: String, options: JSONFileLogOptions = JSONFileLogOptions(), warn: @escaping (ContainerLogsError) -> Void = { _ in }
    ) throws(ContainerLogsError) {
        self.path = path
        self.options = options
        self.rotation = LogFileRotation(path: path, options: options)
        self.warn = warn
        try openCurrentFile(truncating: false)
        // A previous writer may have been killed mid-line or mid-compression.
        try terminateIncompleteLine()
        if options.compress && options.keepsRotatedFiles && SmallFile.exists(rotation.rotatedPath(1, compressed: false)) {
            do { try rotation.compressNewestRotated(lastEntryTime: nil) } catch { warn(error) }
        }
    }

    deinit {
        if !isClosed { try? close() }
    }

    /// Logs a chunk of output as read from the container's pipe or terminal
    /// at `time`. Complete lines become entries; the rest waits for more
    /// output, `flush` or `close`.
    public func write(stream: LogStream, bytes: ArraySlice<UInt8>, time: LogTime) throws(ContainerLogsError) {
        guard !isClosed else { throw .writerClosed(path: path) }
        switch stream {
        case .stdout:
            try stdoutLines.split(bytes, time: time) { (line, entryTime) throws(ContainerLogsError) in
                try self.append(line, stream: .stdout, time: entryTime)
            }
        case .stderr:
            try stderrLines.split(bytes, time: time) { (line, entryTime) throws(ContainerLogsError) in
                try self.append(line, stream: .stderr, time: entryTime)
            }
        }
        try writeOutput()
    }

    public func write(stream: LogStream, bytes: [UInt8], time: LogTime) throws(ContainerLogsError) {
        try write(stream: stream, bytes: bytes[...], time: time)
    }

    /// Logs the unfinished line of `stream` (of both when nil) as an entry
    /// without a newline, as Docker does when a stream ends.
    public func flush(stream: LogStream? = nil, time: LogTime = .now()) throws(ContainerLogsError) {
        guard !isClosed else { throw .writerClosed(path: path) }
        if stream != .stderr {
            try stdoutLines.flush(time: time) { (line, entryTime) throws(ContainerLogsError) in
                try self.append(line, stream: .stdout, time: entryTime)
            }
        }
        if stream != .stdout {
            try stderrLines.flush(time: time) { (line, entryTime) throws(ContainerLogsError) in
                try self.append(line, stream: .stderr, time: entryTime)
            }
        }
        try writeOutput()
    }

    /// Flushes unfinished lines and closes the file. Later writes throw.
    public func close(time: LogTime = .now()) throws(ContainerLogsError) {
        guard !isClosed else { return }
        defer {
            if descriptor >= 0 { FD.close(descriptor) }
            descriptor = -1
            isClosed = true
        }
        try flush(time: time)
    }

    // MARK: - Entries

    private func append(_ line: ArraySlice<UInt8>, stream: LogStream, time: LogTime) throws(ContainerLogsError) {
        // Docker's rule: rotate before an entry once the file has reached max-size.
        if let maxSize = options.maxSize, maxSize > 0, fileSize + Int64(output.count) >= maxSize {
            try writeOutput()
            try rotate()
        }
        encoder.append(log: line, stream: stream, time: time, to: &output)
        lastEntryTime = time
        if output.count >= Self.outputLimit { try writeOutput() }
    }

    private func writeOutput() throws(ContainerLogsError) {
        guard !output.isEmpty else { return }
        defer { output.removeAll(keepingCapacity: true) }
        if descriptor < 0 { try openCurrentFile(truncating: false) }
        if mayEndMidLine { try terminateIncompleteLine() }
        do {
            try FD.writeAll(descriptor, output, subject: path)
        } catch {
            // Part of the buffer may be in the file: the next write starts a fresh line.
            mayEndMidLine = true
            throw .system(error)
        }
        fileSize += Int64(output.count)
    }

    // MARK: - The file

    private func rotate() throws(ContainerLogsError) {
        FD.close(descriptor)
        descriptor = -1
        let rotatedLastEntry = lastEntryTime
        lastEntryTime = nil
        let movedToFirst = rotation.moveCurrentAside(warn: warn)
        // Truncating in case the old file could not be moved, as Docker does.
        try openCurrentFile(truncating: true)
        if movedToFirst && options.compress {
            do { try rotation.compressNewestRotated(lastEntryTime: rotatedLastEntry) } catch { warn(error) }
        }
    }

    private func openCurrentFile(truncating: Bool) throws(ContainerLogsError) {
        let flags = O_WRONLY | O_APPEND | O_CREAT | (truncating ? O_TRUNC : 0)
        do {
            descriptor = try FD.open(path, flags, mode: 0o640)
            fileSize = try FileStatus(descriptor: descriptor, subject: path).size
        } catch {
            if descriptor >= 0 { FD.close(descriptor) }
            descriptor = -1
            throw .system(error)
        }
    }

    /// Ends the file with a newline when it does not already end with one, so
    /// a line cut short stays one damaged line instead of swallowing the next.
    private func terminateIncompleteLine() throws(ContainerLogsError) {
        mayEndMidLine = false
        guard fileSize > 0 else { return }
        do {
            let reader = try FD.open(path, O_RDONLY)
            defer { FD.close(reader) }
            let size = try FileStatus(descriptor: reader, subject: path).size
            guard size > 0, try FD.read(reader, at: size - 1, max: 1, subject: path) != [UInt8(ascii: "\n")] else { return }
            try FD.writeAll(descriptor, [UInt8(ascii: "\n")], subject: path)
            fileSize = try FileStatus(descriptor: descriptor, subject: path).size
        } catch {
            mayEndMidLine = true
            throw .system(error)
        }
    }
}
