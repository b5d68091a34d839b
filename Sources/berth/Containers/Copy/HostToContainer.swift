import CLISupport
import CopyArchive
import EngineClient
import Glibc
import LinuxSupport

/// `berth cp SRC CONTAINER:DEST`: a tar of SRC, its top entry named as
/// Docker names it, extracted by the daemon at DEST.
struct HostToContainer {
    let container: String
    let source: String
    let destination: String
    let followLink: Bool
    let copyUIDGID: Bool
    let quiet: Bool

    func run() throws {
        var sourcePath = source
        if sourcePath != "-" { sourcePath = CopyPaths.resolveLocal(sourcePath, workingDirectory: CopyCommand.workingDirectory()) }
        let client = try Session.client()
        try ContainerOperations.checkID(container)
        var destinationInfo = CopyPaths.Info(path: destination)
        // The daemon's view of the destination; not finding it is fine.
        var stat = try? client.statContainerPath(container, path: destination)
        if let found = stat, found.isSymlink {
            var target = found.linkTarget ?? ""
            if !target.hasPrefix("/") { target = CopyPaths.clean(CopyPaths.splitDirEntry(destination).dir + "/" + target) }
            destinationInfo.path = target
            stat = try? client.statContainerPath(container, path: target)
        }
        if let mode = stat?.mode {
            var problem: String? = nil
            if mode & ContainerPathStat.deviceBit != 0 { problem = "got a device" }
            else if mode & ContainerPathStat.irregularBit != 0 { problem = "got an irregular file" }
            if let problem {
                throw CLIError("destination \"\(container):\(destination)\" must be a directory or a regular file: \(problem)")
            }
        }
        if let stat {
            destinationInfo.exists = true
            destinationInfo.isDirectory = stat.isDirectory
        }

        if sourcePath == "-" {
            guard destinationInfo.isDirectory else { throw CLIError("destination \"\(container):\(destination)\" must be a directory") }
            try client.putArchive(container, path: destinationInfo.path, from: 0, copyUIDGID: copyUIDGID)
            return
        }

        let sourceInfo = try Self.sourceInfo(sourcePath, followLink: followLink)
        let plan: CopyPaths.Plan
        do { plan = try CopyPaths.plan(source: sourceInfo, destination: destinationInfo) } catch { throw CLIError(error.message) }
        let (sourceDir, sourceBase) = CopyPaths.splitDirEntry(sourceInfo.path)
        let spool = try SpoolFile()
        do {
            let writer = try TarWriter(fd: spool.fd)
            let firstName = sourceInfo.rebaseName.isEmpty ? sourceBase : sourceInfo.rebaseName
            let rename = { (name: String) -> String in
                // TarResource names the top entry; PrepareArchiveCopy then renames it.
                var renamed = name
                if name == sourceBase || name.hasPrefix(sourceBase + "/") { renamed = firstName + name.dropFirst(sourceBase.count) }
                return plan.rebase?.apply(renamed) ?? renamed
            }
            try writer.add(sourceBase == "." ? sourceDir : CopyPaths.clean(sourceDir + "/" + sourceBase), as: sourceBase, rename: rename)
            try writer.finish()
        } catch {
            throw CLIError(error.message)
        }
        let size = Int64(lseek(spool.fd, 0, SEEK_END))
        spool.rewind()
        try client.putArchive(container, path: plan.directory, from: spool.fd, copyUIDGID: copyUIDGID)
        CopyCommand.report(size, to: "\(container):\(destinationInfo.path)", quiet: quiet)
    }

    /// Docker's CopyInfoSourcePath: the source resolved (its directory's
    /// symlinks always, the source itself with `-L`), and what it is.
    static func sourceInfo(_ path: String, followLink: Bool) throws -> CopyPaths.Info {
        var resolved: String
        var rebaseName = ""
        if followLink {
            resolved = try realPath(path)
            (resolved, rebaseName) = CopyPaths.rebaseName(path: path, resolved: resolved)
        } else {
            let slash = path.lastIndex(of: "/")!
            let directory = String(path[...slash]), base = String(path[path.index(after: slash)...])
            resolved = try realPath(directory) + "/" + base
            if CopyPaths.hasTrailingSeparator(path) && CopyPaths.base(path) != CopyPaths.base(resolved) {
                rebaseName = CopyPaths.base(path)
            }
        }
        var status = stat()
        guard lstat(resolved, &status) == 0 else { throw CopyCommand.systemError("lstat", resolved) }
        return CopyPaths.Info(path: resolved, exists: true, isDirectory: status.st_mode & S_IFMT == S_IFDIR, rebaseName: rebaseName)
    }

    /// Go's filepath.EvalSymlinks.
    static func realPath(_ path: String) throws -> String {
        guard let resolved = realpath(path, nil) else { throw CopyCommand.systemError("lstat", CopyPaths.clean(path)) }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
