import Glibc
import LinuxSupport
import OCI

/// The runtime's operations on containers, over one state root. The
/// berth-runtime command line is a thin layer over this.
public struct ContainerRuntime: Sendable {
    public let store: StateStore

    public init(root: String) {
        self.store = StateStore(root: root)
    }

    public func state(_ id: String) throws(RuntimeError) -> ContainerState {
        try store.load(id).state(in: store)
    }

    public func list() -> [ContainerState] {
        store.ids().compactMap { try? store.load($0).state(in: store) }
    }

    /// `start`: releases a created container's init, then runs poststart hooks.
    public func start(_ id: String) throws(RuntimeError) {
        let record = try store.load(id)
        let status = record.status(in: store)
        guard status == .created else {
            throw .invalidState(id: id, status: status.rawValue, wanted: "cannot start a container that is not created")
        }
        let path = store.execFIFO(id)
        let fd = try sys { () throws(SystemCallError) in try FD.open(path, O_RDONLY | O_NONBLOCK) }
        defer { FD.close(fd) }
        // The init is blocked opening the fifo for writing; now that a reader
        // exists it opens, writes one byte and goes on to exec.
        while true {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 100)
            if ready > 0 {
                var byte: UInt8 = 0
                if Glibc.read(fd, &byte, 1) == 1 { break }
            }
            if !record.initIsAlive {
                unlink(path)
                throw .invalidState(id: id, status: "stopped", wanted: "cannot start a container that has stopped")
            }
        }
        unlink(path)
        try HookRunner.run(record.spec.hooks?.poststart, state: record.state(in: store), phase: "poststart")
    }

    /// `kill`: a signal to the init, or with `all` to every process in the cgroup.
    public func kill(_ id: String, signal: Int32, all: Bool) throws(RuntimeError) {
        let record = try store.load(id)
        guard record.status(in: store) != .stopped else { throw .invalidArgument("container not running") }
        if all {
            record.cgroup.signalAll(signal)
        } else {
            try sys { () throws(SystemCallError) in try Processes.signal(record.pid, signal) }
        }
    }

    /// `delete`: removes a stopped container; with `force`, kills it first.
    public func delete(_ id: String, force: Bool) throws(RuntimeError) {
        try StateStore.validate(id: id)
        guard let record = try? store.load(id) else {
            // A directory without a record is a create that died halfway: nothing runs there.
            if Directory.exists(store.directory(id)) { store.remove(id); return }
            if force { return }
            throw .containerNotFound(id)
        }
        let status = record.status(in: store)
        if status != .stopped {
            guard force else {
                throw .invalidState(id: id, status: status.rawValue, wanted: "cannot delete container \(id) that is not stopped: \(status.rawValue)")
            }
            try killEverything(record)
        }
        let cgroup = record.cgroup
        // Processes that escaped the init's death (shared pid namespaces) go too.
        if !cgroup.pids().isEmpty { try killEverything(record) }
        do {
            var state = record.state(in: store)
            state.status = .stopped
            try HookRunner.run(record.spec.hooks?.poststop, state: state, phase: "poststop")
        } catch {
            RuntimeLog.shared.warning("\(error)")
        }
        try cgroup.destroy()
        store.remove(id)
    }

    private func killEverything(_ record: ContainerRecord) throws(RuntimeError) {
        let cgroup = record.cgroup
        if record.initIsAlive { Glibc.kill(record.pid, SIGKILL) }
        cgroup.signalAll(SIGKILL)
        try? cgroup.thaw()
        let deadline = Clock.monotonicSeconds() + 10
        while (record.initIsAlive || !cgroup.pids().isEmpty) && Clock.monotonicSeconds() < deadline {
            // Our own child (foreground run) must be reaped to stop being "alive".
            _ = Processes.reapAny()
            Clock.sleep(seconds: 0.005)
        }
        if !cgroup.pids().isEmpty { throw .cgroup("processes of \(record.id) survived SIGKILL") }
    }

    public func pause(_ id: String) throws(RuntimeError) {
        let record = try store.load(id)
        let status = record.status(in: store)
        guard status == .running || status == .created else {
            throw .invalidState(id: id, status: status.rawValue, wanted: "container not running")
        }
        try record.cgroup.freeze()
    }

    public func resume(_ id: String) throws(RuntimeError) {
        let record = try store.load(id)
        guard record.status(in: store) == .paused else { throw .invalidArgument("container not paused") }
        try record.cgroup.thaw()
    }

    public func processes(_ id: String) throws(RuntimeError) -> [Int32] {
        try store.load(id).cgroup.pids()
    }

    public func stats(_ id: String) throws(RuntimeError) -> CgroupStats {
        let record = try store.load(id)
        guard record.status(in: store) != .stopped else { throw .invalidArgument("container not running") }
        return record.cgroup.stats()
    }

    /// `update`: applies new limits to the cgroup and remembers them.
    public func update(_ id: String, resources: RuntimeSpec.Resources) throws(RuntimeError) {
        var record = try store.load(id)
        guard record.status(in: store) != .stopped else { throw .invalidArgument("container not running") }
        try record.cgroup.apply(resources: resources)
        var linux = record.spec.linux ?? RuntimeSpec.Linux()
        linux.resources = ResourceMerge.merge(linux.resources, resources)
        record.spec.linux = linux
        try store.save(record)
    }
}

/// Overlays the fields an update sets onto the recorded resources.
enum ResourceMerge {
    static func merge(_ base: RuntimeSpec.Resources?, _ update: RuntimeSpec.Resources) -> RuntimeSpec.Resources {
        var result = base ?? RuntimeSpec.Resources()
        if let memory = update.memory {
            var merged = result.memory ?? RuntimeSpec.Memory()
            if let v = memory.limit { merged.limit = v }
            if let v = memory.reservation { merged.reservation = v }
            if let v = memory.swap { merged.swap = v }
            result.memory = merged
        }
        if let cpu = update.cpu {
            var merged = result.cpu ?? RuntimeSpec.CPU()
            if let v = cpu.shares { merged.shares = v }
            if let v = cpu.quota { merged.quota = v }
            if let v = cpu.period { merged.period = v }
            if let v = cpu.cpus { merged.cpus = v }
            if let v = cpu.mems { merged.mems = v }
            result.cpu = merged
        }
        if let pids = update.pids { result.pids = pids }
        return result
    }
}
