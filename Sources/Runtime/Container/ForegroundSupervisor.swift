import Glibc
import LinuxSupport

/// Keeps a foreground `run` or `exec` attached to its process: forwards
/// signals, copies the terminal both ways when the runtime holds the pty,
/// and returns how the process ended.
struct ForegroundSupervisor {
    static let forwarded: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGCONT, SIGWINCH]

    let signals: Int32

    /// Blocks the forwarded signals and SIGCHLD before any child exists, so
    /// none is lost between fork and the first poll.
    static func begin() throws(RuntimeError) -> ForegroundSupervisor {
        let fd = try sys { () throws(SystemCallError) in try SignalFD.open(forwarded + [SIGCHLD]) }
        return ForegroundSupervisor(signals: fd)
    }

    func wait(for pid: Int32, master: Int32?) -> ExitStatus {
        var terminalMode: Terminal.SavedMode?
        if let master {
            if isatty(0) != 0 { terminalMode = Terminal.makeRaw(0) }
            resize(master)
        }
        defer { if let terminalMode { Terminal.restore(0, terminalMode) } }
        var stdinOpen = master != nil
        while true {
            var fds = [pollfd(fd: signals, events: Int16(POLLIN), revents: 0)]
            if let master {
                fds.append(pollfd(fd: master, events: Int16(POLLIN), revents: 0))
                if stdinOpen { fds.append(pollfd(fd: 0, events: Int16(POLLIN), revents: 0)) }
            }
            if poll(&fds, nfds_t(fds.count), -1) < 0 { continue }
            if fds[0].revents != 0, let signal = SignalFD.next(signals) {
                if signal == SIGCHLD {
                    while let (reaped, status) = Processes.reapAny() {
                        if reaped == pid {
                            if let master { drain(master) }
                            return status
                        }
                    }
                } else if signal == SIGWINCH, let master {
                    resize(master)
                } else {
                    Glibc.kill(pid, signal)
                }
            }
            if let master, fds.count > 1 {
                if fds[1].revents & Int16(POLLIN) != 0 { copy(from: master, to: 1) }
                if fds.count > 2, fds[2].revents != 0 {
                    if !copy(from: 0, to: master) { stdinOpen = false }
                }
            }
        }
    }

    /// Copies our terminal's size to the container's; a terminal without a
    /// size (0x0) leaves the spec's consoleSize in place.
    private func resize(_ master: Int32) {
        guard let size = Terminal.size(0), size.rows > 0, size.columns > 0 else { return }
        try? Terminal.setSize(master, rows: size.rows, columns: size.columns)
    }

    /// Copies one chunk; false at end of input.
    @discardableResult
    private func copy(from source: Int32, to target: Int32) -> Bool {
        guard let bytes = try? FD.read(source, max: 32768), !bytes.isEmpty else { return false }
        try? FD.writeAll(target, bytes)
        return true
    }

    /// Output the process wrote just before exiting is still in the pty.
    private func drain(_ master: Int32) {
        _ = fcntl(master, F_SETFL, O_NONBLOCK)
        while copy(from: master, to: 1) {}
    }
}
