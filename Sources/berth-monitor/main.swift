import CLinux
import Glibc
import LinuxSupport

// berth-monitor <container-dir>: started by berthd for each container start.
// It creates the container through berth-runtime, reports "created <pid>" or
// "error <message>" on its stdout (a pipe from the daemon), then lives
// detached from the daemon until the container's init ends, so containers
// outlive a daemon restart or crash.

guard CommandLine.arguments.count == 2 else {
    FD.writeStderr("usage: berth-monitor CONTAINER-DIRECTORY\n")
    exit(2)
}
let directory = CommandLine.arguments[1]
// Whatever the spawner let through stays out of the monitor and its containers.
_ = cl_close_range(3, UInt32.max, 0)

/// Tells the daemon how creation went, then lets go of its pipe.
func report(_ line: String) {
    try? FD.writeAll(1, line + "\n")
    if let null = try? FD.open("/dev/null", O_WRONLY) {
        try? FD.duplicate(null, to: 1)
        FD.close(null)
    }
}

// The daemon waits for this first process; the monitor proper is its child,
// reparented to init when this one exits, so the daemon keeps no zombie.
let child = fork()
if child < 0 {
    report("error fork: \(SystemCallError("fork"))")
    exit(1)
}
if child > 0 { exit(0) }

func setUp() throws(MonitorError) -> Monitor {
    try monitorCall { () throws(SystemCallError) in try check(chdir(directory), "chdir", directory) }
    _ = setsid()
    try monitorCall { () throws(SystemCallError) in try ProcessControl.setChildSubreaper() }
    signal(SIGPIPE, SIG_IGN)
    // Blocked before any child exists, so no exit is missed.
    let signals = try monitorCall { () throws(SystemCallError) in try SignalFD.open([SIGCHLD]) }
    let text = try monitorCall { () throws(SystemCallError) in try SmallFile.read(MonitorConfig.fileName) }
    let config = try MonitorConfig(text: text)
    let log = try ContainerLog(config: config)
    let listener = try monitorCall { () throws(SystemCallError) in try UnixSocket.listen(path: Monitor.socketName) }
    let runtime = RuntimeInvocation(config: config)
    unlink(RuntimeInvocation.logFile)

    var io: ProcessIO
    var console: Int32 = -1
    let consoleName = "console.sock"
    if config.tty {
        io = try ProcessIO.terminal()
        console = try monitorCall { () throws(SystemCallError) in try UnixSocket.listen(path: consoleName) }
    } else {
        io = try ProcessIO.pipes(stdin: config.openStdin)
    }
    defer {
        if console >= 0 { FD.close(console); unlink(consoleName) }
    }
    let pidFile = "init.pid"
    var arguments = ["create", "--bundle", ".", "--pid-file", pidFile]
    if console >= 0 { arguments += ["--console-socket", consoleName] }
    do {
        try runtime.run(arguments + [config.id], stdio: io.childStdio)
        if console >= 0 { io.adopt(master: try ConsoleReceiver.receive(listener: console)) }
    } catch {
        try? runtime.run(["delete", "--force", config.id], stdio: [])
        unlink(Monitor.socketName)
        throw error
    }
    io.closeChildEnds()
    guard let initPid = RuntimeInvocation.readPid(pidFile) else { throw .runtime("the runtime reported no pid") }
    report("created \(initPid)")
    return Monitor(config: config, listener: listener, signals: signals, initPid: initPid, io: io, log: log)
}

do {
    let monitor = try setUp()
    monitor.run()
} catch {
    report("error \(error.description.replacingNewlines())")
    exit(1)
}
