import CLISupport
import EngineClient
import Glibc
import LinuxSupport

/// What `run` and `create` share: the flags turned into Docker's create body,
/// and the create call itself, pulling the image when the daemon does not
/// have it (`--pull missing`, the default), with `--cidfile` and warnings.
enum ContainerCreation {
    /// The body for `flags`. Errors are worded as Docker words them, with the
    /// help hint, exit 125.
    static func spec(_ flags: ParsedFlags, detach: Bool, command: String, apiVersion: String = EngineClient.maxAPIVersion) throws -> ContainerSpec {
        let pull = flags.string("pull", default: "missing")
        guard ["always", "missing", "never", ""].contains(pull) else {
            throw usageError("invalid pull option: '\(pull)': must be one of \"always\", \"missing\" or \"never\"", command: command)
        }
        let environment = ContainerSpec.Environment(
            readFile: readFile, lookupVariable: { getenv($0).map { String(cString: $0) } },
            absolutePath: absolutePath, consoleSize: TerminalResizer.currentSize() ?? (0, 0), apiVersion: apiVersion)
        do {
            return try ContainerSpec.build(flags, image: flags.arguments[0], command: Array(flags.arguments.dropFirst()),
                                           detach: detach, environment: environment)
        } catch {
            throw usageError(error.message, command: command)
        }
    }

    static func usageError(_ message: String, command: String) -> CLIError {
        CLIError("berth: \(message)\n\nRun 'berth \(command) --help' for more information", exitCode: 125)
    }

    /// Creates the container and returns its ID.
    static func create(_ spec: ContainerSpec, flags: ParsedFlags, client: EngineClient) throws -> String {
        let cidFile = try ContainerIDFile(path: spec.containerIDFile)
        let pull = flags.string("pull", default: "missing")
        let quiet = flags.bool("quiet")
        let platform = flags.string("platform")
        // A name (not an image ID) can be pulled; Docker pulls it with its tag, default "latest".
        var named: ImageReference? = nil
        if !isImageID(spec.image) {
            do { named = try ImageReference.parseNormalized(spec.image) } catch { throw CLIError(error.message) }
            if named!.tag == nil && named!.digest == nil { named!.tag = "latest" }
        }
        if pull == "always", let named { try pullImage(named, quiet: quiet, platform: platform, client: client) }
        let body = spec.requestBody
        var response: ContainerCreateResponse
        switch Result(catching: { () throws(EngineError) in try client.createContainer(body: body, name: spec.name, platform: platform) }) {
        case .success(let created):
            response = created
        case .failure(let error):
            guard error.isNotFound, let named, pull == "missing" || pull.isEmpty else { throw error }
            if !quiet { Output.errLine("Unable to find image '\(named.familiarString)' locally") }
            try pullImage(named, quiet: quiet, platform: platform, client: client)
            response = try client.createContainer(body: body, name: spec.name, platform: platform)
        }
        for warning in response.Warnings ?? [] { Output.errLine("WARNING: \(warning)") }
        let id = response.Id ?? ""
        try cidFile.write(id)
        return id
    }

    /// The pull `pull` does, its progress on stderr as docker shows it for `run`.
    static func pullImage(_ reference: ImageReference, quiet: Bool, platform: String?, client: EngineClient) throws {
        try ImagePull.pull(reference, platform: platform, progress: ProgressDisplay(fd: 2, silent: quiet), client: client)
    }

    /// A full or short image ID is used as is; it cannot be pulled.
    static func isImageID(_ image: String) -> Bool {
        let hex = image.hasPrefix("sha256:") ? String(image.dropFirst(7)) : image
        return (hex.count == 64 || image.hasPrefix("sha256:")) && hex.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    static func readFile(_ path: String) throws(FlagValueError) -> [UInt8] {
        let fd: Int32
        do { fd = try FD.open(path, O_RDONLY) } catch { throw FlagValueError(goOpenError(path, error)) }
        defer { FD.close(fd) }
        do { return try FD.readToEnd(fd) } catch { throw FlagValueError("read \(path): \(String(cString: strerror(error.errno)).lowercased())") }
    }

    static func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return ContainerSpec.cleanPath(path) }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return ContainerSpec.cleanPath(cwd + "/" + path)
    }
}

/// `--cidfile`: refused if it exists, created before the container, removed
/// again if no ID was written to it.
final class ContainerIDFile {
    private let path: String
    private var fd: Int32 = -1
    private var written = false

    init(path: String) throws {
        self.path = path
        guard !path.isEmpty else { return }
        if access(path, F_OK) == 0 {
            throw CLIError("container ID file found, make sure the other container isn't running or delete \(path)")
        }
        do { fd = try FD.open(path, O_WRONLY | O_CREAT | O_TRUNC, mode: 0o666) } catch {
            throw CLIError("failed to create the container ID file: \(goOpenError(path, error))")
        }
    }

    func write(_ id: String) throws {
        guard fd >= 0 else { return }
        do { try FD.writeAll(fd, id) } catch {
            throw CLIError("failed to write the container ID to the file: \(error)")
        }
        written = true
    }

    deinit {
        guard fd >= 0 else { return }
        FD.close(fd)
        if !written { unlink(path) }
    }
}
