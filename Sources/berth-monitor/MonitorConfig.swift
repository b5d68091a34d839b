import LinuxSupport

/// What the daemon tells a monitor, as `key=value` lines in `monitor.conf`
/// in the container's directory. Plain text, not JSON: the monitor stays
/// free of Foundation, which keeps its resident memory small.
struct MonitorConfig {
    var id = ""
    /// The berth-runtime binary and its state root.
    var runtime = ""
    var runtimeRoot = ""
    var tty = false
    var openStdin = false
    var stdinOnce = false
    var logPath = ""
    var logMaxSize: Int64 = 0
    var logMaxFile = 1
    var logCompress = false
    /// memory.oom_control (cgroup v1) or memory.events (v2) of the container's cgroup.
    var oomCounterPath = ""
    /// The container's cgroup, relative to each hierarchy's root ("/berth/<id>").
    var cgroupPath = ""

    static let fileName = "monitor.conf"

    init(text: String) throws(MonitorError) {
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals]
            let value = String(line[line.index(after: equals)...])
            switch key {
            case "id": id = value
            case "runtime": runtime = value
            case "runtime-root": runtimeRoot = value
            case "tty": tty = value == "1"
            case "open-stdin": openStdin = value == "1"
            case "stdin-once": stdinOnce = value == "1"
            case "log-path": logPath = value
            case "log-max-size": logMaxSize = Int64(value) ?? 0
            case "log-max-file": logMaxFile = Int(value) ?? 1
            case "log-compress": logCompress = value == "1"
            case "oom-counter": oomCounterPath = value
            case "cgroup-path": cgroupPath = value
            default: continue
            }
        }
        guard !id.isEmpty, !runtime.isEmpty, !runtimeRoot.isEmpty else {
            throw .configuration("monitor.conf lacks id, runtime or runtime-root")
        }
    }
}

enum MonitorError: Error, CustomStringConvertible {
    case configuration(String)
    case system(SystemCallError)
    case runtime(String)

    var description: String {
        switch self {
        case .configuration(let message): message
        case .system(let error): error.description
        case .runtime(let message): message
        }
    }
}

func monitorCall<T>(_ body: () throws(SystemCallError) -> T) throws(MonitorError) -> T {
    do { return try body() } catch { throw .system(error) }
}
