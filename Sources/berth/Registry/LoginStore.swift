import CLISupport

/// config.json as `login` and `logout` change it. A file that cannot be
/// loaded gets docker's warning; unlike docker, berth then refuses to write,
/// rather than replace a file whose contents it could not read.
struct LoginStore {
    private(set) var config: DockerConfigFile
    private let loadError: DockerConfigError?
    /// docker warns about plain-text passwords once per invocation.
    private var warned = false

    init() {
        switch ClientConfiguration.load() {
        case .success(let config):
            self.config = config
            loadError = nil
        case .failure(let error):
            config = DockerConfigFile(path: ClientConfiguration.path)
            loadError = error
        }
    }

    /// Stores `login` under its server address; the file is rewritten only when it changes.
    mutating func save(_ login: RegistryAuthConfig) throws {
        if let loadError { throw CLIError("Error saving credentials: \(loadError)") }
        guard config.store(login) else { return }
        do { try DockerConfigStorage.save(config) } catch { throw CLIError("Error saving credentials: \(error)") }
        if !login.password.isEmpty && !warned {
            warned = true
            Output.err("""

                WARNING! Your credentials are stored unencrypted in '\(config.path)'.
                Configure a credential helper to remove this warning. See
                https://docs.docker.com/go/credential-store/


                """)
        }
    }

    /// Removes the login stored under exactly `key`, if there is one.
    mutating func erase(_ key: String) throws(DockerConfigError) {
        if let loadError { throw loadError }
        guard config.erase(key) else { return }
        try DockerConfigStorage.save(config)
    }
}
