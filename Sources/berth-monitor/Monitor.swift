import Glibc
import LinuxSupport

/// The per-container monitor's event loop: one thread, one poll. It relays
/// the init's output to the log and to attached clients, input from clients
/// to the init, runs execs, and when the init ends records how, removes the
/// container from the runtime and exits.
final class Monitor {
    let config: MonitorConfig
    let runtime: RuntimeInvocation
    private var listener: Int32
    private let signals: Int32
    private let initPid: pid_t
    private var initIO: ProcessIO
    private let log: ContainerLog
    private var clients: [Client] = []
    private var execs: [ExecSession] = []
    private var initInput = PendingInput()
    private var exit: ExitRecord?
    private var drainDeadline = 0.0

    static let socketName = "monitor.sock"
    /// Input waiting for a process that does not read it stops being accepted past this.
    static let inputLimit = 4 << 20

    init(config: MonitorConfig, listener: Int32, signals: Int32, initPid: pid_t, io: ProcessIO, log: ContainerLog) {
        self.config = config
        self.runtime = RuntimeInvocation(config: config)
        self.listener = listener
        self.signals = signals
        self.initPid = initPid
        self.initIO = io
        self.log = log
        FD.setNonBlocking(listener)
    }

    func run() -> Never {
        while true {
            var fds: [pollfd] = []
            var actions: [(pollfd) -> Void] = []
            func watch(_ fd: Int32, _ events: Int32, _ action: @escaping (pollfd) -> Void) {
                fds.append(pollfd(fd: fd, events: Int16(events), revents: 0))
                actions.append(action)
            }
            if listener >= 0 { watch(listener, POLLIN) { _ in self.acceptClients() } }
            watch(signals, POLLIN) { _ in self.reapChildren() }
            for (fd, stream) in initIO.outputs {
                watch(fd, POLLIN) { _ in self.relayInitOutput(fd, stream) }
            }
            if let target = initIO.inputTarget, !initInput.bytes.isEmpty {
                watch(target, POLLOUT) { _ in self.initInput.flush(into: &self.initIO) }
            }
            for session in execs {
                for (fd, stream) in session.io.outputs {
                    watch(fd, POLLIN) { _ in self.relayExecOutput(session, fd, stream) }
                }
                if let target = session.io.inputTarget, !session.input.bytes.isEmpty {
                    watch(target, POLLOUT) { _ in session.input.flush(into: &session.io) }
                }
            }
            for client in clients {
                var events: Int32 = 0
                if !client.inputEnded && acceptsInput(from: client) { events |= POLLIN }
                if client.hasOutput { events |= POLLOUT }
                watch(client.fd, events) { poller in self.serviceClient(client, poller) }
            }
            let waiting = exit != nil || execs.contains { $0.status != nil }
            if poll(&fds, nfds_t(fds.count), waiting ? 50 : -1) < 0 && errno != EINTR {
                FD.writeStderr("berth-monitor: poll: \(SystemCallError("poll"))\n")
            }
            for (index, poller) in fds.enumerated() where poller.revents != 0 {
                actions[index](poller)
            }
            finishExecs()
            clients.removeAll { client in
                guard client.finished else { return false }
                FD.close(client.fd)
                return true
            }
            if exit != nil && (initIO.outputs.isEmpty || Clock.monotonicSeconds() > drainDeadline) {
                finish()
            }
        }
    }

    // MARK: clients

    private func acceptClients() {
        while let fd = try? UnixSocket.accept(listener) {
            clients.append(Client(fd: fd))
        }
    }

    private func acceptsInput(from client: Client) -> Bool {
        switch client.role {
        case .attach(let stdin, _, _): return !stdin || initInput.bytes.count < Self.inputLimit
        case .exec(let id): return (execs.first { $0.id == id }?.input.bytes.count ?? 0) < Self.inputLimit
        case .done: return false
        default: return true
        }
    }

    private func serviceClient(_ client: Client, _ poller: pollfd) {
        if poller.revents & Int16(POLLOUT) != 0 { client.flush() }
        if poller.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 && !client.inputEnded {
            guard let bytes = FD.readAvailable(client.fd) else { return }
            if bytes.isEmpty {
                client.inputEnded = true
                inputEnded(client)
                if poller.revents & Int16(POLLERR) != 0 { client.broken = true }
                return
            }
            received(bytes, from: client)
        } else if poller.revents & Int16(POLLHUP | POLLERR) != 0 {
            client.broken = true
        }
    }

    private func received(_ bytes: [UInt8], from client: Client) {
        switch client.role {
        case .unknown:
            guard let (line, rest) = client.takeLine(bytes) else { return }
            command(line, client: client)
            if !rest.isEmpty { received(rest, from: client) }
        case .attach(let stdin, _, _):
            if stdin && initIO.inputTarget != nil {
                initInput.bytes += bytes
                initInput.flush(into: &initIO)
            }
        case .exec(let id):
            if let session = execs.first(where: { $0.id == id }), session.io.inputTarget != nil {
                session.input.bytes += bytes
                session.input.flush(into: &session.io)
            }
        case .waiter, .done:
            break
        }
    }

    /// The client closed its sending side: the end of its input.
    private func inputEnded(_ client: Client) {
        switch client.role {
        case .attach(let stdin, _, _):
            // As Docker: a client attached to stdin that ends it closes the
            // container's stdin when the container asked for stdin once.
            if stdin && config.stdinOnce && initIO.master == nil {
                initInput.closeWhenFlushed = true
                initInput.flush(into: &initIO)
            }
        case .exec(let id):
            if let session = execs.first(where: { $0.id == id }), session.io.master == nil {
                session.input.closeWhenFlushed = true
                session.input.flush(into: &session.io)
            }
        case .unknown, .done:
            client.broken = true
        case .waiter:
            break
        }
    }

    private func command(_ line: String, client: Client) {
        let words = line.split(separator: " ").map(String.init)
        switch words.first ?? "" {
        case "attach" where words.count == 4:
            client.role = .attach(stdin: words[1] == "1", stdout: words[2] == "1", stderr: words[3] == "1")
            if exit != nil { client.closeWhenFlushed = true }
        case "wait":
            client.role = .waiter
            if let exit {
                client.send(exit.line)
                client.closeWhenFlushed = true
            }
        case "start":
            reply(client) { () throws(MonitorError) in try RuntimeShortcuts(config: config, initPid: initPid).start() }
        case "resize" where words.count == 3:
            reply(client) { () throws(MonitorError) in try resize(initIO.master, words[1], words[2]) }
        case "exec" where words.count == 5:
            startExec(id: words[1], tty: words[2] == "1", stdin: words[3] == "1", detach: words[4] == "1", client: client)
        case "exec-resize" where words.count == 4:
            let master = execs.first { $0.id == words[1] }?.io.master
            reply(client) { () throws(MonitorError) in try resize(master, words[2], words[3]) }
        case "state":
            client.send(exit.map { "exited \($0.code)\n" } ?? "running \(initPid)\n")
            client.role = .done
            client.closeWhenFlushed = true
        default:
            client.send("error unknown request\n")
            client.role = .done
            client.closeWhenFlushed = true
        }
    }

    private func reply(_ client: Client, _ body: () throws(MonitorError) -> Void) {
        do {
            try body()
            client.send("ok\n")
        } catch {
            client.send("error \(error.description.replacingNewlines())\n")
        }
        client.role = .done
        client.closeWhenFlushed = true
    }

    private func resize(_ master: Int32?, _ rows: String, _ columns: String) throws(MonitorError) {
        guard let master else { throw .runtime("the process has no terminal") }
        guard let rows = UInt16(rows), let columns = UInt16(columns) else { throw .runtime("bad terminal size") }
        try monitorCall { () throws(SystemCallError) in try Terminal.setSize(master, rows: rows, columns: columns) }
    }

    // MARK: the init's stdio

    private func relayInitOutput(_ fd: Int32, _ stream: UInt8) {
        guard let bytes = FD.readAvailable(fd) else { return }
        if bytes.isEmpty {
            initIO.closeOutput(fd)
            return
        }
        log.write(stream: stream, bytes[...])
        for client in clients {
            guard case .attach(_, let stdout, let stderr) = client.role else { continue }
            // With a terminal there is one stream, which either flag asks for.
            let wanted = initIO.master != nil ? (stdout || stderr) : (stream == 1 ? stdout : stderr)
            if wanted { client.sendFrame(stream: stream, bytes[...]) }
        }
    }

    // MARK: execs

    private func startExec(id: String, tty: Bool, stdin: Bool, detach: Bool, client: Client) {
        let consoleName = "exec-\(id).sock"
        var io: ProcessIO
        var console: Int32 = -1
        do throws(MonitorError) {
            guard id.allSatisfy({ $0.isLetter || $0.isNumber }) else { throw .runtime("bad exec id") }
            guard exit == nil else { throw .runtime("container is not running") }
            if detach {
                io = try ProcessIO.pipes(stdin: false)
            } else if tty {
                io = try ProcessIO.terminal()
                console = try monitorCall { () throws(SystemCallError) in try UnixSocket.listen(path: consoleName) }
            } else {
                io = try ProcessIO.pipes(stdin: stdin)
            }
            defer {
                if console >= 0 { FD.close(console); unlink(consoleName) }
            }
            let pidFile = "exec-\(id).pid"
            var arguments = ["exec", "--detach", "--pid-file", pidFile, "--process", "exec-\(id).json"]
            if console >= 0 { arguments += ["--console-socket", consoleName] }
            do {
                try runtime.run(arguments + [config.id], stdio: io.childStdio)
            } catch {
                io.closeAll()
                throw error
            }
            if console >= 0 { io.adopt(master: try ConsoleReceiver.receive(listener: console)) }
            io.closeChildEnds()
            guard let pid = RuntimeInvocation.readPid(pidFile) else {
                io.closeAll()
                throw .runtime("the runtime reported no pid for the exec")
            }
            unlink(pidFile)
            if detach {
                // Output of a detached exec goes nowhere, as with Docker.
                io.closeAll()
                execs.append(ExecSession(id: id, pid: pid, io: io, client: nil))
                client.send("pid \(pid)\n")
                client.role = .done
                client.closeWhenFlushed = true
            } else {
                execs.append(ExecSession(id: id, pid: pid, io: io, client: client))
                client.role = .exec(id)
                client.send("pid \(pid)\n")
            }
        } catch {
            client.send("error \(error.description.replacingNewlines())\n")
            client.role = .done
            client.closeWhenFlushed = true
        }
    }

    private func relayExecOutput(_ session: ExecSession, _ fd: Int32, _ stream: UInt8) {
        guard let bytes = FD.readAvailable(fd) else { return }
        if bytes.isEmpty {
            session.io.closeOutput(fd)
            return
        }
        session.client?.sendFrame(stream: stream, bytes[...])
    }

    private func finishExecs() {
        execs.removeAll { session in
            guard session.finished, let status = session.status else { return false }
            let code = String(status.shellCode)
            try? SmallFile.writeReplacing(ExecSession.exitFile(session.id), code, mode: 0o600)
            session.client?.sendFrame(stream: 4, Array(code.utf8)[...])
            session.client?.closeWhenFlushed = true
            session.io.closeAll()
            return true
        }
    }

    // MARK: the end

    private func reapChildren() {
        _ = SignalFD.next(signals)
        while let (pid, status) = Processes.reapAny() {
            if pid == initPid {
                exit = ExitRecord(code: status.shellCode, oomKilled: ExitRecord.oomKills(config.oomCounterPath) > 0,
                                  finishedAt: LogClock.now())
                // Everything else in the container dies with its init; what
                // they wrote is still in the pipes.
                drainDeadline = Clock.monotonicSeconds() + 2
                initIO.closeStdin()
            } else if let session = execs.first(where: { $0.pid == pid }) {
                session.status = status
                session.drainDeadline = Clock.monotonicSeconds() + 1
                session.io.closeStdin()
            }
        }
    }

    /// The init has ended and its output is drained: record it, tell the
    /// daemon, remove the container from the runtime and exit.
    private func finish() -> Never {
        guard let exit else { Glibc.exit(1) }
        log.flush()
        initIO.closeAll()
        for session in execs { session.io.closeAll() }
        // The runtime's state goes first, so the daemon may start the
        // container again as soon as it hears of the exit.
        if !RuntimeShortcuts(config: config, initPid: initPid).removeExited() {
            do {
                try runtime.run(["delete", "--force", config.id], stdio: [])
            } catch {
                FD.writeStderr("berth-monitor: delete: \(error)\n")
            }
        }
        exit.save()
        // A new monitor for the same container binds the same name.
        FD.close(listener)
        listener = -1
        unlink(Self.socketName)
        for client in clients {
            switch client.role {
            case .waiter: client.send(exit.line)
            case .exec: client.sendFrame(stream: 4, Array("137".utf8)[...])
            default: break
            }
            client.closeWhenFlushed = true
        }
        // Attached clients get what is still buffered for them.
        let deadline = Clock.monotonicSeconds() + 2
        while clients.contains(where: { !$0.finished }) && Clock.monotonicSeconds() < deadline {
            var fds = clients.filter { !$0.finished }.map { pollfd(fd: $0.fd, events: Int16(POLLOUT), revents: 0) }
            _ = poll(&fds, nfds_t(fds.count), 100)
            for client in clients { client.flush() }
        }
        for client in clients { FD.close(client.fd) }
        Glibc.exit(0)
    }
}

extension String {
    func replacingNewlines() -> String {
        String(map { $0 == "\n" ? " " : $0 })
    }
}
