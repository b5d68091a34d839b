import Glibc
import LinuxSupport
import OCI

/// Everything the forked children of `create` need; they are forks of the
/// runtime, so this is shared by copy, not sent over a pipe.
struct InitContext {
    let spec: RuntimeSpec
    let rootfs: String
    let namespaces: NamespacePlan
    let cgroup: any CgroupManager
    let channel: SyncChannel
    let fifo: Int32
    let console: Int32?
    let options: LaunchOptions

    /// The intermediate process: joins the cgroup (before any namespace, so a
    /// new cgroup namespace is rooted at the container's cgroup), joins the
    /// namespaces given by path, creates the user namespace, then forks the
    /// init into the new namespaces as a sibling and reports its pid.
    func runIntermediate() -> Never {
        do {
            try cgroup.add(pid: getpid())
            for (kind, path) in namespaces.join {
                try sys { () throws(SystemCallError) in try Namespaces.join(path: path, kind: kind) }
            }
            if namespaces.createsUserNamespace {
                try sys { () throws(SystemCallError) in try Namespaces.unshare([.user]) }
                try channel.send("userns")
                _ = try channel.expect("mapped")
                try sys { () throws(SystemCallError) in try Identity.become(uid: 0, gid: 0, additionalGroups: [], setGroups: false) }
            }
            let pid = try sys { () throws(SystemCallError) in try Processes.clone(flags: Processes.cloneParent | namespaces.cloneFlags) }
            if pid == 0 { runInit() }
            try channel.send("pid \(pid)")
            _exit(0)
        } catch {
            childFailure(channel, error)
        }
    }

    /// The container's init: builds the filesystem, becomes the configured
    /// user, reports ready, waits for `start` on exec.fifo, and execs.
    func runInit() -> Never {
        let setup = ProcessSetup(process: spec.process!, preservedFDs: options.preserveFDs,
                                 setGroupsAllowed: !namespaces.inUserNamespace || SmallFile.exists("/proc/self/setgroups"))
        let path: String
        let hostPid: Int32
        do {
            _ = setsid()
            try sys { () throws(SystemCallError) in try ProcessControl.setDumpable(false) }
            let go = try channel.expect("go")
            hostPid = Int32(go.dropFirst(3)) ?? 0
            if namespaces.creates(.mount) {
                let rootfsSetup = RootfsSetup(spec: spec, rootfs: rootfs, cgroupPaths: cgroup.paths,
                                              inUserNamespace: namespaces.inUserNamespace,
                                              newNetworkNamespace: namespaces.creates(.network))
                try rootfsSetup.prepare()
                try runCreationHooks(hostPid: hostPid)
                try rootfsSetup.pivot(noPivot: options.noPivot)
                if let console { try ConsoleChannel.attachTerminal(socket: console, size: spec.process?.consoleSize, asConsole: true) }
                try applyKernelSettings()
                try rootfsSetup.finish()
            } else {
                try runCreationHooks(hostPid: hostPid)
                guard chroot(rootfs) == 0, chdir("/") == 0 else { throw RuntimeError.system(SystemCallError("chroot", rootfs)) }
                if let console { try ConsoleChannel.attachTerminal(socket: console, size: spec.process?.consoleSize, asConsole: true) }
                try applyKernelSettings()
            }
            path = try setup.prepareForExec(reporting: channel)
        } catch {
            childFailure(channel, error)
        }
        channel.close()
        waitForStart()
        do {
            var state = ContainerState(id: options.id, status: .running, pid: hostPid, bundle: options.bundle,
                                       rootfs: rootfs, created: "", annotations: spec.annotations)
            state.status = .running
            try HookRunner.run(spec.hooks?.startContainer, state: state, phase: "startContainer")
        } catch {
            FD.writeStderr("berth-runtime: \(error)\n")
            _exit(1)
        }
        let error = setup.exec(path)
        FD.writeStderr("berth-runtime: \(error)\n")
        _exit(127)
    }

    /// prestart and createRuntime hooks run in the runtime's namespaces, so the
    /// runtime runs them while the init waits; createContainer hooks run here,
    /// in the container's mount namespace before pivot_root.
    private func runCreationHooks(hostPid: Int32) throws(RuntimeError) {
        let hooks = spec.hooks
        if hooks?.prestart?.isEmpty == false || hooks?.createRuntime?.isEmpty == false {
            try channel.send("hooks")
            _ = try channel.expect("hooks-done")
        }
        let state = ContainerState(id: options.id, status: .creating, pid: hostPid, bundle: options.bundle,
                                   rootfs: rootfs, created: "", annotations: spec.annotations)
        try HookRunner.run(hooks?.createContainer, state: state, phase: "createContainer")
    }

    private func applyKernelSettings() throws(RuntimeError) {
        if namespaces.creates(.uts) || namespaces.join.contains(where: { $0.kind == .uts }) {
            if let hostname = spec.hostname, !hostname.isEmpty {
                try sys { () throws(SystemCallError) in try check(cl_sethostname_swift(hostname), "sethostname", hostname) }
            }
        } else if spec.hostname?.isEmpty == false {
            throw .invalidSpec("unable to set hostname without a private UTS namespace")
        }
        for (key, value) in (spec.linux?.sysctl ?? [:]).sorted(by: { $0.key < $1.key }) {
            let path = "/proc/sys/" + key.split(separator: ".").joined(separator: "/")
            try sys { () throws(SystemCallError) in try SmallFile.write(path, value) }
        }
    }

    /// Blocks until `start` opens exec.fifo for reading, then tells it so.
    private func waitForStart() {
        let fd = Glibc.open("/proc/self/fd/\(fifo)", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else {
            FD.writeStderr("berth-runtime: open exec fifo: \(SystemCallError("open"))\n")
            _exit(1)
        }
        _ = Glibc.write(fd, "0", 1)
        FD.close(fd)
        FD.close(fifo)
    }
}

func cl_sethostname_swift(_ name: String) -> Int32 {
    sethostname(name, name.utf8.count)
}
