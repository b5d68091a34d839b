import LinuxSupport

extension ContainerService {
    /// At daemon start: containers recorded as running are found again
    /// through their monitors; those whose monitor is gone get the exit it
    /// recorded (or are marked dead); `always` containers that are down start.
    public func restore() async {
        for record in all() {
            if record.state.Running {
                let link = MonitorLink(directory: paths(record.id).directory)
                if link.isReachable {
                    watchExit(record.id)
                } else {
                    await exited(record.id, line: nil)
                }
            } else if record.state.Restarting {
                _ = try? update(record.id) { $0.state.Restarting = false; $0.state.Status = "exited" }
                await restartOnBoot(record)
            } else if record.hasBeenStarted {
                await restartOnBoot(record)
            }
        }
    }

    private func restartOnBoot(_ record: ContainerRecord) async {
        let policy = record.hostConfig.restartPolicyName
        guard policy == "always" || (policy == "unless-stopped" && !record.manuallyStopped) else { return }
        guard !record.manuallyStopped || policy == "always" && !record.manuallyStopped else { return }
        try? await locks.withLock(record.id) { try await self.startLocked(record.id) }
    }
}
