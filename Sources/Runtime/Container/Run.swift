import Glibc
import LinuxSupport
import OCI

extension ContainerRuntime {
    /// `run`: create and start; unless detached, wait for the init, remove the
    /// container and return the exit code (128+n for a signal, as runc does).
    public func run(_ options: LaunchOptions, detach: Bool) throws(RuntimeError) -> Int32 {
        let supervisor = detach ? nil : try ForegroundSupervisor.begin()
        let launched = try create(options, holdConsole: !detach)
        do {
            try start(options.id)
        } catch {
            try? delete(options.id, force: true)
            throw error
        }
        guard let supervisor else { return 0 }
        let status = supervisor.wait(for: launched.record.pid, master: launched.consoleMaster)
        try delete(options.id, force: true)
        return status.shellCode
    }
}
