import LinuxSupport
import NIOCore
import OCI
import Runtime
import Storage
import NIOPosix
import Synchronization

/// The engine's containers: their records, lifecycle through per-container
/// monitors, and Docker's rules for names, states and conflicts. Blocking
/// methods (disk, mounts, spawning) are marked as such by their callers
/// running them on the daemon's thread pool; async ones wait for containers.
public final class ContainerService: Sendable {
    let images: ImageService
    let metadata: ContainerMetadataStore
    public let events: EventBus
    public let settings: ContainerSettings
    let group: any EventLoopGroup
    let pool: NIOThreadPool
    let runtime: ContainerRuntime
    let cgroupWarmer = CgroupAttachWarmer.forThisProcess()

    struct State {
        var records: [String: ContainerRecord] = [:]
        var waiters = ExitWaiters()
        var execs: [String: ExecRecord] = [:]
        /// Starts waiting for attach clients to connect before the init runs.
        var pendingAttaches: [String: Int] = [:]
        var attachReady: [String: [CheckedContinuation<Void, Never>]] = [:]
        /// Attach requests waiting for a monitor to exist.
        var monitorWaiters: [String: [CheckedContinuation<Bool, Never>]] = [:]
        /// The start waiting for its attach clients, per container.
        var attachGate: [String: FirstResult<Void>] = [:]
        /// Consecutive quick restarts, for the restart back-off.
        var restartDelays: [String: Double] = [:]
    }

    let state = Mutex(State())
    let locks = ContainerLocks()

    public init(images: ImageService, database: MetadataDatabase, events: EventBus, settings: ContainerSettings,
                group: any EventLoopGroup, pool: NIOThreadPool) throws(EngineError) {
        self.images = images
        self.metadata = ContainerMetadataStore(database: database)
        self.events = events
        self.settings = settings
        self.group = group
        self.pool = pool
        self.runtime = ContainerRuntime(root: settings.runtimeRoot)
        try engineCall { () throws(SystemCallError) in
            try Directory.create(settings.root, mode: 0o710)
            try Directory.create(settings.runtimeRoot, mode: 0o700)
        }
        let rows = try storage { () throws(StorageError) in try metadata.all() }
        var records: [String: ContainerRecord] = [:]
        for row in rows {
            guard let record = try? JSON.decode(ContainerRecord.self, from: row.record) else { continue }
            records[record.id] = record
        }
        state.withLock { $0.records = records }
        images.setContainerUsers { [weak self] imageID in
            (self?.all() ?? []).filter { $0.imageID == imageID }.map { ($0.id, $0.state.Running) }
        }
    }

    func paths(_ id: String) -> ContainerPaths { ContainerPaths(root: settings.root, id: id) }

    /// Runs blocking work (disk, mounts, spawning) off the event loops and Swift's cooperative pool.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }

    // MARK: lookup

    /// A container by full ID, name (with or without "/"), or unique ID prefix, as Docker resolves them.
    public func resolve(_ name: String) throws(EngineError) -> ContainerRecord {
        let records = state.withLock { $0.records }
        if let record = records[name] { return record }
        let bare = name.hasPrefix("/") ? String(name.dropFirst()) : name
        if let record = records.values.first(where: { $0.name == bare }) { return record }
        let matches = bare.isEmpty ? [] : records.values.filter { $0.id.hasPrefix(bare) }
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 { throw .invalid("multiple IDs found with provided prefix: \(bare)") }
        throw .notFound("No such container: \(name)")
    }

    public func record(_ id: String) -> ContainerRecord? {
        state.withLock { $0.records[id] }
    }

    public func all() -> [ContainerRecord] {
        state.withLock { Array($0.records.values) }.sorted { $0.created > $1.created }
    }

    // MARK: persistence

    /// Applies `change` to the record and saves it (one transaction); the
    /// record in memory changes only once the database has it, so a refused
    /// change (a rename to a taken name) leaves no trace.
    @discardableResult
    func update(_ id: String, _ change: (inout ContainerRecord) -> Void) throws(EngineError) -> ContainerRecord {
        let result: Result<ContainerRecord, EngineError> = state.withLock { state in
            guard var record = state.records[id] else { return .failure(.notFound("No such container: \(id)")) }
            change(&record)
            do throws(EngineError) {
                try save(record)
            } catch {
                return .failure(error)
            }
            state.records[id] = record
            return .success(record)
        }
        return try result.get()
    }

    /// Changes a record in memory only: for a record about to be deleted.
    func updateUnsaved(_ id: String, _ change: (inout ContainerRecord) -> Void) -> ContainerRecord? {
        state.withLock { state in
            guard var record = state.records[id] else { return nil }
            change(&record)
            state.records[id] = record
            return record
        }
    }

    func save(_ record: ContainerRecord) throws(EngineError) {
        let bytes: [UInt8]
        // Unsorted: the stored form is read back only by this daemon.
        do { bytes = try JSON.encode(record, sortedKeys: false) } catch { throw .internalError("cannot encode container \(record.id): \(error)") }
        do {
            try metadata.save(id: record.id, name: record.name, imageID: record.imageID, record: bytes)
        } catch {
            switch error {
            case .nameInUse(let owner):
                throw .conflict("Conflict. The container name \"/\(record.name)\" is already in use by container \"\(owner)\". You have to remove (or rename) that container to be able to reuse that name.")
            case .storage(let error):
                throw .internalError("\(error)")
            }
        }
    }

    public func publish(_ record: ContainerRecord, _ action: String, extra: [String: String] = [:]) {
        var attributes = record.config.Labels ?? [:]
        attributes["image"] = record.config.Image ?? record.imageID
        attributes["name"] = record.name
        for (key, value) in extra { attributes[key] = value }
        events.publish(type: "container", action: action, id: record.id, attributes: attributes)
    }
}

/// One operation at a time per container (start, stop, remove…), in arrival order.
actor ContainerLocks {
    private var busy: Set<String> = []
    private var queues: [String: [CheckedContinuation<Void, Never>]] = [:]

    func withLock<T: Sendable>(_ id: String, _ body: @Sendable () async throws -> T) async throws -> T {
        await acquire(id)
        defer { release(id) }
        return try await body()
    }

    private func acquire(_ id: String) async {
        if !busy.contains(id) {
            busy.insert(id)
            return
        }
        await withCheckedContinuation { queues[id, default: []].append($0) }
    }

    private func release(_ id: String) {
        if var queue = queues[id], !queue.isEmpty {
            let next = queue.removeFirst()
            queues[id] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            busy.remove(id)
        }
    }
}

/// The first of several racing results (an exit against a timeout).
final class FirstResult<Value: Sendable>: Sendable {
    private let state = Mutex<(value: Value?, continuation: CheckedContinuation<Value, Never>?)>((nil, nil))

    func set(_ value: Value) {
        let continuation = state.withLock { state -> CheckedContinuation<Value, Never>? in
            guard state.value == nil else { return nil }
            state.value = value
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: value)
    }

    func value() async -> Value {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Value? in
                if let value = state.value { return value }
                state.continuation = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
