import CLISupport
import EngineClient
import LinuxSupport

/// `berth login [SERVER]`: the daemon checks the login against the registry
/// (`POST /auth`), then it is stored in config.json, where docker finds it
/// too. Without `-u`/`-p`, a stored login is tried first and a terminal is
/// asked for the rest, following docker 28's flow and messages.
struct LoginCommand: FlagCommand {
    static let usage = "[OPTIONS] [SERVER]"
    static let summary = "Authenticate to a registry.\nDefaults to Docker Hub if no server is specified."
    static let arguments = UsageProblem.ArgumentRule.atMost(1)
    static let flags: [FlagDefinition] = [
        FlagDefinition("password", short: "p", "Password or Personal Access Token (PAT)"),
        .bool("password-stdin", "Take the Password or Personal Access Token (PAT) from stdin"),
        FlagDefinition("username", short: "u", "Username"),
    ]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        // docker reads its configuration (and warns about it) before anything else.
        var store = LoginStore()
        let user = flags.string("username", default: "")
        var password = flags.string("password", default: "")
        try checkFlags(user: user, password: password)
        if !password.isEmpty { Output.errLine("WARNING! Using --password via the CLI is insecure. Use --password-stdin.") }
        if flags.bool("password-stdin") {
            if user.isEmpty { throw CLIError("username is empty") }
            password = try Self.passwordFromStdin()
        }

        let argument = flags.arguments.first ?? ""
        let server = argument.isEmpty || argument == "docker.io" ? RegistryHostname.dockerHubKey : argument
        // Other registries are stored and sent by hostname (`https://h:5000/v2/` is `h:5000`).
        let key = server == RegistryHostname.dockerHubKey ? server : RegistryHostname.hostname(server)

        let client = try Session.client()
        // With neither -u nor -p, docker first tries the login it has stored.
        let stored = user.isEmpty && password.isEmpty ? store.config.credentials(forKey: key) : nil
        var status: String? = nil
        if var login = stored, !login.username.isEmpty, !login.password.isEmpty {
            login.serverAddress = key
            login.identityToken = ""
            status = try loginWithStoredCredentials(login, client: client, store: &store)
        }
        if status == nil {
            status = try loginWithUsernameAndPassword(user: user, password: password, defaultUser: stored?.username ?? "",
                                                      key: key, client: client, store: &store)
        }
        if let status, !status.isEmpty { Output.out(status + "\n") }
    }

    /// docker's verifyLoginFlags: about which flags were given, before anything else.
    func checkFlags(user: String, password: String) throws {
        if flags.isSet("password-stdin") {
            if flags.isSet("password") { throw CLIError("conflicting options: cannot specify both --password and --password-stdin") }
            if !flags.isSet("username") { throw CLIError("the --password-stdin option requires --username to be set") }
        }
        if flags.isSet("username") && user.isEmpty { throw CLIError("username is empty") }
        if flags.isSet("password") && password.isEmpty { throw CLIError("password is empty") }
    }

    /// All of stdin, less one trailing newline (and a carriage return before it).
    static func passwordFromStdin() throws -> String {
        let bytes: [UInt8]
        do { bytes = try FD.readToEnd(0) } catch { throw CLIError("read /dev/stdin: \(error)") }
        var text = bytes[...]
        if text.last == UInt8(ascii: "\n") { text = text.dropLast() }
        if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
        return String(decoding: text, as: UTF8.self)
    }

    /// The stored login, sent again. Its failure is reported and then the
    /// user is asked, as docker does; it returns nil then.
    func loginWithStoredCredentials(_ login: RegistryAuthConfig, client: EngineClient, store: inout LoginStore) throws -> String? {
        Output.err("Authenticating with existing credentials... [Username: \(login.username)]\n")
        InfoNote.print("To login with a different account, run 'docker logout' followed by 'docker login'", fd: 2)
        Output.err("\n\n")
        let response: AuthenticateResponse
        do { response = try client.login(body: login.loginBody) } catch {
            if case .daemon(401, _) = error {
                Output.errLine("Stored credentials invalid or expired")
            } else {
                Output.errLine("Login did not succeed, error: \(error)")
            }
            return nil
        }
        try store.save(Self.withToken(login, response))
        return response.Status ?? ""
    }

    func loginWithUsernameAndPassword(user: String, password: String, defaultUser: String, key: String,
                                      client: EngineClient, store: inout LoginStore) throws -> String {
        if (user.isEmpty || password.isEmpty) && !Output.isTerminal(0) {
            throw CLIError("Error: Cannot perform an interactive login from a non TTY device")
        }
        let login = try CredentialPrompt.ask(user: user, password: password, defaultUser: defaultUser, server: key)
        let response = try client.login(body: login.loginBody)
        try store.save(Self.withToken(login, response))
        return response.Status ?? ""
    }

    /// A token from the daemon is kept in place of the password.
    static func withToken(_ login: RegistryAuthConfig, _ response: AuthenticateResponse) -> RegistryAuthConfig {
        guard let token = response.IdentityToken, !token.isEmpty else { return login }
        var stored = login
        stored.password = ""
        stored.identityToken = token
        return stored
    }
}
