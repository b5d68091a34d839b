import ArgumentParser
import EngineClient

/// `berth rmi` / `berth image rm`: prints each Untagged/Deleted line; with
/// `-f`, images that do not exist are reported but do not fail the command.
struct ImageRemoveOptions: ParsableArguments {
    @Flag(name: [.customShort("f"), .long], help: "Force removal of the image")
    var force = false
    @Flag(name: .customLong("no-prune"), help: "Do not delete untagged parents")
    var noPrune = false
    @Option(name: .customLong("platform"), help: "Remove only the given platform variant")
    var platform: [String] = []
    @Argument(help: ArgumentHelp("IMAGE"))
    var images: [String] = []

    func run() throws {
        try UsageProblem.ArgumentRule.atLeast(1).check(images.count)
        let client = try Session.client()
        if !platform.isEmpty { try requireAPI(client, "1.50", flag: "--platform") }
        var errors: [String] = []
        var fatal = false
        for name in images {
            switch Result(catching: { () throws(EngineError) in try client.removeImage(name, force: force, noPrune: noPrune) }) {
            case .success(let items):
                var out = ""
                for item in items {
                    if let deleted = item.Deleted, !deleted.isEmpty { out += "Deleted: \(deleted)\n" }
                    else { out += "Untagged: \(item.Untagged ?? "")\n" }
                }
                Output.out(out)
            case .failure(let error):
                if !error.isNotFound { fatal = true }
                errors.append(error.description)
            }
        }
        guard !errors.isEmpty else { return }
        if !force || fatal { throw CLIError(errors.joined(separator: "\n")) }
        Output.errLine(errors.joined(separator: "\n"))
    }
}

struct RmiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rmi", abstract: "Remove one or more images")
    @OptionGroup var options: ImageRemoveOptions
    func run() throws { try options.run() }
}

struct ImageRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove one or more images", aliases: ["rmi", "remove"])
    @OptionGroup var options: ImageRemoveOptions
    func run() throws { try options.run() }
}
