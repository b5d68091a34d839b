import LinuxSupport
import Storage

extension ContainerService {
    /// At daemon start: containers recorded as running are found again
    /// through their monitors; those whose monitor is gone get the exit it
    /// recorded (or are marked dead); `always` containers that are down start.
    public func restore() async {
        await removeOrphanDirectories()
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

    /// Directories of containers no longer recorded: a removal the daemon
    /// did not finish (it deletes the record first), or a create cut short.
    private func removeOrphanDirectories() async {
        let known = Set(all().map(\.id))
        let orphans = Directory.entries(settings.root).filter { Self.isID($0) && !known.contains($0) }
        guard !orphans.isEmpty else { return }
        let paths = orphans.map(self.paths)
        _ = try? await blocking {
            for orphan in paths {
                try? RootfsMounter.unmount(orphan.rootfs)
                Directory.removeTree(orphan.directory)
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
