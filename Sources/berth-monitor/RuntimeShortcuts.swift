import Glibc
import LinuxSupport

/// The two runtime steps the monitor does itself rather than by running
/// berth-runtime, because they sit on every `run`'s critical path and are
/// small: releasing a created init (what `berth-runtime start` does) and
/// removing an exited container's cgroup and state (what `delete` does once
/// nothing runs). Anything unusual falls back to berth-runtime.
struct RuntimeShortcuts {
    let config: MonitorConfig
    let initPid: pid_t

    private var stateDirectory: String { config.runtimeRoot + "/" + config.id }

    /// Opens the exec fifo for reading: the init, blocked opening it for
    /// writing, then writes one byte and goes on to exec the process.
    func start() throws(MonitorError) {
        let fifo = stateDirectory + "/exec.fifo"
        let fd = try monitorCall { () throws(SystemCallError) in try FD.open(fifo, O_RDONLY | O_NONBLOCK) }
        defer { FD.close(fd) }
        let deadline = Clock.monotonicSeconds() + 30
        while Clock.monotonicSeconds() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 100) > 0 {
                var byte: UInt8 = 0
                if read(fd, &byte, 1) == 1 {
                    unlink(fifo)
                    return
                }
            }
            guard Processes.isAlive(initPid), Processes.state(of: initPid) != "Z" else {
                throw .runtime("cannot start a container that has stopped")
            }
        }
        throw .runtime("the container's init did not start")
    }

    /// After the init has exited: the cgroup directories (in every v1
    /// hierarchy, or the v2 one) and the runtime's state directory. False
    /// when something remains, for berth-runtime to deal with.
    func removeExited() -> Bool {
        guard !config.cgroupPath.isEmpty else { return false }
        var directories: [String] = []
        if SmallFile.exists("/sys/fs/cgroup/cgroup.controllers") {
            directories = ["/sys/fs/cgroup" + config.cgroupPath]
        } else {
            for hierarchy in Directory.entries("/sys/fs/cgroup") {
                var info = stat()
                // cpu and cpuacct are links to cpu,cpuacct: visit each hierarchy once.
                guard lstat("/sys/fs/cgroup/" + hierarchy, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { continue }
                directories.append("/sys/fs/cgroup/\(hierarchy)\(config.cgroupPath)")
            }
        }
        let deadline = Clock.monotonicSeconds() + 1
        var remaining = directories.filter { Directory.exists($0) }
        while !remaining.isEmpty {
            // The kernel frees a cgroup a moment after its last process is reaped.
            remaining = remaining.filter { rmdir($0) != 0 && errno != ENOENT }
            if remaining.isEmpty || Clock.monotonicSeconds() > deadline { break }
            Clock.sleep(seconds: 0.005)
        }
        guard remaining.isEmpty else { return false }
        Directory.removeTree(stateDirectory)
        return true
    }
}
