import Glibc
import LinuxSupport

/// The monitor's ends of one process's stdio: pipes, or a pty master when
/// the process has a terminal. The process's ends are passed to the runtime
/// and closed here once it has started the process.
struct ProcessIO {
    var stdinWriter: Int32?
    var stdoutReader: Int32?
    var stderrReader: Int32?
    /// With a terminal: the master, read for output and written for input.
    var master: Int32?
    /// What the runtime's stdio must be: the process inherits it.
    var childStdio: [Int32] = []
    private var childEnds: [Int32] = []

    /// Pipes for a process without a terminal. Without `stdin`, it reads /dev/null.
    static func pipes(stdin: Bool) throws(MonitorError) -> ProcessIO {
        var io = ProcessIO()
        let null = try monitorCall { () throws(SystemCallError) in try FD.open("/dev/null", O_RDWR) }
        io.childEnds.append(null)
        if stdin {
            let (read, write) = try monitorCall { () throws(SystemCallError) in try FD.pipe() }
            io.stdinWriter = write
            io.childEnds.append(read)
            io.childStdio.append(read)
        } else {
            io.childStdio.append(null)
        }
        for index in 0..<2 {
            let (read, write) = try monitorCall { () throws(SystemCallError) in try FD.pipe() }
            if index == 0 { io.stdoutReader = read } else { io.stderrReader = read }
            io.childEnds.append(write)
            io.childStdio.append(write)
        }
        for fd in [io.stdinWriter, io.stdoutReader, io.stderrReader].compactMap({ $0 }) { FD.setNonBlocking(fd) }
        return io
    }

    /// For a process with a terminal: its stdio is /dev/null (the runtime
    /// gives it the pty), and the master arrives later over the console socket.
    static func terminal() throws(MonitorError) -> ProcessIO {
        var io = ProcessIO()
        let null = try monitorCall { () throws(SystemCallError) in try FD.open("/dev/null", O_RDWR) }
        io.childEnds.append(null)
        io.childStdio = [null, null, null]
        return io
    }

    mutating func closeChildEnds() {
        for fd in childEnds { FD.close(fd) }
        childEnds = []
        childStdio = []
    }

    mutating func adopt(master fd: Int32) {
        FD.setNonBlocking(fd)
        master = fd
    }

    mutating func closeStdin() {
        if let stdinWriter { FD.close(stdinWriter) }
        stdinWriter = nil
    }

    /// The descriptor input for the process goes to.
    var inputTarget: Int32? { master ?? stdinWriter }

    var outputs: [(fd: Int32, stream: UInt8)] {
        if let master { return [(master, 1)] }
        var result: [(Int32, UInt8)] = []
        if let stdoutReader { result.append((stdoutReader, 1)) }
        if let stderrReader { result.append((stderrReader, 2)) }
        return result
    }

    /// Marks one output finished (end of file) and closes it.
    mutating func closeOutput(_ fd: Int32) {
        if fd == master {
            FD.close(fd)
            master = nil
            return
        }
        if fd == stdoutReader { stdoutReader = nil }
        if fd == stderrReader { stderrReader = nil }
        FD.close(fd)
    }

    mutating func closeAll() {
        closeChildEnds()
        for fd in [stdinWriter, stdoutReader, stderrReader, master].compactMap({ $0 }) { FD.close(fd) }
        stdinWriter = nil; stdoutReader = nil; stderrReader = nil; master = nil
    }
}

/// Input waiting for a process to read it, and whether the process's stdin
/// closes once it is all written (the client's input has ended).
struct PendingInput {
    var bytes: [UInt8] = []
    var closeWhenFlushed = false

    /// Writes what the process takes now; closes its stdin when all is
    /// written and the input has ended, or when the process stopped reading.
    mutating func flush(into io: inout ProcessIO) {
        guard let target = io.inputTarget else {
            bytes = []
            return
        }
        if !bytes.isEmpty {
            guard let written = FD.writeSome(target, bytes[...]) else {
                // The process closed its stdin: what was left has nowhere to go.
                bytes = []
                io.closeStdin()
                return
            }
            bytes.removeFirst(written)
        }
        if bytes.isEmpty && closeWhenFlushed {
            io.closeStdin()
            closeWhenFlushed = false
        }
    }
}

/// Receives a pty master sent by the runtime to a console socket: the
/// runtime connects once and sends it with SCM_RIGHTS.
enum ConsoleReceiver {
    static func receive(listener: Int32) throws(MonitorError) -> Int32 {
        // The runtime has already exited successfully, so its connection is queued.
        var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        _ = poll(&poller, 1, 5000)
        guard let connection = try monitorCall({ () throws(SystemCallError) in try UnixSocket.accept(listener) }) else {
            throw .runtime("the runtime sent no terminal")
        }
        defer { FD.close(connection) }
        return try monitorCall { () throws(SystemCallError) in try UnixSocket.receiveFD(over: connection) }
    }
}
