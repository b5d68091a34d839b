import ArgumentParser
import EngineClient
import Glibc
import LinuxSupport

/// `berth save`: streams the daemon's tar to stdout or, with `-o`, to a file
/// that appears only once complete (a temporary file renamed into place).
struct ImageSaveOptions: ParsableArguments {
    @Option(name: [.customShort("o", allowingJoined: true), .customLong("output")], help: "Write to a file, instead of STDOUT")
    var output: String = ""
    @Option(name: .customLong("platform"), help: "Save only the given platform variant")
    var platform: String?
    @Argument(help: ArgumentHelp("IMAGE"))
    var images: [String] = []

    func run() throws {
        try UsageProblem.ArgumentRule.atLeast(1).check(images.count)
        if output.isEmpty && Output.isTerminal(1) {
            throw CLIError("cowardly refusing to save to a terminal. Use the -o flag or redirect")
        }
        var file: AtomicFile? = nil
        if !output.isEmpty { file = try AtomicFile(path: output) }
        let client = try Session.client()
        if platform != nil { try requireAPI(client, "1.48", flag: "--platform") }
        let response = try client.saveImages(images)
        let fd = file?.fd ?? 1
        while let chunk = try response.readChunk() {
            do { try FD.writeAll(fd, chunk) } catch {
                throw CLIError("write \(file?.path ?? "/dev/stdout"): \(String(cString: strerror(error.errno)).lowercased())")
            }
        }
        try file?.commit()
    }
}

/// A file written under a temporary name beside its destination, then
/// fsync'd and renamed over it; removed if the command fails first.
final class AtomicFile {
    let path: String
    let temporaryPath: String
    let fd: Int32
    let failure: String
    private var committed = false

    /// `failure` starts every error message ("failed to save image").
    init(path: String, failure: String = "failed to save image") throws {
        self.path = path
        self.failure = failure
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var status = stat()
        if stat(directory, &status) != 0 {
            throw CLIError("\(failure): invalid output path: stat \(directory): \(String(cString: strerror(errno)).lowercased())")
        }
        if (status.st_mode & S_IFMT) != S_IFDIR {
            throw CLIError("\(failure): invalid output path: \(directory) is not a directory")
        }
        temporaryPath = directory + "/." + base + ".tmp-\(getpid())"
        do { fd = try FD.open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, mode: 0o600) } catch {
            throw CLIError("\(failure): \(goOpenError(temporaryPath, error))")
        }
    }

    func commit() throws {
        guard fsync(fd) == 0, rename(temporaryPath, path) == 0 else {
            throw CLIError("\(failure): \(String(cString: strerror(errno)).lowercased())")
        }
        committed = true
    }

    deinit {
        FD.close(fd)
        if !committed { unlink(temporaryPath) }
    }
}

struct SaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "save", abstract: "Save one or more images to a tar archive (streamed to STDOUT by default)")
    @OptionGroup var options: ImageSaveOptions
    func run() throws { try options.run() }
}

struct ImageSaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "save", abstract: "Save one or more images to a tar archive (streamed to STDOUT by default)")
    @OptionGroup var options: ImageSaveOptions
    func run() throws { try options.run() }
}
