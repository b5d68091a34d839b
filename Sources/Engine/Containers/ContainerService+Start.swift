import ContainerLogs
import Glibc
import LinuxSupport
import NIOCore
import OCI
import Storage

extension ContainerService {
    /// `POST /containers/{id}/start`: mounts the rootfs, writes the runtime
    /// spec, spawns the monitor (which creates the container), lets attach
    /// clients connect, then releases the init.
    public func start(_ name: String) async throws {
        let id = try resolve(name).id
        try await locks.withLock(id) {
            try await self.startLocked(id)
        }
    }

    func startLocked(_ id: String) async throws {
        cgroupWarmer.warm()
        guard let record = record(id) else { throw EngineError.notFound("No such container: \(id)") }
        if record.state.Running { throw EngineError(.notModified, "container already started") }
        let pid: Int32
        do {
            pid = try await blocking { try self.prepareAndSpawn(record) }
        } catch {
            await blockingUnmount(id)
            throw startFailed(record, error)
        }
        // Attach clients that came before the start connect now, so that no
        // output is lost; then the init runs.
        let gate = state.withLock { state -> FirstResult<Void>? in
            for waiter in state.monitorWaiters.removeValue(forKey: id) ?? [] { waiter.resume(returning: true) }
            guard (state.pendingAttaches[id] ?? 0) > 0 else { return nil }
            let gate = FirstResult<Void>()
            state.attachGate[id] = gate
            return gate
        }
        if let gate {
            let timeout = Task {
                try? await Task.sleep(nanoseconds: 5_000_000_000)
                gate.set(())
            }
            await gate.value()
            timeout.cancel()
        }
        let link = MonitorLink(directory: paths(id).directory)
        do {
            _ = try await blocking { try link.request("start") }
        } catch {
            // The monitor removes the container when its init dies; make sure it does.
            try? runtime.kill(id, signal: SIGKILL, all: true)
            throw startFailed(record, error)
        }
        let started = try update(id) { record in
            record.state.Status = "running"
            record.state.Running = true
            record.state.Paused = false
            record.state.Restarting = false
            record.state.OOMKilled = false
            record.state.Dead = false
            record.state.Pid = pid
            record.state.ExitCode = 0
            record.state.Error = ""
            record.state.StartedAt = Clock.rfc3339Now()
            record.state.FinishedAt = ContainerStateInfo.zeroTime
            record.hasBeenStarted = true
            record.manuallyStopped = false
        }
        publish(started, "start")
        watchExit(id)
    }

    /// Records why a start failed, with moby's exit code for it; attach
    /// clients waiting for this start give up; a `--rm` container goes away
    /// (the client waits for that before it reports the error). Returns the
    /// error to answer with.
    private func startFailed(_ record: ContainerRecord, _ error: any Error) -> EngineError {
        let id = record.id
        let message = Self.lowercasedReasons("\(error)")
        _ = try? update(id) { record in
            record.state.Error = message
            record.state.ExitCode = Self.exitCode(forStartError: message)
        }
        let waiters = state.withLock { $0.monitorWaiters.removeValue(forKey: id) ?? [] }
        for waiter in waiters { waiter.resume(returning: false) }
        if record.hostConfig.AutoRemove == true {
            Task { try? await self.remove(id, force: true, removeVolumes: false) }
        }
        return .internalError(message)
    }

    /// The kernel's reasons as Go spells them ("permission denied"): clients
    /// match them to choose exit codes 126 and 127.
    static func lowercasedReasons(_ message: String) -> String {
        var text = message
        for reason in ["Permission denied", "No such file or directory", "Is a directory", "Exec format error"] {
            let lower = reason.prefix(1).lowercased() + reason.dropFirst()
            text = text.split(separator: reason, omittingEmptySubsequences: false).joined(separator: lower)
        }
        return text
    }

    /// moby's exit codes for a process that could not be started.
    static func exitCode(forStartError message: String) -> Int32 {
        if message.contains("executable file not found") || message.contains("no such file or directory") { return 127 }
        if message.contains("permission denied") || message.contains("is a directory") { return 126 }
        return 128
    }

    /// Blocking: everything up to a created container whose init waits for "start".
    func prepareAndSpawn(_ record: ContainerRecord) throws -> Int32 {
        let paths = self.paths(record.id)
        let mount = rootfsMount(record)
        let driver = try mount.mount(layers: record.layers)
        if driver.rawValue != record.driver { _ = try? update(record.id) { $0.driver = driver.rawValue } }
        do {
            try ContainerFiles.write(record, paths: paths, dns: settings.dns)
            if let directory = record.config.WorkingDir, !directory.isEmpty {
                do { try WorkingDirectory.create(directory, rootfs: paths.rootfs) } catch { throw EngineError.invalid("\(error)") }
            }
            let spec = try RuntimeSpecBuilder(record: record, paths: paths, cgroupParent: settings.cgroupParent,
                                              initBinary: settings.initBinary).build()
            try SmallFile.writeReplacing(paths.spec, String(decoding: try JSON.encode(spec), as: UTF8.self), mode: 0o600)
            try writeMonitorConfig(record, paths: paths)
            unlink(paths.exit)
            // What a monitor killed before it could clean up left behind.
            try? runtime.delete(record.id, force: true)
            return try spawnMonitor(paths)
        } catch {
            mount.unmount()
            throw error
        }
    }

    private func writeMonitorConfig(_ record: ContainerRecord, paths: ContainerPaths) throws {
        let log = try JSONFileLogOptions(logOptions: record.hostConfig.LogConfig?.Config ?? [:])
        let lines = [
            "id=\(record.id)",
            "runtime=\(settings.runtimeBinary)",
            "runtime-root=\(settings.runtimeRoot)",
            "tty=\(record.config.tty ? 1 : 0)",
            "open-stdin=\(record.config.openStdin ? 1 : 0)",
            "stdin-once=\(record.config.StdinOnce == true ? 1 : 0)",
            "log-path=\(paths.log(record.id))",
            "log-max-size=\(log.maxSize ?? 0)",
            "log-max-file=\(log.maxFile)",
            "log-compress=\(log.compress ? 1 : 0)",
            "oom-counter=\(settings.oomCounter(id: record.id))",
            "cgroup-path=\(settings.cgroupParent)/\(record.id)",
        ]
        try SmallFile.writeReplacing(paths.monitorConfig, lines.joined(separator: "\n") + "\n", mode: 0o600)
    }

    /// Starts the monitor and reads its first line: "created <pid>" or "error <message>".
    private func spawnMonitor(_ paths: ContainerPaths) throws -> Int32 {
        let (readEnd, writeEnd) = try FD.pipe()
        defer { FD.close(readEnd) }
        let null = try FD.open("/dev/null", O_RDWR)
        let log = try FD.open(paths.directory + "/monitor.log", O_WRONLY | O_CREAT | O_APPEND, mode: 0o600)
        var options = Spawn.Options()
        options.descriptors = [(0, null), (1, writeEnd), (2, log)]
        options.newSession = true
        let pid: pid_t
        do {
            pid = try Spawn.start(settings.monitorBinary, arguments: [settings.monitorBinary, paths.directory], options: options)
        } catch {
            FD.close(writeEnd); FD.close(null); FD.close(log)
            throw error
        }
        FD.close(writeEnd); FD.close(null); FD.close(log)
        // The first process exits at once, leaving the monitor to init.
        _ = try? Processes.wait(pid)
        var answer: [UInt8] = []
        let deadline = Clock.monotonicSeconds() + 120
        while !answer.contains(0x0A) && Clock.monotonicSeconds() < deadline {
            var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 1000) >= 0 || errno == EINTR else { break }
            if poller.revents == 0 { continue }
            let bytes = try FD.read(readEnd, max: 4096)
            if bytes.isEmpty { break }
            answer += bytes
        }
        let line = String(decoding: answer.prefix { $0 != 0x0A }, as: UTF8.self)
        if line.hasPrefix("created "), let initPid = Int32(line.dropFirst(8)) { return initPid }
        if line.hasPrefix("error ") { throw EngineError.internalError(String(line.dropFirst(6))) }
        throw EngineError.internalError("the container's monitor did not start (see \(paths.directory)/monitor.log)")
    }

    func blockingUnmount(_ id: String) async {
        guard let record = record(id) else { return }
        let mount = rootfsMount(record)
        _ = try? await blocking { mount.unmount() }
    }

    // MARK: attach gating

    /// An attach for a container that is not running yet waits here until a
    /// start has its monitor up; false if the container went away.
    public func waitForMonitor(_ id: String) async -> Bool {
        if record(id)?.state.Running == true { return true }
        return await withCheckedContinuation { continuation in
            state.withLock { state in
                state.pendingAttaches[id, default: 0] += 1
                state.monitorWaiters[id, default: []].append(continuation)
            }
        }
    }

    /// The attach that waited has connected to the monitor (or given up).
    public func attachConnected(_ id: String) {
        let gate = state.withLock { state -> FirstResult<Void>? in
            let left = max(0, (state.pendingAttaches[id] ?? 0) - 1)
            state.pendingAttaches[id] = left == 0 ? nil : left
            return left == 0 ? state.attachGate.removeValue(forKey: id) : nil
        }
        gate?.set(())
    }

    public func monitor(_ id: String) -> MonitorHandle {
        MonitorHandle(link: MonitorLink(directory: paths(id).directory), group: group)
    }
}

/// A container's monitor, for the API's streaming routes.
public struct MonitorHandle: Sendable {
    let link: MonitorLink
    let group: any EventLoopGroup

    public func open(_ line: String) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        try await link.open(line, group: group)
    }

    public func request(_ line: String) throws -> String {
        try link.request(line)
    }
}
