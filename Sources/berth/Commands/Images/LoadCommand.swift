import ArgumentParser
import EngineClient
import Glibc
import LinuxSupport

/// `berth load`: sends a tar (from `-i` or stdin) chunked and shows the
/// daemon's messages ("Loaded image: busybox:latest").
struct ImageLoadOptions: ParsableArguments {
    @Option(name: [.customShort("i", allowingJoined: true), .customLong("input")], help: "Read from tar archive file, instead of STDIN")
    var input: String = ""
    @Flag(name: [.customShort("q"), .long], help: "Suppress the load output")
    var quiet = false
    @Option(name: .customLong("platform"), help: "Load only the given platform variant")
    var platform: String?
    @Argument(help: .hidden)
    var arguments: [String] = []

    func run() throws {
        try UsageProblem.ArgumentRule.none.check(arguments.count)
        var fd: Int32 = 0
        if input.isEmpty {
            if Output.isTerminal(0) { throw CLIError("requested load from stdin, but stdin is empty") }
        } else {
            do { fd = try FD.open(input, O_RDONLY) } catch { throw CLIError(goOpenError(input, error)) }
        }
        defer { if fd != 0 { FD.close(fd) } }
        let client = try Session.client()
        if platform != nil { try requireAPI(client, "1.48", flag: "--platform") }
        let response = try client.loadImages(from: fd, quiet: quiet || !Output.isTerminal(1))
        if (response.header("Content-Type") ?? "").hasPrefix("application/json") {
            try ProgressDisplay().show(JSONMessageStream(response))
        } else {
            while let chunk = try response.readChunk() { try? FD.writeAll(1, chunk) }
        }
    }
}

struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "load", abstract: "Load an image from a tar archive or STDIN")
    @OptionGroup var options: ImageLoadOptions
    func run() throws { try options.run() }
}

struct ImageLoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "load", abstract: "Load an image from a tar archive or STDIN")
    @OptionGroup var options: ImageLoadOptions
    func run() throws { try options.run() }
}
