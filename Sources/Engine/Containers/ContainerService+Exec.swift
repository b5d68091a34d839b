import LinuxSupport
import OCI
import Runtime

/// `POST /containers/{id}/exec`'s body (Docker's field names).
public struct ExecConfig: Codable, Sendable {
    public var User: String?
    public var Privileged: Bool?
    public var Tty: Bool?
    public var ConsoleSize: [Int]?
    public var AttachStdin: Bool?
    public var AttachStdout: Bool?
    public var AttachStderr: Bool?
    public var Detach: Bool?
    public var DetachKeys: String?
    public var Env: [String]?
    public var WorkingDir: String?
    public var Cmd: [String]?
}

/// An exec instance: kept in memory while its container exists, as Docker does.
public struct ExecRecord: Sendable {
    public let id: String
    public let containerID: String
    public let config: ExecConfig
    public var running = false
    public var started = false
    public var exitCode: Int32?
    public var pid: Int32 = 0
}

extension ContainerService {
    public func createExec(_ name: String, config: ExecConfig) throws -> String {
        cgroupWarmer.warm()
        let record = try resolve(name)
        guard record.state.Running else { throw EngineError.conflict("Container \(record.id) is not running") }
        guard !record.state.Paused else {
            throw EngineError.conflict("Container \(record.id) is paused, unpause the container before exec")
        }
        guard let command = config.Cmd, !command.isEmpty else { throw EngineError.invalid("No exec command specified") }
        let id = Self.newID()
        state.withLock { $0.execs[id] = ExecRecord(id: id, containerID: record.id, config: config) }
        publish(record, "exec_create: " + command.joined(separator: " "), extra: ["execID": id])
        return id
    }

    public func exec(_ id: String) throws -> ExecRecord {
        guard let exec = state.withLock({ $0.execs[id] }) else { throw EngineError.notFound("No such exec instance: \(id)") }
        return exec
    }

    /// Writes the exec's process spec for the monitor and marks it started;
    /// returns the monitor request that runs it.
    public func prepareExec(_ id: String, detach: Bool, tty: Bool?) throws -> (exec: ExecRecord, request: String) {
        cgroupWarmer.warm()
        let exec = try self.exec(id)
        guard !exec.started else { throw EngineError.conflict("Error: Exec command \(id) has already run") }
        guard let record = record(exec.containerID), record.state.Running else {
            throw EngineError.conflict("Container \(exec.containerID) is not running")
        }
        let config = exec.config
        let terminal = tty ?? config.Tty ?? false
        let paths = self.paths(record.id)
        let specText = try SmallFile.read(paths.spec)
        var process = (try JSON.decode(RuntimeSpec.self, from: Array(specText.utf8))).process ?? RuntimeSpec.Process()
        process.args = config.Cmd
        process.terminal = terminal
        process.consoleSize = nil
        if terminal, let size = config.ConsoleSize, size.count == 2, size[0] > 0, size[1] > 0 {
            process.consoleSize = .init(height: UInt16(clamping: size[0]), width: UInt16(clamping: size[1]))
        }
        process.env = RuntimeSpecBuilder.replacingOrAppending(process.env ?? [], config.Env ?? [])
        if let dir = config.WorkingDir, !dir.isEmpty { process.cwd = dir }
        if let user = config.User, !user.isEmpty {
            let resolved = try UserLookup(rootfs: paths.rootfs).resolve(user, groupAdd: record.hostConfig.GroupAdd ?? [])
            process.user = .init(uid: resolved.uid, gid: resolved.gid, additionalGids: resolved.additionalGids.isEmpty ? nil : resolved.additionalGids)
        }
        if config.Privileged == true {
            process.capabilities = .init(bounding: Capability.names, effective: Capability.names, inheritable: nil,
                                         permitted: Capability.names, ambient: nil)
        }
        try SmallFile.writeReplacing(paths.execProcess(id), String(decoding: try JSON.encode(process), as: UTF8.self), mode: 0o600)
        state.withLock { state in
            state.execs[id]?.started = true
            state.execs[id]?.running = true
        }
        publish(record, "exec_start: " + (config.Cmd ?? []).joined(separator: " "), extra: ["execID": id])
        let stdin = config.AttachStdin == true && !detach
        return (exec, "exec \(id) \(terminal ? 1 : 0) \(stdin ? 1 : 0) \(detach ? 1 : 0)")
    }

    public func execStarted(_ id: String, pid: Int32) {
        state.withLock { $0.execs[id]?.pid = pid }
    }

    /// The exec ended: its code from the monitor, or from the file the
    /// monitor leaves (a detached exec, a dropped connection).
    public func execFinished(_ id: String, code: Int32?) {
        let exec = state.withLock { $0.execs[id] }
        guard let exec else { return }
        var exitCode = code
        if exitCode == nil, let text = try? SmallFile.read(paths(exec.containerID).execExit(id)) {
            exitCode = Int32(text.split(separator: "\n").first ?? "")
        }
        state.withLock { state in
            state.execs[id]?.running = false
            state.execs[id]?.exitCode = exitCode
        }
        if let record = record(exec.containerID) {
            publish(record, "exec_die", extra: ["execID": id, "exitCode": String(exitCode ?? -1)])
        }
    }

    /// An exec's current view: a detached one is finished once its exit file exists.
    public func refreshedExec(_ id: String) throws -> ExecRecord {
        var exec = try self.exec(id)
        if exec.running && (exec.config.Detach == true || exec.pid > 0) {
            if let text = try? SmallFile.read(paths(exec.containerID).execExit(id)) {
                exec.exitCode = Int32(text.split(separator: "\n").first ?? "")
                exec.running = false
                let updated = exec
                state.withLock { $0.execs[id] = updated }
            }
        }
        if exec.running, record(exec.containerID)?.state.Running != true {
            exec.running = false
        }
        return exec
    }

    public func execIDs(of containerID: String) -> [String] {
        state.withLock { $0.execs.values.filter { $0.containerID == containerID }.map(\.id) }
    }
}
