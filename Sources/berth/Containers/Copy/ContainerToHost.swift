import CLISupport
import CopyArchive
import EngineClient
import Glibc
import LinuxSupport

/// `berth cp CONTAINER:SRC DEST`: the container's tar of SRC, extracted at
/// DEST as Docker's CopyTo places it.
struct ContainerToHost {
    let container: String
    let source: String
    let destination: String
    let followLink: Bool
    let quiet: Bool

    func run() throws {
        var destinationPath = destination
        if destinationPath != "-" {
            destinationPath = CopyPaths.resolveLocal(destinationPath, workingDirectory: CopyCommand.workingDirectory())
        }
        try Self.validateOutputPath(destinationPath)
        let client = try Session.client()
        try ContainerOperations.checkID(container)
        var sourcePath = source
        var rebaseName = ""
        if followLink, let stat = try? client.statContainerPath(container, path: sourcePath), stat.isSymlink {
            var target = stat.linkTarget ?? ""
            if !target.hasPrefix("/") { target = CopyPaths.splitDirEntry(sourcePath).dir + "/" + target }
            (sourcePath, rebaseName) = CopyPaths.rebaseName(path: sourcePath, resolved: CopyPaths.clean(target))
        }
        let (response, stat) = try client.getArchive(container, path: sourcePath)
        if destinationPath == "-" {
            while let chunk = try response.readChunk() { try StreamCopy.write(1, chunk) }
            return
        }
        let spool = try SpoolFile()
        var copied: Int64 = 0
        while let chunk = try response.readChunk() {
            do { try FD.writeAll(spool.fd, chunk) } catch { throw CLIError("write: \(error)") }
            copied += Int64(chunk.count)
        }
        spool.rewind()
        let sourceInfo = CopyPaths.Info(path: sourcePath, exists: true, isDirectory: stat.isDirectory, rebaseName: rebaseName)
        let destinationInfo = try Self.destinationInfo(destinationPath)
        let plan: CopyPaths.Plan
        do { plan = try CopyPaths.plan(source: sourceInfo, destination: destinationInfo) } catch { throw CLIError(error.message) }
        let result = Result { () throws(ArchiveError) in
            // A followed link's entries first take the link's name, then the destination's.
            let followed = rebaseName.isEmpty ? nil : CopyPaths.Rename(old: CopyPaths.splitDirEntry(sourcePath).base, new: rebaseName)
            try TarExtractor.extract(from: spool.fd, into: plan.directory, rename: { name in
                let renamed = followed?.apply(name) ?? name
                return plan.rebase?.apply(renamed) ?? renamed
            })
        }
        CopyCommand.report(copied, to: destinationPath, quiet: quiet)
        if case .failure(let error) = result { throw CLIError(error.message) }
    }

    /// Docker's ValidateOutputPath: the parent must exist; an existing path
    /// must be a directory or a regular file.
    static func validateOutputPath(_ path: String) throws {
        let parent = CopyPaths.dir(CopyPaths.clean(path))
        if parent != "." && !parent.isEmpty {
            var status = stat()
            if stat(parent, &status) != 0 && errno == ENOENT {
                throw CLIError("invalid output path: directory \(GoStrconv.quote(parent)) does not exist")
            }
        }
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return }
            throw CopyCommand.systemError("stat", path)
        }
        let kind = status.st_mode & S_IFMT
        if kind == S_IFDIR || kind == S_IFREG { return }
        let problem = kind == S_IFBLK || kind == S_IFCHR ? "got a device" : "got an irregular file"
        throw CLIError("invalid output path: \(GoStrconv.quote(path)) must be a directory or a regular file: \(problem)")
    }

    /// Docker's CopyInfoDestinationPath: what is at the local destination,
    /// following symlinks (at most ten).
    static func destinationInfo(_ original: String) throws -> CopyPaths.Info {
        var path = original
        var status = stat()
        var found = lstat(path, &status) == 0
        var hops = 0
        while found && status.st_mode & S_IFMT == S_IFLNK {
            hops += 1
            if hops > 11 { throw CLIError("too many symlinks in \(original)") }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(path, &buffer, buffer.count - 1)
            guard length >= 0 else { throw CopyCommand.systemError("readlink", path) }
            var target = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !target.hasPrefix("/") { target = CopyPaths.clean(CopyPaths.splitDirEntry(path).dir + "/" + target) }
            path = target
            found = lstat(path, &status) == 0
        }
        if found { return CopyPaths.Info(path: path, exists: true, isDirectory: status.st_mode & S_IFMT == S_IFDIR) }
        guard errno == ENOENT else { throw CopyCommand.systemError("lstat", path) }
        let parent = CopyPaths.splitDirEntry(path).dir
        var parentStatus = stat()
        guard stat(parent, &parentStatus) == 0 else { throw CopyCommand.systemError("stat", parent) }
        guard parentStatus.st_mode & S_IFMT == S_IFDIR else { throw CLIError("not a directory") }
        return CopyPaths.Info(path: path)
    }
}
