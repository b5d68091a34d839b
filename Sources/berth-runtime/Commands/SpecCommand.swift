import Glibc
import LinuxSupport
import OCI
import Runtime

enum SpecCommand {
    /// `spec`: writes a template config.json into the bundle (default: the current directory).
    static let command = Command(flags: [.value("bundle", "b"), .bool("rootless")]) { _, args throws(RuntimeError) in
        let bundle = args.value("bundle") ?? "."
        let path = bundle + "/config.json"
        if SmallFile.exists(path) { throw .invalidArgument("File \(path) exists. Remove it first") }
        let text: String
        do { text = try JSON.string(DefaultSpec.make(), pretty: true) } catch { throw .invalidArgument("\(error)") }
        try sys { () throws(SystemCallError) in try SmallFile.write(path, text + "\n", create: true, mode: 0o666) }
        return 0
    }

    static let features = Command { _, _ throws(RuntimeError) in
        try printJSON(Features.current(), pretty: true)
        return 0
    }
}

func printJSON<T: Encodable>(_ value: T, pretty: Bool = false) throws(RuntimeError) {
    do { print(try JSON.string(value, pretty: pretty)) } catch { throw .invalidArgument("\(error)") }
}
