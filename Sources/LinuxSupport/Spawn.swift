import CLinux
import Glibc

/// Starting a program with posix_spawn: safe from a multi-threaded process
/// (the daemon), unlike fork. The child gets exactly the descriptors named in
/// `descriptors` (target number ← our descriptor): everything else is closed
/// in the child, including descriptors libraries opened without close-on-exec
/// (a leaked listening socket would outlive the daemon in its children).
public enum Spawn {
    public struct Options: Sendable {
        /// Child descriptor number → descriptor in this process.
        public var descriptors: [(target: Int32, source: Int32)] = []
        /// A new session: the child leaves our process group and terminal.
        public var newSession = false
        public var environment: [String]? = nil

        public init() {}
    }

    /// Starts `path` with `arguments` (argv[0] included) and returns its pid.
    public static func start(_ path: String, arguments: [String], options: Options = Options()) throws(SystemCallError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Sources are first copied above every target, so a source that is
        // also some other target's number is not overwritten before use.
        let highest = options.descriptors.map { max($0.target, $0.source) }.max() ?? 2
        for (index, pair) in options.descriptors.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, pair.source, highest + 1 + Int32(index))
        }
        for (index, pair) in options.descriptors.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, highest + 1 + Int32(index), pair.target)
        }
        let firstUnused = (options.descriptors.map(\.target).max() ?? -1) + 1
        _ = cl_spawn_close_from(&actions, max(firstUnused, 0))

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with default dispositions and nothing blocked,
        // whatever the caller's threads had set up.
        var defaults = sigset_t()
        sigfillset(&defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        if options.newSession { flags |= 0x80 }  // POSIX_SPAWN_SETSID (glibc 2.26)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var pid: pid_t = 0
        let environment = options.environment ?? currentEnvironment()
        let result = withCStrings(arguments) { argv in
            withCStrings(environment) { envp in
                posix_spawn(&pid, path, &actions, &attributes, argv, envp)
            }
        }
        guard result == 0 else { throw SystemCallError("posix_spawn", path, errno: result) }
        return pid
    }

    /// This process's environment as `KEY=value` strings.
    public static func currentEnvironment() -> [String] {
        var result: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            result.append(String(cString: entry))
            pointer += 1
        }
        return result
    }
}
