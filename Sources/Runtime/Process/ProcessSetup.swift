import Glibc
import LinuxSupport
import OCI

/// The last steps before exec, shared by a container's init and by exec'd
/// processes, in the order runc uses: rlimits and OOM score while still
/// privileged, descriptors marked close-on-exec, bounding set, identity,
/// capabilities, working directory, no_new_privs.
struct ProcessSetup {
    let process: RuntimeSpec.Process
    /// Descriptors 3..<3+preservedFDs stay open for the program.
    let preservedFDs: Int32
    let setGroupsAllowed: Bool

    /// The last steps before exec, shared by a container's init and exec'd
    /// processes: limits, identity and capabilities, then the program's path
    /// resolved inside the container; reports `ready` to the parent.
    func prepareForExec(reporting channel: SyncChannel) throws(RuntimeError) -> String {
        try applyLimits()
        try finalize()
        let path = try executablePath()
        try channel.send("ready")
        return path
    }

    func applyLimits() throws(RuntimeError) {
        for limit in process.rlimits ?? [] {
            try sys { () throws(SystemCallError) in try ResourceLimit.set(limit.type, soft: limit.soft, hard: limit.hard) }
        }
        if let score = process.oomScoreAdj {
            try sys { () throws(SystemCallError) in try SmallFile.write("/proc/self/oom_score_adj", String(score)) }
        }
    }

    func finalize() throws(RuntimeError) {
        try sys { () throws(SystemCallError) in try FD.closeOnExecFrom(3 + preservedFDs) }
        let caps = process.capabilities
        let bounding = caps?.bounding.map { Capability.mask($0).mask }
        if let bounding {
            try sys { () throws(SystemCallError) in try Capability.limitBoundingSet(to: bounding) }
        }
        try sys { () throws(SystemCallError) in
            try ProcessControl.setKeepCapabilities(true)
            try Identity.become(uid: process.user.uid, gid: process.user.gid,
                                additionalGroups: process.user.additionalGids ?? [], setGroups: setGroupsAllowed)
            try ProcessControl.setKeepCapabilities(false)
        }
        if let caps {
            let permitted = Capability.mask(caps.permitted ?? []).mask
            let inheritable = Capability.mask(caps.inheritable ?? []).mask
            // The kernel only raises an ambient capability that is also permitted
            // and inheritable; runc's own `spec` asks for others, so like runc,
            // skip those with a warning rather than fail the container.
            let ambient = Capability.mask(caps.ambient ?? []).mask
            if ambient & ~(permitted & inheritable) != 0 {
                RuntimeLog.shared.warning("ambient capabilities not in both permitted and inheritable sets are ignored")
            }
            try sys { () throws(SystemCallError) in
                try Capability.set(effective: Capability.mask(caps.effective ?? []).mask, permitted: permitted, inheritable: inheritable)
                try Capability.setAmbient(ambient & permitted & inheritable)
            }
        }
        try enterWorkingDirectory()
        if process.noNewPrivileges == true {
            try sys { () throws(SystemCallError) in try ProcessControl.setNoNewPrivileges() }
        }
        if let mask = process.user.umask { umask(mode_t(mask)) }
    }

    /// chdir, then prove the result is inside this mount namespace's root: a
    /// cwd reached through a leaked host descriptor (e.g. /proc/self/fd/7)
    /// has no path from "/" and getcwd reports it unreachable (CVE-2024-21626).
    private func enterWorkingDirectory() throws(RuntimeError) {
        let cwd = process.cwd.isEmpty ? "/" : process.cwd
        guard chdir(cwd) == 0 else { throw .system(SystemCallError("chdir", cwd)) }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else {
            throw .invalidArgument("current working directory is outside of container mount namespace root -- possible container breakout detected")
        }
        let resolved = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard resolved.hasPrefix("/") else {
            throw .invalidArgument("current working directory is outside of container mount namespace root -- possible container breakout detected")
        }
    }

    /// The environment, with HOME from /etc/passwd when the spec does not set it.
    var environment: [String] {
        var env = process.env ?? []
        if !env.contains(where: { $0.hasPrefix("HOME=") }) {
            env.append("HOME=" + (Self.homeDirectory(uid: process.user.uid) ?? "/"))
        }
        return env
    }

    static func homeDirectory(uid: UInt32) -> String? {
        guard let passwd = try? SmallFile.read("/etc/passwd") else { return nil }
        for line in passwd.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.count >= 6, UInt32(fields[2]) == uid { return String(fields[5]) }
        }
        return nil
    }

    /// PATH lookup as exec.LookPath does it, so a missing program fails at
    /// create time with the message Docker turns into exit code 127.
    func executablePath() throws(RuntimeError) -> String {
        guard let name = process.args?.first, !name.isEmpty else { throw .invalidSpec("process.args must not be empty") }
        if name.contains("/") {
            if Self.isExecutable(name) { return name }
            throw .system(SystemCallError("exec", name, errno: SmallFile.exists(name) ? EACCES : ENOENT))
        }
        let path = environment.last { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) }
            ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        for directory in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + name
            if Self.isExecutable(candidate) { return candidate }
        }
        throw .executableNotFound(name)
    }

    static func isExecutable(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFREG && access(path, X_OK) == 0
    }

    /// Replaces this process with the container program. Returns only on failure.
    func exec(_ path: String) -> RuntimeError {
        SignalFD.resetAll()
        let args = process.args ?? []
        let error = withCStrings(args) { argv in
            withCStrings(environment) { envp in
                _ = execve(path, argv, envp)
                return SystemCallError("exec", path)
            }
        }
        return .system(error)
    }
}
