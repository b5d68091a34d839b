import Glibc
import LinuxSupport

/// One open log file: the current one or a rotated one, plain or gzip.
/// Holding the descriptor keeps the content readable however the writer
/// renames or deletes the name meanwhile.
final class LogSource {
    let path: String
    let identity: FileStatus
    private(set) var descriptor: Int32
    private(set) var isCompressed: Bool
    /// Where reading stops: the size when opened (for the current file, the
    /// end of its last complete line).
    private(set) var end: Int64

    /// Opens `path`; nil when nothing is there.
    static func open(_ path: String, compressed: Bool) throws(ContainerLogsError) -> LogSource? {
        let descriptor: Int32
        do {
            descriptor = try FD.open(path, O_RDONLY)
        } catch where error.errno == ENOENT {
            return nil
        } catch {
            throw .system(error)
        }
        do {
            let status = try FileStatus(descriptor: descriptor, subject: path)
            return LogSource(path: path, descriptor: descriptor, identity: status, compressed: compressed)
        } catch {
            FD.close(descriptor)
            throw .system(error)
        }
    }

    private init(path: String, descriptor: Int32, identity: FileStatus, compressed: Bool) {
        self.path = path
        self.descriptor = descriptor
        self.identity = identity
        self.isCompressed = compressed
        self.end = identity.size
    }

    deinit {
        FD.close(descriptor)
    }

    /// For the file being written: stop at its last complete line, so a line
    /// half-written now is read whole later rather than skipped.
    func endAtLastCompleteLine() throws(ContainerLogsError) {
        var scanner = TailScanner(descriptor: descriptor, subject: path)
        end = try scanner.endOfLastCompleteLine(before: end)
    }

    /// The time of the last entry, from a compressed file's gzip header; nil
    /// for plain files and when unknown.
    func lastEntryTime() -> LogTime? {
        guard isCompressed, let header = try? FD.read(descriptor, at: 0, max: 4096, subject: path),
            let extra = Gzip.headerExtra(header), let time = JSONLogLineDecoder.lastTime(fromHeaderExtra: extra)
        else { return nil }
        // Go's zero time stands for "unknown".
        return time.seconds == Self.goZeroTimeSeconds ? nil : time
    }

    private static let goZeroTimeSeconds: Int64 = -62_135_596_800

    /// Replaces a gzip file's descriptor with one to its content, decompressed
    /// into an unnamed scratch file beside it (gone when closed). A damaged
    /// file (a compression cut short) yields what could be recovered.
    func decompress() throws(ContainerLogsError) {
        guard isCompressed else { return }
        let scratch: Int32
        do { scratch = try FD.openScratch(in: Path.parent(path)) } catch { throw .system(error) }
        do throws(ContainerLogsError) {
            // A damaged file still yields its readable part; its cut last line is skipped later.
            _ = try Gzip.decompress(descriptor, into: scratch, path: path)
            do { end = try FileStatus(descriptor: scratch, subject: path).size } catch { throw .system(error) }
        } catch {
            FD.close(scratch)
            throw error
        }
        FD.close(descriptor)
        descriptor = scratch
        isCompressed = false
    }
}
