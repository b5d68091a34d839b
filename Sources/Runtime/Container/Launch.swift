import Glibc
import LinuxSupport
import OCI

extension ContainerRuntime {
    /// `create`: namespaces, cgroup, rootfs and process set up, with the init
    /// blocked on exec.fifo until `start`. Everything made is undone on failure.
    public func create(_ options: LaunchOptions, holdConsole: Bool = false) throws(RuntimeError) -> LaunchedContainer {
        let bundle = try absolute(options.bundle)
        let spec = try loadSpec(bundle: bundle)
        guard let process = spec.process else { throw .invalidSpec("process is required") }
        guard let rootPath = spec.root?.path else { throw .invalidSpec("root.path is required") }
        let rootfs = realPath(rootPath.hasPrefix("/") ? rootPath : bundle + "/" + rootPath)
        guard Directory.exists(rootfs) else { throw .invalidSpec("rootfs \(rootfs) is not a directory") }
        if process.terminal == true && options.consoleSocket == nil && !holdConsole {
            throw .invalidArgument("cannot allocate tty if runc will detach without setting console socket")
        }
        if process.terminal != true && options.consoleSocket != nil {
            throw .invalidArgument("cannot use console socket if runc will not detach or allocate tty")
        }
        let namespaces = try NamespacePlan(spec.linux?.namespaces ?? [])

        try store.reserve(options.id)
        var cleanup = LaunchCleanup(store: store, id: options.id)
        do {
            let fifoPath = store.execFIFO(options.id)
            // chmod after mkfifo, which the umask trims: the init may run as a
            // user-namespace root that only has "other" rights on it.
            guard mkfifo(fifoPath, 0o622) == 0, chmod(fifoPath, 0o622) == 0 else {
                throw RuntimeError.system(SystemCallError("mkfifo", fifoPath))
            }
            let fifo = try sys { () throws(SystemCallError) in try FD.open(fifoPath, FD.pathOnly) }
            defer { FD.close(fifo) }

            let cgroup = try Cgroups.manager(cgroupsPath: spec.linux?.cgroupsPath, id: options.id)
            cleanup.cgroup = cgroup
            try cgroup.create(resources: spec.linux?.resources)

            let console = try ConsoleChannel.open(terminal: process.terminal == true, socketPath: options.consoleSocket)
            defer { console?.closeChildEnd() }
            let (parentChannel, childChannel) = try SyncChannel.pair()
            defer { parentChannel.close() }

            let context = InitContext(spec: spec, rootfs: rootfs, namespaces: namespaces, cgroup: cgroup,
                                      channel: childChannel, fifo: fifo, console: console?.childEnd,
                                      options: options)
            let intermediate = try sys { () throws(SystemCallError) in try Processes.clone() }
            if intermediate == 0 {
                parentChannel.close()
                context.runIntermediate()
            }
            childChannel.close()

            let initPid = try receiveInitPid(parentChannel, intermediate: intermediate, namespaces: namespaces, spec: spec)
            cleanup.initPid = initPid
            let created = Clock.rfc3339Now()
            let record = ContainerRecord(id: options.id, bundle: bundle, rootfs: rootfs, pid: initPid,
                                         initStartTime: Processes.startTime(of: initPid) ?? 0, created: created,
                                         cgroupPaths: cgroup.paths, spec: spec)
            try parentChannel.send("go \(initPid)")
            if spec.hooks?.prestart?.isEmpty == false || spec.hooks?.createRuntime?.isEmpty == false {
                _ = try parentChannel.expect("hooks")
                var state = record.state(in: store)
                state.status = .creating
                try HookRunner.run(spec.hooks?.prestart, state: state, phase: "prestart")
                try HookRunner.run(spec.hooks?.createRuntime, state: state, phase: "createRuntime")
                try parentChannel.send("hooks-done")
            }
            // Written while the init builds its root filesystem on the other
            // CPU, rather than after: a failed init still removes both.
            try store.save(record)
            if let pidFile = options.pidFile.map(absoluteOrSame) {
                cleanup.pidFile = pidFile
                try sys { () throws(SystemCallError) in try SmallFile.writeReplacing(pidFile, String(initPid), mode: 0o644) }
            }
            _ = try parentChannel.expect("ready")
            let master = holdConsole && options.consoleSocket == nil ? try console?.receiveMaster() : nil
            cleanup.disarm()
            return LaunchedContainer(record: record, consoleMaster: master)
        } catch let error as RuntimeError {
            cleanup.run()
            throw error
        } catch {
            cleanup.run()
            throw .childFailed("\(error)")
        }
    }

    /// The intermediate child reports the init's pid (and, for a new user
    /// namespace, first asks for its id maps); then it exits and is reaped.
    private func receiveInitPid(_ channel: SyncChannel, intermediate: Int32, namespaces: NamespacePlan, spec: RuntimeSpec) throws(RuntimeError) -> Int32 {
        defer { _ = try? Processes.wait(intermediate) }
        if namespaces.createsUserNamespace {
            _ = try channel.expect("userns")
            try UserNamespaceMaps.write(pid: intermediate, uid: spec.linux?.uidMappings ?? [], gid: spec.linux?.gidMappings ?? [])
            try channel.send("mapped")
        }
        let line = try channel.expect("pid")
        guard let pid = Int32(line.dropFirst(4)) else { throw .childFailed("bad pid message: \(line)") }
        return pid
    }

    func loadSpec(bundle: String) throws(RuntimeError) -> RuntimeSpec {
        let path = bundle + "/config.json"
        let text: String
        do { text = try SmallFile.read(path) } catch { throw .invalidSpec("cannot read \(path): \(error)") }
        do {
            return try JSON.decode(RuntimeSpec.self, from: Array(text.utf8))
        } catch {
            throw .invalidSpec("\(path): \(error)")
        }
    }
}

/// Undoes a half-finished create: kill the init, drop the cgroup, the state
/// directory and the pid file.
struct LaunchCleanup {
    let store: StateStore
    let id: String
    var cgroup: (any CgroupManager)?
    var initPid: Int32?
    var pidFile: String?
    private var armed = true

    init(store: StateStore, id: String) {
        self.store = store
        self.id = id
    }

    mutating func disarm() { armed = false }

    func run() {
        guard armed else { return }
        if let initPid {
            kill(initPid, SIGKILL)
            _ = try? Processes.wait(initPid)
        }
        if let cgroup {
            cgroup.signalAll(SIGKILL)
            try? cgroup.destroy()
        }
        store.remove(id)
        if let pidFile { unlink(pidFile) }
    }
}

func absolute(_ path: String) throws(RuntimeError) -> String {
    if path.hasPrefix("/") { return Path.clean(path) }
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { throw .system(SystemCallError("getcwd")) }
    let cwd = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return Path.clean(cwd + "/" + path)
}

func absoluteOrSame(_ path: String) -> String {
    (try? absolute(path)) ?? path
}

/// realpath(3), falling back to the input when it cannot be resolved.
func realPath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
}
