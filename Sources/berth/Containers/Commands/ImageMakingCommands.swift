import CLISupport
import EngineClient
import Glibc
import LinuxSupport

/// `berth commit CONTAINER [REPOSITORY[:TAG]]`: prints the new image's ID.
struct CommitCommand: FlagCommand {
    static let usage = "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]"
    static let summary = "Create a new image from a container's changes"
    static let aliases = "berth container commit, berth commit"
    static let arguments = UsageProblem.ArgumentRule.range(1, 2)
    static let interspersed = false
    static let flags: [FlagDefinition] = [
        .bool("pause", short: "p", "Pause container during commit", default: "true"),
        FlagDefinition("message", short: "m", "Commit message"),
        FlagDefinition("author", short: "a", "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")"),
        FlagDefinition("change", short: "c", type: "list", "Apply Dockerfile instruction to the created image"),
    ]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let container = flags.arguments[0]
        try ContainerOperations.checkID(container)
        var repository = "", tag = ""
        if flags.arguments.count > 1 {
            let reference: ImageReference
            do { reference = try ImageReference.parseNormalized(flags.arguments[1]) } catch { throw CLIError(error.message) }
            if reference.digest != nil { throw CLIError("refusing to create a tag with a digest reference") }
            repository = reference.name
            tag = reference.tag ?? "latest"
        }
        let id = try Session.client().commitContainer(container, repository: repository, tag: tag,
                                                      comment: flags.string("message") ?? "", author: flags.string("author") ?? "",
                                                      changes: flags.strings("change"), pause: flags.bool("pause", default: true))
        Output.out(id + "\n")
    }
}

/// `berth export CONTAINER [-o FILE]`: the container's filesystem as a tar.
struct ExportCommand: FlagCommand {
    static let usage = "[OPTIONS] CONTAINER"
    static let summary = "Export a container's filesystem as a tar archive"
    static let aliases = "berth container export, berth export"
    static let arguments = UsageProblem.ArgumentRule.exactly(1)
    static let flags = [FlagDefinition("output", short: "o", "Write to a file, instead of STDOUT")]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let output = flags.string("output") ?? ""
        var file: AtomicFile? = nil
        if output.isEmpty {
            if Output.isTerminal(1) { throw CLIError("cowardly refusing to save to a terminal. Use the -o flag or redirect") }
        } else {
            file = try AtomicFile(path: output, failure: "failed to export container")
        }
        try ContainerOperations.checkID(flags.arguments[0])
        let response = try Session.client().exportContainer(flags.arguments[0])
        let fd = file?.fd ?? 1
        while let chunk = try response.readChunk() {
            do { try FD.writeAll(fd, chunk) } catch {
                throw CLIError("write \(file?.path ?? "/dev/stdout"): \(String(cString: strerror(error.errno)).lowercased())")
            }
        }
        try file?.commit()
    }
}

/// `berth container prune [-f] [--filter until=…]`.
struct ContainerPruneCommand: FlagCommand {
    static let usage = "[OPTIONS]"
    static let summary = "Remove all stopped containers"
    static let arguments = UsageProblem.ArgumentRule.none
    static let minimumAPIVersion: String? = "1.25"
    static let name = "berth container prune"
    static let flags: [FlagDefinition] = [
        .bool("force", short: "f", "Do not prompt for confirmation"),
        FlagDefinition("filter", type: "filter", "Provide filter values (e.g. \"until=<timestamp>\")"),
    ]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let filters = try FilterOption.parse(flags.strings("filter"), flag: "--filter")
        if !flags.bool("force") {
            Output.out("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ")
            guard ImagePruneCommand.readAnswer().lowercased() == "y" else { return }
        }
        let report = try Session.client().pruneContainers(filters: filters)
        var out = ""
        var reclaimed: UInt64 = 0
        if let deleted = report.ContainersDeleted, !deleted.isEmpty {
            out += "Deleted Containers:\n" + deleted.map { $0 + "\n" }.joined() + "\n"
            reclaimed = report.SpaceReclaimed ?? 0
        }
        Output.out(out + "Total reclaimed space: \(HumanUnits.size(Double(reclaimed)))\n")
    }
}
