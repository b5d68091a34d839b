import Glibc
import LinuxSupport
import Runtime

enum PsCommand {
    /// `ps`: the container's processes, as a JSON array of pids (what
    /// containerd asks for) or as `ps -ef` lines filtered to the container.
    static let command = Command(flags: [.value("format", "f")]) { global, args throws(RuntimeError) in
        let id = try args.positional(0, "container id")
        let pids = try global.runtime.processes(id)
        if args.value("format") == "json" {
            try printJSON(pids)
            return 0
        }
        let psArguments = args.positionals.count > 1 ? Array(args.positionals.dropFirst()) : ["-ef"]
        let output = try ProcessTable.run(["ps"] + psArguments)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.first else { return 0 }
        guard let pidColumn = header.split(separator: " ").firstIndex(of: "PID") else {
            throw .invalidArgument("couldn't find PID field in ps output")
        }
        print(header)
        let wanted = Set(pids)
        for line in lines.dropFirst() {
            let fields = line.split(separator: " ")
            if fields.count > pidColumn, let pid = Int32(fields[pidColumn]), wanted.contains(pid) { print(line) }
        }
        return 0
    }
}

/// Runs a host command and returns its standard output.
enum ProcessTable {
    static func run(_ command: [String]) throws(RuntimeError) -> String {
        let output = try sys { () throws(SystemCallError) in try FD.pipe() }
        let pid = try sys { () throws(SystemCallError) in try Processes.clone() }
        if pid == 0 {
            _ = dup2(output.write, 1)
            _ = Processes.exec(command[0], arguments: command, environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"])
            _exit(127)
        }
        FD.close(output.write)
        defer { FD.close(output.read) }
        let bytes = (try? FD.readToEnd(output.read)) ?? []
        _ = try? Processes.wait(pid)
        return String(decoding: bytes, as: UTF8.self)
    }
}
