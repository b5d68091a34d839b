import ArgumentParser

/// The command tree. Global flags (`-H/--host`) come before the command, as
/// with Docker; main reads them before ArgumentParser sees the rest.
struct BerthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "berth",
        abstract: "A container engine that speaks Docker's API and command line",
        usage: "berth [OPTIONS] COMMAND [ARG...]",
        discussion: """
        Global options go before COMMAND: -H/--host unix:///PATH selects the daemon \
        (default unix:///run/berth/berth.sock, else $BERTH_HOST, then $DOCKER_HOST); \
        -v/--version prints the version.
        """,
        subcommands: [
            ImagesCommand.self, ImageCommand.self, HistoryCommand.self, TagCommand.self, RmiCommand.self,
            SaveCommand.self, LoadCommand.self, ImportCommand.self, VersionCommand.self, InfoCommand.self,
        ])
}

struct ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Manage images",
        subcommands: [
            ImageListCommand.self, ImageInspectCommand.self, ImageHistoryCommand.self, ImageTagCommand.self,
            ImageRemoveCommand.self, ImageSaveCommand.self, ImageLoadCommand.self, ImageImportCommand.self,
            ImagePruneCommand.self, ImagePullListing.self, ImagePushListing.self,
        ])
}

/// Docker's usage lines ("Usage:  berth images [OPTIONS] [REPOSITORY[:TAG]]"),
/// by canonical command path, and the aliases that lead to them.
enum CommandTable {
    static let usage: [String: String] = [
        "images": "[OPTIONS] [REPOSITORY[:TAG]]",
        "image ls": "[OPTIONS] [REPOSITORY[:TAG]]",
        "image inspect": "[OPTIONS] IMAGE [IMAGE...]",
        "history": "[OPTIONS] IMAGE",
        "image history": "[OPTIONS] IMAGE",
        "tag": "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        "image tag": "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        "rmi": "[OPTIONS] IMAGE [IMAGE...]",
        "image rm": "[OPTIONS] IMAGE [IMAGE...]",
        "save": "[OPTIONS] IMAGE [IMAGE...]",
        "image save": "[OPTIONS] IMAGE [IMAGE...]",
        "load": "[OPTIONS]",
        "image load": "[OPTIONS]",
        "import": "[OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
        "image import": "[OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
        "image prune": "[OPTIONS]",
        "version": "[OPTIONS]",
        "info": "[OPTIONS]",
    ]
    static let groups: [String: [String: String]] = [
        "image": ["ls": "ls", "list": "ls", "inspect": "inspect", "history": "history", "tag": "tag", "rm": "rm",
                  "rmi": "rm", "remove": "rm", "save": "save", "load": "load", "import": "import", "prune": "prune"],
    ]
    static let topLevel: Set<String> = ["images", "image", "history", "tag", "rmi", "save", "load", "import", "version", "info", "help"]
}
