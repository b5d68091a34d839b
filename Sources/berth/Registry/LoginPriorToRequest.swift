import CLISupport
import EngineClient

/// Docker's answer to a registry that refuses a pull, push or search (the
/// daemon says 401): "Login prior to pull:", a username and password asked
/// for, and the request sent once more with them. The login is not stored;
/// `berth login` does that.
enum LoginPriorToRequest {
    static func send<T>(_ command: String, stored: RegistryAuthConfig,
                        _ request: (String) throws(EngineError) -> T) throws -> T {
        do {
            return try request(stored.headerValue)
        } catch {
            guard case .daemon(401, _) = error else { throw error }
            Output.out("\nLogin prior to \(command):\n")
            // docker names Docker Hub here whatever the registry (so its Hub
            // hints show too); the daemon goes by the image's name, not this.
            let entered = try CredentialPrompt.ask(user: "", password: "", defaultUser: stored.username,
                                                   server: RegistryHostname.dockerHubKey)
            return try request(entered.headerValue)
        }
    }
}
