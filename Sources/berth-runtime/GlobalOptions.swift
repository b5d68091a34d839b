import OCI
import Runtime

struct GlobalOptions {
    static let flags = FlagSet([
        .value("root"), .value("log"), .value("log-format"), .bool("debug"), .bool("systemd-cgroup"),
        .value("rootless"), .value("criu"), .bool("version", "v"), .bool("help", "h"),
    ])

    let root: String
    let logPath: String?
    let logFormat: String
    let debug: Bool
    let systemdCgroup: Bool

    init(_ parsed: ParsedArguments) {
        root = parsed.value("root") ?? "/run/berth-runtime"
        logPath = parsed.value("log")
        logFormat = parsed.value("log-format") ?? "text"
        debug = parsed.bool("debug")
        systemdCgroup = parsed.bool("systemd-cgroup")
    }

    var runtime: ContainerRuntime { ContainerRuntime(root: root) }
}

/// One subcommand: its flags and what it does with them.
struct Command: Sendable {
    let flags: FlagSet
    /// Whether a process of this command ends up inside a container.
    let entersContainer: Bool
    let body: @Sendable (GlobalOptions, ParsedArguments) throws(RuntimeError) -> Int32

    init(flags: [FlagSet.Flag] = [], entersContainer: Bool = false,
         _ body: @escaping @Sendable (GlobalOptions, ParsedArguments) throws(RuntimeError) -> Int32) {
        self.flags = FlagSet(flags + [.bool("help", "h")])
        self.entersContainer = entersContainer
        self.body = body
    }

    func run(_ name: String, _ global: GlobalOptions, _ arguments: ArraySlice<String>) throws(RuntimeError) -> Int32 {
        if global.systemdCgroup { throw .invalidArgument("the systemd cgroup driver is not supported; use cgroupfs") }
        let parsed = try flags.parse(arguments)
        if parsed.bool("help") {
            print(usage(name))
            return 0
        }
        return try body(global, parsed)
    }

    /// `berth-runtime NAME --help`: the command's flags, as runc lists them.
    func usage(_ name: String) -> String {
        let lines = flags.flags.map { flag in
            let names = ([flag.name] + flag.aliases).map { $0.count == 1 ? "-\($0)" : "--\($0)" }
            return "   " + names.joined(separator: ", ") + (flag.takesValue ? " value" : "")
        }
        return "USAGE: berth-runtime \(name) [command options] [arguments...]\n\nOPTIONS:\n" + lines.joined(separator: "\n")
    }
}

enum Commands {
    static let all: [String: Command] = [
        "spec": SpecCommand.command, "create": CreateCommand.create, "run": CreateCommand.run,
        "start": LifecycleCommands.start, "state": LifecycleCommands.state, "kill": LifecycleCommands.kill,
        "delete": LifecycleCommands.delete, "pause": LifecycleCommands.pause, "resume": LifecycleCommands.resume,
        "exec": ExecCommand.command, "ps": PsCommand.command, "list": ListCommand.command,
        "update": UpdateCommand.command, "events": EventsCommand.command, "features": SpecCommand.features,
    ]
}

enum HelpText {
    static let usage = """
    berth-runtime: Berth's OCI container runtime (runc-compatible command line)

    USAGE: berth-runtime [global options] command [command options] [arguments...]

    COMMANDS:
       create    create a container
       delete    delete any resources held by the container
       events    display container events such as OOM notifications, cpu, memory, and IO usage statistics
       exec      execute new process inside the container
       features  show the enabled features
       kill      kill sends the specified signal (default: SIGTERM) to the container's init process
       list      lists containers started by berth-runtime with the given root
       pause     pause suspends all processes inside the container
       ps        ps displays the processes running inside a container
       resume    resumes all processes that have been previously paused
       run       create and run a container
       spec      create a new specification file
       start     executes the user defined process in a created container
       state     output the state of a container
       update    update container resource constraints

    GLOBAL OPTIONS:
       --root value        root directory for storage of container state (default: "/run/berth-runtime")
       --log value         set the log file to write runtime logs to (default: stderr)
       --log-format value  set the log format ('text' (default), or 'json')
       --debug             enable debug logging
       --version, -v       print the version
    """
}

enum VersionCommand {
    static let text = """
    berth-runtime version 0.1.0
    commit: berth-runtime-0.1.0
    spec: \(RuntimeSpec.version)
    """
}
