import EngineClient
import Glibc
import LinuxSupport

/// The local terminal in raw mode while a TTY container is attached, so that
/// every key (Ctrl-C included) goes to the container. Restored when the
/// stream ends, on detach, on errors, and when this value goes away.
final class RawTerminal {
    private let fd: Int32
    private var saved: Terminal.SavedMode?

    /// Puts `fd` in raw mode if it is a terminal (and NORAW is not set, as
    /// with Docker); otherwise does nothing.
    init(fd: Int32 = 0) {
        self.fd = fd
        guard isatty(fd) == 1, getenv("NORAW") == nil else { return }
        saved = Terminal.makeRaw(fd)
    }

    func restore() {
        guard let saved else { return }
        Terminal.restore(fd, saved)
        self.saved = nil
    }

    deinit { restore() }
}

/// Keeps a TTY container's terminal the size of ours: once after start and
/// again on every SIGWINCH (Docker's MonitorTtySize).
struct TerminalResizer {
    let id: String
    let exec: Bool
    let client: EngineClient

    /// The size of the terminal on stdout, or nil when stdout is none.
    static func currentSize() -> (UInt, UInt)? {
        guard isatty(1) == 1, let size = Terminal.size(1) else { return nil }
        return (UInt(size.rows), UInt(size.columns))
    }

    /// Sends the size (skipped when unknown or 0x0); `extra` adds to both
    /// sides (attach first sends a size one larger, to force a redraw).
    @discardableResult
    func resize(extra: UInt = 0) -> Bool {
        guard let (rows, columns) = Self.currentSize(), rows != 0 || columns != 0 else { return true }
        do {
            try client.resize(id, exec: exec, height: rows + extra, width: columns + extra)
            return true
        } catch {
            return false
        }
    }

    /// The first resize may come before the process has its terminal: retry
    /// a few times, as Docker does, then say the default size stays.
    func initialResize() {
        if resize() { return }
        for attempt in 0..<10 {
            usleep(UInt32((attempt + 1) * 10_000))
            if resize() { return }
        }
        Output.errLine("failed to resize tty, using default size")
    }
}
