import CLISupport

/// config.json for this invocation: the directory from `--config`,
/// `$BERTH_CONFIG`, `$DOCKER_CONFIG` or `~/.docker`, shared with docker.
/// Loaded once; a file docker could not load gets docker's warning, once.
enum ClientConfiguration {
    /// The CLI is single-threaded; set on first use.
    nonisolated(unsafe) private static var loaded: Result<DockerConfigFile, DockerConfigError>? = nil

    static var directory: String { DockerConfigStorage.directory(flag: Session.configFlag) }

    static var path: String { directory + "/" + DockerConfigStorage.fileName }

    /// The file as loaded, warning (as docker does at start-up) when it cannot be.
    static func load() -> Result<DockerConfigFile, DockerConfigError> {
        if let loaded { return loaded }
        let result = Result { () throws(DockerConfigError) in try DockerConfigStorage.load(directory: directory) }
        if case .failure(let error) = result { Output.errLine("WARNING: Error \(error)") }
        loaded = result
        return result
    }

    /// For reading logins only: a file that cannot be loaded reads as empty,
    /// so a pull goes out anonymously rather than failing, as with docker.
    static func forReading() -> DockerConfigFile {
        (try? load().get()) ?? DockerConfigFile(path: path)
    }
}
