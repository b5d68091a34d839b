import Glibc
import LinuxSupport
import OCI

/// What `exec` runs and how it is attached.
public struct ExecOptions: Sendable {
    public var process: RuntimeSpec.Process
    public var consoleSocket: String?
    public var pidFile: String?
    public var detach = false
    public var preserveFDs: Int32 = 0

    public init(process: RuntimeSpec.Process) {
        self.process = process
    }
}

extension ContainerRuntime {
    /// `exec`: a new process in a running container's namespaces and cgroup.
    /// Returns its exit code, or 0 once it has started when detached.
    public func exec(_ id: String, _ options: ExecOptions) throws(RuntimeError) -> Int32 {
        let record = try store.load(id)
        let status = record.status(in: store)
        guard status == .running || status == .created else {
            throw .invalidState(id: id, status: status.rawValue, wanted: "cannot exec in a \(status.rawValue) container")
        }
        let terminal = options.process.terminal == true
        if terminal && options.consoleSocket == nil && options.detach {
            throw .invalidArgument("cannot allocate tty if runc will detach without setting console socket")
        }
        let namespaces = try JoinedNamespaces(pid: record.pid)
        defer { namespaces.close() }
        let supervisor = options.detach ? nil : try ForegroundSupervisor.begin()
        let console = try ConsoleChannel.open(terminal: terminal, socketPath: options.consoleSocket)
        defer { console?.closeChildEnd() }
        let (parentChannel, childChannel) = try SyncChannel.pair()
        defer { parentChannel.close() }
        let setup = ProcessSetup(process: options.process, preservedFDs: options.preserveFDs,
                                 setGroupsAllowed: namespaces.setGroupsAllowed)
        let cgroup = record.cgroup

        let intermediate = try sys { () throws(SystemCallError) in try Processes.clone() }
        if intermediate == 0 {
            parentChannel.close()
            do {
                try cgroup.add(pid: getpid())
                try namespaces.enter()
                let pid = try sys { () throws(SystemCallError) in try Processes.clone(flags: Processes.cloneParent) }
                if pid == 0 { runExecProcess(setup, channel: childChannel, console: console?.childEnd) }
                try childChannel.send("pid \(pid)")
                _exit(0)
            } catch {
                childFailure(childChannel, error)
            }
        }
        childChannel.close()
        _ = try? Processes.wait(intermediate)
        let line = try parentChannel.expect("pid")
        guard let pid = Int32(line.dropFirst(4)) else { throw .childFailed("bad pid message: \(line)") }
        do throws(RuntimeError) {
            // The process waits for this, so its messages cannot overtake the pid report.
            try parentChannel.send("go")
            _ = try parentChannel.expect("ready")
            let master = options.consoleSocket == nil ? try console?.receiveMaster() : nil
            // The socket closes when exec succeeds (it is close-on-exec); a
            // line before that is the exec's error.
            if let line = try parentChannel.receive(), line.hasPrefix("error ") {
                _ = try? Processes.wait(pid)
                throw RuntimeError.childFailed(String(line.dropFirst(6)))
            }
            if let pidFile = options.pidFile {
                try sys { () throws(SystemCallError) in try SmallFile.writeReplacing(absoluteOrSame(pidFile), String(pid), mode: 0o644) }
            }
            guard let supervisor else { return 0 }
            return supervisor.wait(for: pid, master: master).shellCode
        } catch {
            Glibc.kill(pid, SIGKILL)
            _ = try? Processes.wait(pid)
            throw error
        }
    }

    /// The exec'd process, already inside the container's namespaces.
    private func runExecProcess(_ setup: ProcessSetup, channel: SyncChannel, console: Int32?) -> Never {
        let path: String
        do {
            _ = setsid()
            try sys { () throws(SystemCallError) in try ProcessControl.setDumpable(false) }
            _ = try channel.expect("go")
            if let console { try ConsoleChannel.attachTerminal(socket: console, size: setup.process.consoleSize, asConsole: false) }
            path = try setup.prepareForExec(reporting: channel)
        } catch {
            childFailure(channel, error)
        }
        let error = setup.exec(path)
        try? channel.send("error \(error)")
        _exit(127)
    }
}

/// The namespaces of a running container's init, opened up front so that the
/// exec'd process can join them in the right order (user first, mount last).
struct JoinedNamespaces {
    var fds: [(kind: NamespaceKind, fd: Int32, path: String)] = []

    init(pid: Int32) throws(RuntimeError) {
        for kind in NamespacePlan.joinOrder {
            let path = "/proc/\(pid)/ns/\(kind.procName)"
            guard SmallFile.exists(path), !Namespaces.same(path, "/proc/self/ns/\(kind.procName)") else { continue }
            let fd = try sys { () throws(SystemCallError) in try FD.open(path, O_RDONLY) }
            fds.append((kind, fd, path))
        }
    }

    var setGroupsAllowed: Bool {
        !fds.contains { $0.kind == .user }
    }

    func enter() throws(RuntimeError) {
        for entry in fds {
            try sys { () throws(SystemCallError) in try Namespaces.join(fd: entry.fd, kind: entry.kind, subject: entry.path) }
        }
    }

    func close() {
        for entry in fds { FD.close(entry.fd) }
    }
}
