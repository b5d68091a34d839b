import Glibc
import LinuxSupport
import OCI

/// Builds the container's filesystem view inside its new mount namespace:
/// propagation, the rootfs bind, the spec's mounts, /dev, and pivot_root.
/// Runs in the container's init process, before it becomes the container.
struct RootfsSetup {
    let spec: RuntimeSpec
    let rootfs: String
    let cgroupPaths: [String: String]
    let inUserNamespace: Bool
    let newNetworkNamespace: Bool

    func prepare() throws(RuntimeError) {
        guard let propagation = MountOptions.propagation(named: spec.linux?.rootfsPropagation) else {
            throw .invalidSpec("unknown rootfsPropagation \(spec.linux?.rootfsPropagation ?? "")")
        }
        // Nothing mounted from here on may propagate back to the host.
        try sys { () throws(SystemCallError) in try Mount.setPropagation("/", [.slave, .recursive]) }
        // pivot_root needs the new root to be a mount point.
        try sys { () throws(SystemCallError) in try Mount.mount(source: rootfs, target: rootfs, type: "bind", flags: [.bind, .recursive]) }
        for mount in spec.mounts ?? [] {
            try mountOne(mount)
        }
        if needsDeviceSetup {
            try DeviceSetup(rootfs: rootfs, inUserNamespace: inUserNamespace).populate(extra: spec.linux?.devices ?? [])
        } else {
            try DeviceSetup(rootfs: rootfs, inUserNamespace: inUserNamespace).createSpecDevices(spec.linux?.devices ?? [])
        }
        if propagation != [.slave, .recursive] {
            try sys { () throws(SystemCallError) in try Mount.setPropagation(rootfs, propagation) }
        }
    }

    /// /dev is populated unless the spec bind-mounts a /dev of its own.
    private var needsDeviceSetup: Bool {
        !(spec.mounts ?? []).contains { $0.destination == "/dev" && MountOptions($0.options ?? []).isBind }
    }

    private func mountOne(_ mount: RuntimeSpec.Mount) throws(RuntimeError) {
        guard mount.destination.hasPrefix("/") else {
            throw .invalidSpec("mount destination \(mount.destination) is not absolute")
        }
        let options = MountOptions(mount.options ?? [])
        let type = mount.type ?? (options.isBind ? "bind" : "")
        let target = try SecurePath.resolve(root: rootfs, mount.destination)
        if type == "cgroup" || type == "cgroup2" {
            return try mountCgroups(at: target, options: options)
        }
        if options.isBind || type == "bind" {
            return try bindMount(mount, target: target, options: options)
        }
        try sys { () throws(SystemCallError) in try Directory.create(target) }
        do {
            try Mount.mount(source: mount.source ?? type, target: target, type: type,
                            flags: options.flags, data: options.data.joined(separator: ","))
        } catch {
            // Without a network namespace of its own, sysfs cannot be mounted
            // afresh; fall back to the host's, bound read-only, as runc does.
            guard type == "sysfs", error.errno == EPERM, !newNetworkNamespace else { throw .system(error) }
            try bindMount(.init(destination: mount.destination, type: "bind", source: "/sys", options: ["rbind", "nosuid", "noexec", "nodev", "ro"]),
                          target: target, options: MountOptions(["rbind", "nosuid", "noexec", "nodev", "ro"]))
        }
        try applyPropagation(options, target)
    }

    private func bindMount(_ mount: RuntimeSpec.Mount, target: String, options: MountOptions) throws(RuntimeError) {
        guard let source = mount.source, !source.isEmpty else {
            throw .invalidSpec("bind mount to \(mount.destination) has no source")
        }
        var st = stat()
        guard stat(source, &st) == 0 else { throw .system(SystemCallError("stat", source)) }
        try sys { () throws(SystemCallError) in
            if st.st_mode & S_IFMT == S_IFDIR {
                try Directory.create(target)
            } else {
                try Directory.create(Path.parent(target))
                if !SmallFile.exists(target) { try FileNode.touch(target) }
            }
            var flags: MountFlags = [.bind]
            if options.flags.contains(.recursive) { flags.insert(.recursive) }
            try Mount.mount(source: source, target: target, type: "bind", flags: flags)
            // A bind mount ignores ro/nosuid/... until it is remounted with them.
            if !options.remountFlags.isEmpty {
                try Mount.mount(source: source, target: target, flags: options.remountFlags.union([.bind, .remount]))
            }
        }
        try applyPropagation(options, target)
    }

    private func applyPropagation(_ options: MountOptions, _ target: String) throws(RuntimeError) {
        if options.propagation.isEmpty { return }
        try sys { () throws(SystemCallError) in try Mount.setPropagation(target, options.propagation) }
    }

    /// /sys/fs/cgroup in the container: on v1 a tmpfs holding a bind of the
    /// container's own directory in each hierarchy; on v2 the container's directory.
    private func mountCgroups(at target: String, options: MountOptions) throws(RuntimeError) {
        let readOnly = options.flags.contains(.readOnly)
        let bindFlags: MountFlags = options.flags.intersection([.noSuid, .noDev, .noExec]).union(readOnly ? [.readOnly] : [])
        try sys { () throws(SystemCallError) in
            try Directory.create(target)
            if let unified = cgroupPaths[""], cgroupPaths.count == 1 {
                try Mount.mount(source: unified, target: target, type: "bind", flags: [.bind])
                try Mount.mount(source: unified, target: target, flags: bindFlags.union([.bind, .remount]))
                return
            }
            try Mount.mount(source: "tmpfs", target: target, type: "tmpfs", flags: [.noSuid, .noDev, .noExec], data: "mode=755")
            for (key, hostPath) in cgroupPaths.sorted(by: { $0.key < $1.key }) {
                let name = key.hasPrefix("name=") ? String(key.dropFirst(5)) : key
                let directory = target + "/" + name
                try Directory.create(directory)
                try Mount.mount(source: hostPath, target: directory, type: "bind", flags: [.bind])
                try Mount.mount(source: hostPath, target: directory, flags: bindFlags.union([.bind, .remount]))
            }
            if readOnly {
                try Mount.mount(source: "tmpfs", target: target, flags: [.remount, .readOnly, .noSuid, .noDev, .noExec])
            }
        }
    }

    /// Makes `rootfs` the root: pivot_root, then detach the old root (as runc
    /// does with the "." "." trick, which needs no directory for the old root).
    func pivot(noPivot: Bool) throws(RuntimeError) {
        try sys { () throws(SystemCallError) in
            try check(chdir(rootfs), "chdir", rootfs)
            if noPivot {
                try Mount.mount(source: rootfs, target: "/", flags: [.move])
                try check(chroot("."), "chroot", rootfs)
            } else {
                try Mount.pivotRoot(newRoot: ".", putOld: ".")
                // The old root is stacked on "."; keep its mounts from reaching the
                // host, then detach it.
                try Mount.setPropagation(".", [.slave, .recursive])
                try Mount.unmount(".", detach: true)
            }
            try check(chdir("/"), "chdir", "/")
        }
    }

    /// After pivot_root: masked and read-only paths, then a read-only root.
    func finish() throws(RuntimeError) {
        let linux = spec.linux
        for path in linux?.readonlyPaths ?? [] { try makeReadOnly(path) }
        for path in linux?.maskedPaths ?? [] { try mask(path) }
        if spec.root?.readonly == true {
            try sys { () throws(SystemCallError) in
                try Mount.mount(source: "", target: "/", flags: MountFlags([.bind, .remount, .readOnly]).union(lockedFlags("/")))
            }
        }
    }

    private func makeReadOnly(_ path: String) throws(RuntimeError) {
        guard SmallFile.exists(path) else { return }
        try sys { () throws(SystemCallError) in
            try Mount.mount(source: path, target: path, type: "bind", flags: [.bind, .recursive])
            try Mount.mount(source: path, target: path, flags: MountFlags([.bind, .remount, .readOnly, .recursive]).union(lockedFlags(path)))
        }
    }

    private func mask(_ path: String) throws(RuntimeError) {
        guard SmallFile.exists(path) else { return }
        try sys { () throws(SystemCallError) in
            if Directory.exists(path) {
                try Mount.mount(source: "tmpfs", target: path, type: "tmpfs", flags: [.readOnly])
            } else {
                try Mount.mount(source: "/dev/null", target: path, type: "bind", flags: [.bind])
            }
        }
    }

    /// nosuid/nodev/noexec of the mount holding `path`: a remount must keep them,
    /// or the kernel refuses it inside a user namespace.
    private func lockedFlags(_ path: String) -> MountFlags {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return [] }
        return MountFlags(rawValue: UInt(info.f_flag)).intersection([.noSuid, .noDev, .noExec])
    }
}
