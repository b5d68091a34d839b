import Runtime

enum CreateCommand {
    static let launchFlags: [FlagSet.Flag] = [
        .value("bundle", "b"), .value("console-socket"), .value("pid-file"), .bool("no-pivot"),
        .bool("no-new-keyring"), .value("preserve-fds"),
    ]

    static func options(_ args: ParsedArguments) throws(RuntimeError) -> LaunchOptions {
        var options = LaunchOptions(id: try args.positional(0, "container id"), bundle: args.value("bundle") ?? ".")
        options.pidFile = args.value("pid-file")
        options.consoleSocket = args.value("console-socket")
        options.preserveFDs = Int32(try args.int("preserve-fds") ?? 0)
        options.noPivot = args.bool("no-pivot")
        options.noNewKeyring = args.bool("no-new-keyring")
        return options
    }

    static let create = Command(flags: launchFlags, entersContainer: true) { global, args throws(RuntimeError) in
        _ = try global.runtime.create(try options(args))
        return 0
    }

    static let run = Command(flags: launchFlags + [.bool("detach", "d"), .bool("keep")], entersContainer: true) { global, args throws(RuntimeError) in
        try global.runtime.run(try options(args), detach: args.bool("detach"))
    }
}
