import Glibc
import LinuxSupport

/// Runs berth-runtime for the monitor, as containerd's shim runs runc: the
/// runtime's work (namespaces, mounts, cgroups) happens in a short-lived
/// process, and the container's init, once that process exits, is reparented
/// to the monitor (a child subreaper), which then waits for it.
struct RuntimeInvocation {
    let config: MonitorConfig
    /// The runtime's log, read back to explain a failure.
    static let logFile = "runtime.log"

    /// Runs `berth-runtime <arguments>` with the given stdio and waits for it.
    /// Throws the runtime's own error message when it fails.
    func run(_ arguments: [String], stdio: [Int32]) throws(MonitorError) {
        var options = Spawn.Options()
        for (target, source) in stdio.enumerated() { options.descriptors.append((Int32(target), source)) }
        let argv = [config.runtime, "--root", config.runtimeRoot, "--log", Self.logFile] + arguments
        let pid = try monitorCall { () throws(SystemCallError) in try Spawn.start(config.runtime, arguments: argv, options: options) }
        let status = try monitorCall { () throws(SystemCallError) in try Processes.wait(pid) }
        guard status == .exited(0) else {
            throw .runtime(Self.lastError() ?? "berth-runtime \(arguments.first ?? "") failed (\(status?.shellCode ?? -1))")
        }
    }

    /// The message of the last `level=error` line of the runtime's log.
    static func lastError() -> String? {
        guard let text = try? SmallFile.read(logFile) else { return nil }
        for line in text.split(separator: "\n").reversed() where line.contains("level=error") {
            guard let start = line.firstRange(of: "msg=\"") else { continue }
            return unquote(line[start.upperBound...])
        }
        return nil
    }

    /// The inside of a quoted string as RuntimeLog writes it.
    private static func unquote(_ text: Substring) -> String {
        var out = ""
        var escaped = false
        for character in text {
            if escaped {
                switch character {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                break
            } else {
                out.append(character)
            }
        }
        return out
    }

    static func readPid(_ path: String) -> pid_t? {
        guard let text = try? SmallFile.read(path) else { return nil }
        return pid_t(text.split(separator: "\n").first.map(String.init) ?? "")
    }
}
