import Engine
import Glibc
import LinuxSupport

/// GET /containers/{id}/top: the host's `ps` with the caller's arguments,
/// keeping the rows of the container's processes, as Docker does.
struct ProcessTable: Encodable {
    let Titles: [String]
    let Processes: [[String]]

    static func top(_ containers: ContainerService, name: String, psArguments: String) throws -> ProcessTable {
        let record = try containers.resolve(name)
        guard record.state.Running else { throw APIError.conflict("Container \(record.id) is not running") }
        let pids = Set(try containers.processes(record.id).map(String.init))
        let arguments = psArguments.split(separator: " ").map(String.init)
        let output = try run(["ps"] + arguments)
        var lines = output.split(separator: "\n").map(String.init)
        guard !lines.isEmpty else { throw APIError.internalError("ps printed nothing") }
        let header = lines.removeFirst()
        let titles = header.split(separator: " ").map(String.init)
        guard let pidColumn = titles.firstIndex(of: "PID") else {
            throw APIError.internalError("Couldn't find PID field in ps output")
        }
        var processes: [[String]] = []
        for line in lines {
            let fields = line.split(separator: " ", maxSplits: titles.count - 1).map(String.init)
            guard fields.count > pidColumn, pids.contains(fields[pidColumn]) else { continue }
            processes.append(fields)
        }
        return ProcessTable(Titles: titles, Processes: processes)
    }

    private static func run(_ arguments: [String]) throws -> String {
        let (readEnd, writeEnd) = try FD.pipe()
        let null = try FD.open("/dev/null", O_RDWR)
        var options = Spawn.Options()
        options.descriptors = [(0, null), (1, writeEnd), (2, null)]
        let pid: pid_t
        do {
            pid = try Spawn.start("/bin/ps", arguments: arguments, options: options)
        } catch {
            FD.close(readEnd); FD.close(writeEnd); FD.close(null)
            throw error
        }
        FD.close(writeEnd); FD.close(null)
        defer { FD.close(readEnd) }
        let bytes = try FD.readToEnd(readEnd)
        let status = try LinuxSupport.Processes.wait(pid)
        guard status == .exited(0) else {
            throw APIError.internalError("Error running ps: exit status \(status?.shellCode ?? -1): \(String(decoding: bytes, as: UTF8.self))")
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
