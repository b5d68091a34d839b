import ArgumentParser
import CLISupport
import EngineClient
import LinuxSupport

/// `berth image prune`: asks first unless `-f`; reports what went and the space freed.
struct ImagePruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Remove unused images")

    @Flag(name: [.customShort("a"), .long], help: "Remove all unused images, not just dangling ones")
    var all = false
    @Flag(name: [.customShort("f"), .long], help: "Do not prompt for confirmation")
    var force = false
    @Option(name: .customLong("filter"), help: "Provide filter values (e.g. \"until=<timestamp>\")")
    var filter: [String] = []
    @Argument(help: .hidden)
    var arguments: [String] = []

    func run() throws {
        var filters = try FilterOption.parse(filter, flag: "--filter")
        try UsageProblem.ArgumentRule.none.check(arguments.count)
        filters.append(("dangling", all ? "false" : "true"))
        if !force {
            let warning = all
                ? "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?"
                : "WARNING! This will remove all dangling images.\nAre you sure you want to continue?"
            Output.out(warning + " [y/N] ")
            guard Self.readAnswer().lowercased() == "y" else { return }
        }
        let report = try Session.client().pruneImages(filters: filters)
        var out = ""
        var reclaimed: UInt64 = 0
        if let deleted = report.ImagesDeleted, !deleted.isEmpty {
            out += "Deleted Images:\n"
            for item in deleted {
                if let untagged = item.Untagged, !untagged.isEmpty { out += "untagged: \(untagged)\n" }
                else { out += "deleted: \(item.Deleted ?? "")\n" }
            }
            out += "\n"
            reclaimed = report.SpaceReclaimed ?? 0
        }
        out += "Total reclaimed space: \(HumanUnits.size(Double(reclaimed)))\n"
        Output.out(out)
    }

    /// One line from stdin, trimmed; empty at end of input.
    static func readAnswer() -> String {
        var line: [UInt8] = []
        while let chunk = try? FD.read(0, max: 1), let byte = chunk.first, byte != 0x0A { line.append(byte) }
        return String(decoding: line, as: UTF8.self).trimmedWhitespace
    }
}
