import Glibc
import LinuxSupport
import OCI
import Runtime

extension ContainerService {
    /// `POST /containers/{id}/stop`: the stop signal, then SIGKILL after the timeout.
    public func stop(_ name: String, timeout: Int?, signal: String?) async throws {
        let id = try resolve(name).id
        try await locks.withLock(id) {
            guard let record = self.record(id) else { throw EngineError.notFound("No such container: \(name)") }
            if record.state.Restarting {
                // Cancels the pending restart.
                _ = try self.update(id) { $0.manuallyStopped = true; $0.state.Restarting = false; $0.state.Status = "exited" }
                return
            }
            guard record.state.Running else { throw EngineError(.notModified, "container already stopped") }
            _ = try self.update(id) { $0.manuallyStopped = true }
            let number = try Signals.parse(signal ?? record.config.StopSignal ?? "SIGTERM")
            let seconds = timeout ?? record.config.StopTimeout ?? 10
            if await !self.signalAndWait(record, number, seconds: seconds < 0 ? nil : Double(seconds)) {
                _ = await self.signalAndWait(record, SIGKILL, seconds: 30)
            }
            if let stopped = self.record(id) { self.publish(stopped, "stop") }
        }
    }

    /// Sends a signal and waits for the exit; false when it did not come in time.
    private func signalAndWait(_ record: ContainerRecord, _ number: Int32, seconds: Double?) async -> Bool {
        let outcome = FirstResult<Bool>()
        let exitWatch = Task {
            _ = try? await self.wait(record.id, condition: .nextExit)
            outcome.set(true)
        }
        publish(record, "kill", extra: ["signal": String(number)])
        do {
            try runtime.kill(record.id, signal: number, all: number == SIGKILL)
            if number == SIGKILL || record.state.Paused { try? runtime.resume(record.id) }
        } catch {
            // Already gone: the exit is on its way.
        }
        if self.record(record.id)?.state.Running == false {
            outcome.set(true)
        }
        var timer: Task<Void, Never>?
        if let seconds {
            timer = Task {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                outcome.set(false)
            }
        }
        let exited = await outcome.value()
        timer?.cancel()
        _ = exitWatch
        return exited || self.record(record.id)?.state.Running == false
    }

    /// `POST /containers/{id}/kill`.
    public func kill(_ name: String, signal: String?) async throws {
        let record = try resolve(name)
        guard record.state.Running else {
            throw EngineError.conflict("Cannot kill container: \(name): Container \(record.id) is not running")
        }
        let number = try Signals.parse(signal ?? "SIGKILL")
        if number == SIGKILL { _ = try update(record.id) { $0.manuallyStopped = true } }
        publish(record, "kill", extra: ["signal": String(number)])
        do {
            try runtime.kill(record.id, signal: number, all: false)
            if number == SIGKILL && record.state.Paused { try? runtime.resume(record.id) }
        } catch {
            throw EngineError.conflict("Cannot kill container: \(name): \(error)")
        }
    }

    /// `POST /containers/{id}/restart`.
    public func restart(_ name: String, timeout: Int?, signal: String?) async throws {
        let id = try resolve(name).id
        if record(id)?.state.Running == true {
            try await stop(id, timeout: timeout, signal: signal)
        }
        try await locks.withLock(id) { try await self.startLocked(id) }
        if let record = record(id) { publish(record, "restart") }
    }

    public func pause(_ name: String) throws {
        let record = try resolve(name)
        guard record.state.Running else { throw EngineError.conflict("Container \(record.id) is not running") }
        guard !record.state.Paused else { throw EngineError.conflict("Container \(record.id) is already paused") }
        do { try runtime.pause(record.id) } catch { throw EngineError.internalError("\(error)") }
        let paused = try update(record.id) { $0.state.Paused = true; $0.state.Status = "paused" }
        publish(paused, "pause")
    }

    public func unpause(_ name: String) throws {
        let record = try resolve(name)
        guard record.state.Paused else { throw EngineError.conflict("Container \(record.id) is not paused") }
        do { try runtime.resume(record.id) } catch { throw EngineError.internalError("\(error)") }
        let resumed = try update(record.id) { $0.state.Paused = false; $0.state.Status = "running" }
        publish(resumed, "unpause")
    }

    /// `DELETE /containers/{id}`.
    public func remove(_ name: String, force: Bool, removeVolumes: Bool) async throws {
        let id = try resolve(name).id
        try await locks.withLock(id) {
            guard let record = self.record(id) else { return }
            if record.state.Running {
                guard force else {
                    if record.state.Paused {
                        throw EngineError.conflict("cannot remove container \"/\(record.name)\": container is paused and must be unpaused first")
                    }
                    throw EngineError.conflict("cannot remove container \"/\(record.name)\": container is running: stop the container before removing or force remove")
                }
                _ = try self.update(id) { $0.manuallyStopped = true }
                _ = await self.signalAndWait(record, SIGKILL, seconds: 30)
            }
            if record.state.Restarting || record.hostConfig.restartPolicyName != "no" {
                // Should the removal fail, its restart policy must not bring it back.
                _ = try? self.update(id) { $0.manuallyStopped = true; $0.state.Restarting = false }
            }
            do { try self.metadata.remove(id: id) } catch { throw EngineError.internalError("\(error)") }
            let code = self.state.withLock { state -> Int32 in
                let code = state.records.removeValue(forKey: id)?.state.ExitCode ?? 0
                state.execs = state.execs.filter { $0.value.containerID != id }
                state.restartDelays[id] = nil
                return code
            }
            self.state.withLock { $0.waiters.removed(id, code: code) }
            self.publish(record, "destroy")
            self.removeFiles(record)
        }
    }

    /// A removed container's root filesystem and directory go after the
    /// answer: unmounting an overlay syncs the file system under it, a few
    /// milliseconds on every `run --rm`. Its ID is never reused, and what a
    /// crash leaves half-done here the next start sweeps up
    /// (`removeOrphanDirectories`).
    func removeFiles(_ record: ContainerRecord) {
        let mount = rootfsMount(record)
        let directory = paths(record.id).directory
        Task {
            try? await self.blocking {
                mount.unmount()
                Directory.removeTree(directory)
            }
        }
    }

    /// `POST /containers/{id}/rename`.
    public func rename(_ name: String, to newName: String) throws {
        let record = try resolve(name)
        let validated = try ContainerNames.validate(newName)
        if validated == record.name { throw EngineError.conflict("Renaming a container with the same name as its current name") }
        let renamed = try update(record.id) { $0.name = validated }
        publish(renamed, "rename", extra: ["oldName": "/" + record.name])
    }

    /// `POST /containers/{id}/update`: new limits for the record and, while it runs, the cgroup.
    public func updateResources(_ name: String, with change: HostConfig) throws -> [String] {
        let record = try resolve(name)
        var host = record.hostConfig
        if let v = change.Memory, v != 0 { host.Memory = v }
        if let v = change.MemorySwap, v != 0 { host.MemorySwap = v }
        if let v = change.MemoryReservation, v != 0 { host.MemoryReservation = v }
        if let v = change.NanoCpus, v != 0 { host.NanoCpus = v }
        if let v = change.CpuShares, v != 0 { host.CpuShares = v }
        if let v = change.CpuPeriod, v != 0 { host.CpuPeriod = v }
        if let v = change.CpuQuota, v != 0 { host.CpuQuota = v }
        if let v = change.CpusetCpus, !v.isEmpty { host.CpusetCpus = v }
        if let v = change.CpusetMems, !v.isEmpty { host.CpusetMems = v }
        if let v = change.PidsLimit, v != 0 { host.PidsLimit = v }
        if let policy = change.RestartPolicy, policy.Name != nil { host.RestartPolicy = policy }
        try Self.validate(&host)
        if record.state.Running {
            let resources = RuntimeSpecBuilder(record: record, paths: paths(record.id), cgroupParent: settings.cgroupParent,
                                               initBinary: nil).resourcesFor(host)
            do { try runtime.update(record.id, resources: resources) } catch { throw EngineError.internalError("Cannot update container \(record.id): \(error)") }
        }
        let updated = try update(record.id) { $0.hostConfig = host }
        publish(updated, "update")
        return []
    }
}

extension ContainerService {
    /// Pids (host view) of the container's processes.
    public func processes(_ id: String) throws -> [Int32] {
        do { return try runtime.processes(id) } catch { throw EngineError.conflict("Container \(id) is not running") }
    }

    public func stats(_ id: String) throws -> CgroupStats {
        do { return try runtime.stats(id) } catch { throw EngineError.conflict("Container \(id) is not running") }
    }
}
