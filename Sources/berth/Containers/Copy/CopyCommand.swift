import CLISupport
import CopyArchive
import EngineClient
import Glibc
import LinuxSupport

/// `berth cp`: files between a container and the local filesystem, in both
/// directions, as tars through `/containers/{id}/archive`; `-` reads a tar
/// from stdin or writes one to stdout; `-a` keeps owners; `-L` follows a
/// symlink at the source.
struct CopyCommand: FlagCommand {
    static let usage = "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tberth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH"
    static let summary = "Copy files/folders between a container and the local filesystem"
    static let aliases = "berth container cp, berth cp"
    static let arguments = UsageProblem.ArgumentRule.exactly(2)
    static let flags: [FlagDefinition] = [
        .bool("follow-link", short: "L", "Always follow symbol link in SRC_PATH"),
        .bool("archive", short: "a", "Archive mode (copy all uid/gid information)"),
        .bool("quiet", short: "q", "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached"),
    ]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let source = flags.arguments[0], destination = flags.arguments[1]
        if source.isEmpty { throw CLIError("source can not be empty") }
        if destination.isEmpty { throw CLIError("destination can not be empty") }
        let quiet = flags.isSet("quiet") ? flags.bool("quiet") : isatty(1) != 1
        let (sourceContainer, sourcePath) = CopyPaths.splitArgument(source)
        let (destinationContainer, destinationPath) = CopyPaths.splitArgument(destination)
        switch (sourceContainer.isEmpty, destinationContainer.isEmpty) {
        case (false, true):
            try ContainerToHost(container: sourceContainer, source: sourcePath, destination: destinationPath,
                                followLink: flags.bool("follow-link"), quiet: quiet).run()
        case (true, false):
            try HostToContainer(container: destinationContainer, source: sourcePath, destination: destinationPath,
                                followLink: flags.bool("follow-link"), copyUIDGID: flags.bool("archive"), quiet: quiet).run()
        case (false, false): throw CLIError("copying between containers is not supported")
        case (true, true): throw CLIError("must specify at least one container source")
        }
    }

    /// "Successfully copied 1.5kB to …", shown when stdout is a terminal.
    static func report(_ bytes: Int64, to destination: String, quiet: Bool) {
        guard !quiet else { return }
        Output.errLine("Successfully copied \(HumanUnits.size(Double(bytes), precision: 3)) to \(destination)")
    }

    static func workingDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func systemError(_ call: String, _ path: String) -> CLIError {
        CLIError("\(call) \(path): \(String(cString: strerror(errno)).lowercased())")
    }
}

/// An unlinked file in TMPDIR: the tar between the daemon and the disk.
final class SpoolFile {
    let fd: Int32

    init() throws {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((directory + "/berth-cp-XXXXXX").utf8CString)
        fd = mkstemp(&template)
        guard fd >= 0 else { throw CopyCommand.systemError("mkstemp", directory) }
        unlink(String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    deinit { FD.close(fd) }

    func rewind() { lseek(fd, 0, SEEK_SET) }
}
