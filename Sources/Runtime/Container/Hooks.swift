import Glibc
import LinuxSupport
import OCI

/// Runs OCI hooks: each gets the container state as JSON on stdin and must
/// exit 0 within its timeout.
enum HookRunner {
    static func run(_ hooks: [RuntimeSpec.Hook]?, state: ContainerState, phase: String) throws(RuntimeError) {
        guard let hooks, !hooks.isEmpty else { return }
        let input: [UInt8]
        do { input = try JSON.encode(state) } catch { throw .hookFailed("\(phase): cannot encode state") }
        for hook in hooks {
            try run(hook, input: input, phase: phase)
        }
    }

    private static func run(_ hook: RuntimeSpec.Hook, input: [UInt8], phase: String) throws(RuntimeError) {
        let stdin = try sys { () throws(SystemCallError) in try FD.pipe() }
        let pid = try sys { () throws(SystemCallError) in try Processes.clone() }
        if pid == 0 {
            _ = dup2(stdin.read, 0)
            SignalFD.resetAll()
            _ = withCStrings(hook.args ?? [hook.path]) { argv in
                withCStrings(hook.env ?? []) { envp in execve(hook.path, argv, envp) }
            }
            _exit(127)
        }
        FD.close(stdin.read)
        // The state is far below a pipe's capacity, so this write cannot block on a hook that never reads.
        try? FD.writeAll(stdin.write, input)
        FD.close(stdin.write)
        let deadline = hook.timeout.map { Clock.monotonicSeconds() + Double($0) }
        while true {
            if let status = try sys({ () throws(SystemCallError) in try Processes.wait(pid, noHang: true) }) {
                if status != .exited(0) {
                    throw .hookFailed("\(phase) hook \(hook.path) failed: \(status)")
                }
                return
            }
            if let deadline, Clock.monotonicSeconds() > deadline {
                kill(pid, SIGKILL)
                _ = try? Processes.wait(pid)
                throw .hookFailed("\(phase) hook \(hook.path) timed out after \(hook.timeout ?? 0)s")
            }
            Clock.sleep(seconds: 0.005)
        }
    }
}
