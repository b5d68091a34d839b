import LinuxSupport
import OCI
import Runtime

enum ExecCommand {
    static let command = Command(flags: [
        .value("console-socket"), .value("cwd"), .value("env", "e"), .bool("tty", "t"), .value("user", "u"),
        .value("additional-gids", "g"), .value("process", "p"), .bool("detach", "d"), .value("pid-file"),
        .value("process-label"), .value("apparmor"), .bool("no-new-privs"), .value("cap", "c"),
        .value("preserve-fds"), .value("cgroup"), .bool("ignore-paused"),
    ], entersContainer: true) { global, args throws(RuntimeError) in
        let id = try args.positional(0, "container id")
        let runtime = global.runtime
        var options = ExecOptions(process: try process(args, base: runtime.store.load(id).spec.process))
        options.consoleSocket = args.value("console-socket")
        options.pidFile = args.value("pid-file")
        options.detach = args.bool("detach")
        options.preserveFDs = Int32(try args.int("preserve-fds") ?? 0)
        return try runtime.exec(id, options)
    }

    /// The process to run: from --process, or the container's own process with
    /// the command line's args, env, cwd, user and tty applied (as runc does).
    static func process(_ args: ParsedArguments, base: RuntimeSpec.Process?) throws(RuntimeError) -> RuntimeSpec.Process {
        if let path = args.value("process") {
            let text: String
            do { text = try SmallFile.read(path) } catch { throw .invalidArgument("cannot read process file: \(error)") }
            do { return try JSON.decode(RuntimeSpec.Process.self, from: Array(text.utf8)) } catch {
                throw .invalidArgument("invalid process file \(path): \(error)")
            }
        }
        let command = Array(args.positionals.dropFirst())
        guard !command.isEmpty else { throw .invalidArgument("exec args cannot be empty") }
        var process = base ?? RuntimeSpec.Process()
        process.args = command
        process.terminal = args.bool("tty")
        process.env = (process.env ?? []) + args.all("env")
        if let cwd = args.value("cwd") { process.cwd = cwd }
        if let user = args.value("user") {
            let parts = user.split(separator: ":")
            guard let uid = UInt32(parts[0]), parts.count < 2 || UInt32(parts[1]) != nil else {
                throw .invalidArgument("invalid --user \(user): expected uid[:gid]")
            }
            process.user = .init(uid: uid, gid: parts.count > 1 ? UInt32(parts[1])! : 0)
        }
        let gids = args.all("additional-gids").compactMap(UInt32.init)
        if !gids.isEmpty { process.user.additionalGids = gids }
        if args.bool("no-new-privs") { process.noNewPrivileges = true }
        let extraCaps = args.all("cap")
        if !extraCaps.isEmpty {
            var caps = process.capabilities ?? RuntimeSpec.Capabilities()
            caps.bounding = (caps.bounding ?? []) + extraCaps
            caps.effective = (caps.effective ?? []) + extraCaps
            caps.permitted = (caps.permitted ?? []) + extraCaps
            process.capabilities = caps
        }
        return process
    }
}
