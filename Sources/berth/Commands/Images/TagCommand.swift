import ArgumentParser
import CLISupport
import EngineClient

/// `berth tag SOURCE TARGET`: names are checked and qualified here, as
/// Docker's client does, so the daemon gets `repo=docker.io/library/foo`.
struct ImageTagOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]"))
    var arguments: [String] = []

    func run() throws {
        try UsageProblem.ArgumentRule.exactly(2).check(arguments.count)
        let source = arguments[0], target = arguments[1]
        if !Self.isImageID(source) {
            do { _ = try ImageReference.parseNormalized(source) } catch {
                throw CLIError("Error parsing reference: \"\(source)\" is not a valid repository/tag: \(error.message)")
            }
        }
        let reference: ImageReference
        do { reference = try ImageReference.parseNormalized(target) } catch {
            throw CLIError("Error parsing reference: \"\(target)\" is not a valid repository/tag: \(error.message)")
        }
        if reference.digest != nil { throw CLIError("refusing to create a tag with a digest reference") }
        let tagged = reference.withDefaultTag
        try Session.client().tagImage(source, repository: tagged.name, tag: tagged.tag)
    }

    /// A full image ID (64 hex digits, with or without `sha256:`), which
    /// Docker's ParseAnyReference accepts as a source.
    static func isImageID(_ text: String) -> Bool {
        let hex = text.hasPrefix("sha256:") ? String(text.dropFirst(7)) : text
        return hex.utf8.count == 64 && hex.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}

struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tag", abstract: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
    @OptionGroup var options: ImageTagOptions
    func run() throws { try options.run() }
}

struct ImageTagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tag", abstract: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
    @OptionGroup var options: ImageTagOptions
    func run() throws { try options.run() }
}
