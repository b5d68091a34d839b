import ArgumentParser
import CLISupport
import EngineClient
import Glibc
import LinuxSupport

/// `berth import file|- [REPOSITORY[:TAG]]`: a filesystem tar becomes a
/// one-layer image; `-c` applies Dockerfile instructions (CMD, ENV, …).
struct ImageImportOptions: ParsableArguments {
    @Option(name: [.customShort("c", allowingJoined: true), .customLong("change")], help: "Apply Dockerfile instruction to the created image")
    var change: [String] = []
    @Option(name: [.customShort("m", allowingJoined: true), .customLong("message")], help: "Set commit message for imported image")
    var message: String = ""
    @Option(name: .customLong("platform"), help: "Set platform if server is multi-platform capable")
    var platform: String?
    @Argument(help: ArgumentHelp("file|- [REPOSITORY[:TAG]]"))
    var arguments: [String] = []

    func run() throws {
        try UsageProblem.ArgumentRule.atLeast(1).check(arguments.count)
        let source = arguments[0]
        let repository = arguments.count > 1 ? arguments[1] : ""
        if source.hasPrefix("http://") || source.hasPrefix("https://") {
            throw CLIError("importing from a URL is not supported: download \(source) and import the file")
        }
        if !repository.isEmpty {
            do { _ = try ImageReference.parseNormalized(repository) } catch { throw CLIError(error.message) }
        }
        var fd: Int32 = 0
        if source != "-" {
            do { fd = try FD.open(source, O_RDONLY) } catch { throw CLIError(goOpenError(source, error)) }
        }
        defer { if fd != 0 { FD.close(fd) } }
        let response = try Session.client().importImage(from: fd, repository: repository, message: message,
                                                        changes: change, platform: platform)
        try ProgressDisplay().show(JSONMessageStream(response))
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import the contents from a tarball to create a filesystem image")
    @OptionGroup var options: ImageImportOptions
    func run() throws { try options.run() }
}

struct ImageImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import the contents from a tarball to create a filesystem image")
    @OptionGroup var options: ImageImportOptions
    func run() throws { try options.run() }
}
