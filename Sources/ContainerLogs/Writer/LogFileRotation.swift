import Glibc
import LinuxSupport

/// The names a log file rotates through, and the file moves of a rotation,
/// as Docker's json-file driver does them: `x.log` becomes `x.log.1`
/// (compressed to `x.log.1.gz` when asked), older files move one number up,
/// and the file that would become number `max-file` is deleted.
struct LogFileRotation {
    let path: String
    let options: JSONFileLogOptions

    func rotatedPath(_ number: Int, compressed: Bool) -> String {
        "\(path).\(number)" + (compressed ? ".gz" : "")
    }

    /// Moves the current file out of the way (it must be closed). With one
    /// file, it is deleted: readers may still be reading it, so it must not be
    /// truncated in place. Problems are reported through `warn`; the caller
    /// then starts a new file regardless, as Docker does. Returns whether the
    /// file is now `x.log.1`.
    func moveCurrentAside(warn: (ContainerLogsError) -> Void) -> Bool {
        guard options.keepsRotatedFiles else {
            do { try removeIfPresent(path) } catch { warn(.system(error)) }
            return false
        }
        do throws(SystemCallError) {
            let compressed = options.compress
            try removeIfPresent(rotatedPath(options.maxFile - 1, compressed: compressed))
            for number in stride(from: options.maxFile - 1, to: 1, by: -1) {
                try renameIfPresent(rotatedPath(number - 1, compressed: compressed), to: rotatedPath(number, compressed: compressed))
            }
            try FileNode.rename(path, to: rotatedPath(1, compressed: false))
            return true
        } catch {
            warn(.system(error))
            return false
        }
    }

    /// Compresses `x.log.1` into `x.log.1.gz` and removes it. The plain file
    /// goes only once the compressed one is complete, so a reader always
    /// finds one whole copy; a crash in between leaves the plain file, which
    /// the next writer compresses again.
    func compressNewestRotated(lastEntryTime: LogTime?) throws(ContainerLogsError) {
        let source = rotatedPath(1, compressed: false)
        let target = rotatedPath(1, compressed: true)
        let input: Int32
        do { input = try FD.open(source, O_RDONLY) } catch { throw .system(error) }
        defer { FD.close(input) }
        // A file left from before a crash has no known last entry: its
        // modification time is a safe stand-in (never earlier than the entry).
        var lastTime = lastEntryTime
        if lastTime == nil, let status = try? FileStatus(descriptor: input, subject: source) {
            lastTime = LogTime(seconds: status.modificationSeconds, nanoseconds: status.modificationNanoseconds)
        }
        let output: Int32
        do { output = try FD.open(target, O_WRONLY | O_CREAT | O_TRUNC, mode: 0o640) } catch { throw .system(error) }
        do {
            try Gzip.compress(input, into: output, headerExtra: Self.headerExtra(lastTime: lastTime), path: source)
        } catch {
            FD.close(output)
            try? FileNode.remove(target)
            throw error
        }
        FD.close(output)
        do { try FileNode.remove(source) } catch { throw .system(error) }
    }

    /// Docker's gzip header metadata, `{"lastTime":"…"}`: readers skip a whole
    /// rotated file whose last entry is older than their `since`.
    static func headerExtra(lastTime: LogTime?) -> String {
        // Go's zero time, which readers ignore, when the time is unknown.
        "{\"lastTime\":\"\(lastTime?.rfc3339Nano ?? "0001-01-01T00:00:00Z")\"}"
    }

    private func removeIfPresent(_ path: String) throws(SystemCallError) {
        do { try FileNode.remove(path) } catch where error.errno == ENOENT {}
    }

    private func renameIfPresent(_ source: String, to target: String) throws(SystemCallError) {
        do { try FileNode.rename(source, to: target) } catch where error.errno == ENOENT {}
    }
}
