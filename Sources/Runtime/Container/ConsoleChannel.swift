import Glibc
import LinuxSupport
import OCI

/// How the container's pty master leaves the container: over a console
/// socket to whoever asked (containerd), or to the runtime itself for a
/// foreground `run` that proxies the terminal.
struct ConsoleChannel {
    /// The end the init uses to send the master.
    let childEnd: Int32
    /// The runtime's own end, when it receives the master itself.
    let parentEnd: Int32?

    static func open(terminal: Bool, socketPath: String?) throws(RuntimeError) -> ConsoleChannel? {
        guard terminal else { return nil }
        if let socketPath {
            let fd = try sys { () throws(SystemCallError) in try UnixSocket.connect(path: socketPath) }
            return ConsoleChannel(childEnd: fd, parentEnd: nil)
        }
        let (parent, child) = try sys { () throws(SystemCallError) in try UnixSocket.pair() }
        return ConsoleChannel(childEnd: child, parentEnd: parent)
    }

    func closeChildEnd() { FD.close(childEnd) }

    func receiveMaster() throws(RuntimeError) -> Int32? {
        guard let parentEnd else { return nil }
        defer { FD.close(parentEnd) }
        return try sys { () throws(SystemCallError) in try UnixSocket.receiveFD(over: parentEnd) }
    }

    /// In the container: a new pty from its own devpts, the master sent out,
    /// the slave made stdio and controlling terminal, and for the init (not an
    /// exec'd process) also /dev/console.
    static func attachTerminal(socket: Int32, size: RuntimeSpec.ConsoleSize?, asConsole: Bool) throws(RuntimeError) {
        try sys { () throws(SystemCallError) in
            let (master, slavePath) = try Terminal.openPTY(ptmx: "/dev/pts/ptmx")
            if let size { try Terminal.setSize(master, rows: size.height, columns: size.width) }
            try UnixSocket.send(fd: master, over: socket)
            FD.close(master)
            FD.close(socket)
            let slave = try FD.open(slavePath, O_RDWR)
            for target in Int32(0)...2 { try FD.duplicate(slave, to: target) }
            if slave > 2 { FD.close(slave) }
            try Terminal.makeControlling(0)
            guard asConsole else { return }
            if !SmallFile.exists("/dev/console") { try FileNode.touch("/dev/console", mode: 0o600) }
            try Mount.mount(source: slavePath, target: "/dev/console", type: "bind", flags: [.bind])
        }
    }
}
