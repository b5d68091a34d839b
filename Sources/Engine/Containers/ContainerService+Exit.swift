import Glibc
import LinuxSupport
import NIOCore
import OCI

extension ContainerService {
    /// Follows a running container until its init exits: one "wait"
    /// connection to the monitor, answered with one line at the exit.
    func watchExit(_ id: String) {
        let link = MonitorLink(directory: paths(id).directory)
        let group = self.group
        Task {
            var line: String?
            do {
                let channel = try await link.open("wait", group: group)
                line = try await channel.executeThenClose { inbound, _ in
                    var text = ""
                    for try await buffer in inbound {
                        text += String(buffer: buffer)
                        if text.contains("\n") { break }
                    }
                    return text.isEmpty ? nil : text
                }
            } catch {
                line = nil
            }
            await self.exited(id, line: line)
        }
    }

    /// The monitor said how the init ended, or went away without saying:
    /// then its exit file tells, and without one the container is marked dead.
    func exited(_ id: String, line: String?) async {
        var code: Int32 = 255
        var oom = false
        var finished = Clock.rfc3339Now()
        var error = ""
        let words = line?.split(whereSeparator: { $0 == " " || $0 == "\n" }) ?? []
        if words.count >= 4, words[0] == "exit", let value = Int32(words[1]) {
            code = value
            oom = words[2] == "1"
            finished = String(words[3])
        } else if let text = try? SmallFile.read(paths(id).exit) {
            for field in text.split(separator: "\n") {
                if field.hasPrefix("code=") { code = Int32(field.dropFirst(5)) ?? 255 }
                if field.hasPrefix("oom=") { oom = field.dropFirst(4) == "1" }
                if field.hasPrefix("finished=") { finished = String(field.dropFirst(9)) }
            }
        } else {
            if MonitorLink(directory: paths(id).directory).isReachable {
                // Still there: the connection dropped for another reason.
                watchExit(id)
                return
            }
            error = "the container's monitor exited unexpectedly"
            try? runtime.delete(id, force: true)
        }
        await handleExit(id, code: code, oomKilled: oom, finishedAt: finished, error: error)
    }

    func handleExit(_ id: String, code: Int32, oomKilled: Bool, finishedAt: String, error: String) async {
        guard let previous = record(id), previous.state.Running || previous.state.Restarting else { return }
        let startedAt = previous.state.StartedAt
        // The root filesystem is released before the container reads as
        // stopped (as moby's cleanup comes before its stopped state): a
        // start that follows at once (`restart`) must not race this unmount.
        // A removal that follows at once (`--rm`) unmounts for itself.
        let autoRemove = previous.hostConfig.AutoRemove == true
        if !autoRemove { await blockingUnmount(id) }
        // A `--rm` container's exit is not saved: its record is deleted next,
        // and a daemon restarting in between finds the monitor gone anyway.
        let markExited = { (record: inout ContainerRecord) in
            record.state.Status = "exited"
            record.state.Running = false
            record.state.Paused = false
            record.state.Restarting = false
            record.state.Pid = 0
            record.state.ExitCode = code
            record.state.OOMKilled = oomKilled
            record.state.Error = error
            record.state.FinishedAt = finishedAt
        }
        let updated = autoRemove ? updateUnsaved(id, markExited) : try? update(id, markExited)
        guard let record = updated else { return }
        if oomKilled { publish(record, "oom") }
        publish(record, "die", extra: ["exitCode": String(code)])
        state.withLock { $0.waiters.exited(id, code: code) }
        if autoRemove {
            try? await remove(id, force: true, removeVolumes: false)
            return
        }
        if let delay = restartDelay(record, startedAt: startedAt) {
            _ = try? update(id) { $0.state.Restarting = true; $0.state.Status = "restarting" }
            Task {
                try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
                await self.restartAfterExit(id)
            }
        }
    }

    /// Docker's restart policies: nil when the container stays down, else
    /// the delay (100 ms, doubling while it keeps failing within 10 s of starting).
    func restartDelay(_ record: ContainerRecord, startedAt: String) -> Double? {
        guard !record.manuallyStopped else { return nil }
        let policy = record.hostConfig.RestartPolicy
        switch policy?.Name ?? "no" {
        case "always", "unless-stopped":
            break
        case "on-failure":
            guard record.state.ExitCode != 0 else { return nil }
            let limit = policy?.MaximumRetryCount ?? 0
            if limit > 0 && record.restartCount >= limit { return nil }
        default:
            return nil
        }
        let ranFor = Self.secondsSince(startedAt)
        return state.withLock { state in
            var delay = state.restartDelays[record.id] ?? 0.1
            if ranFor >= 10 { delay = 0.1 }
            state.restartDelays[record.id] = min(delay * 2, 60)
            return delay
        }
    }

    func restartAfterExit(_ id: String) async {
        guard let record = record(id), record.state.Restarting, !record.manuallyStopped else { return }
        _ = try? update(id) { $0.restartCount += 1 }
        do {
            try await locks.withLock(id) { try await self.startLocked(id) }
        } catch {
            _ = try? update(id) { record in
                record.state.Restarting = false
                record.state.Status = "exited"
            }
        }
    }

    static func secondsSince(_ rfc3339: String) -> Double {
        guard let then = RFC3339.unixTime(rfc3339) else { return 0 }
        return Clock.unixTime() - then
    }

    // MARK: wait

    /// `POST /containers/{id}/wait`.
    public func wait(_ name: String, condition: WaitCondition) async throws -> WaitResult {
        let record = try resolve(name)
        if condition == .notRunning && !record.state.Running && !record.state.Restarting {
            return WaitResult(statusCode: record.state.ExitCode, error: nil)
        }
        return await withCheckedContinuation { continuation in
            let gone = state.withLock { state -> Bool in
                guard state.records[record.id] != nil else { return true }
                state.waiters.add(record.id, condition, continuation)
                return false
            }
            if gone { continuation.resume(returning: WaitResult(statusCode: record.state.ExitCode, error: nil)) }
        }
    }
}
