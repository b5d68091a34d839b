import CLISupport
import Glibc

/// Asks for a username and password on the terminal as docker does (its
/// PromptUserForCredentials): prompts on stdout, the password read with echo
/// off, Docker Hub's hints when logging in there.
enum CredentialPrompt {
    static let registerSuggestion = "Log in with your Docker ID or email address to push and pull images from Docker Hub. "
        + "If you don't have a Docker ID, head over to https://hub.docker.com/ to create one."
    static let tokenSuggestion = "You can log in with your password or a Personal Access Token (PAT). Using a limited-scope PAT "
        + "grants better security and is required for organizations using SSO. Learn more at https://docs.docker.com/go/access-tokens/"

    /// The login for `server`: `user` and `password` where given, the rest
    /// asked for. An empty answer takes `defaultUser` for the username.
    static func ask(user: String, password: String, defaultUser: String, server: String) throws -> RegistryAuthConfig {
        var user = user.trimmedWhitespace
        if user.isEmpty {
            if server == RegistryHostname.dockerHubKey {
                Output.out(registerSuggestion + "\n")
                if hintsEnabled { Output.out(tokenSuggestion + "\n\n") }
            }
            let defaultUser = defaultUser.trimmedWhitespace
            user = readLine(prompt: defaultUser.isEmpty ? "Username: " : "Username (\(defaultUser)): ")
            if user.isEmpty { user = defaultUser }
            if user.isEmpty { throw CLIError("Error: Non-null Username Required") }
        }
        var password = password.trimmedWhitespace
        if password.isEmpty {
            let echo = try EchoSuppression(fd: 0)
            defer { echo.restore() }
            if server == RegistryHostname.dockerHubKey {
                // docker underlines the address on a terminal.
                let url = Output.isTerminal(2) ? "\u{1B}[4mhttps://app.docker.com/settings\u{1B}[0m" : "https://app.docker.com/settings"
                InfoNote.print("A Personal Access Token (PAT) can be used instead.\nTo create a PAT, visit \(url)\n\n", fd: 2)
            }
            password = readLine(prompt: "Password: ")
            Output.out("\n")
            if password.isEmpty { throw CLIError("Error: Password Required") }
        }
        return RegistryAuthConfig(username: user, password: password, serverAddress: server)
    }

    /// `DOCKER_CLI_HINTS` (default on; anything but a false value keeps them).
    static var hintsEnabled: Bool {
        guard let value = getenv("DOCKER_CLI_HINTS").map({ String(cString: $0) }), !value.isEmpty else { return true }
        return !["0", "f", "F", "false", "FALSE", "False"].contains(value)
    }

    /// One line from stdin, read a byte at a time so nothing after it is
    /// consumed; without its line ending and surrounding spaces.
    static func readLine(prompt: String) -> String {
        Output.out(prompt)
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(0, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 || byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        return String(decoding: line, as: UTF8.self).trimmedWhitespace
    }
}

/// The terminal on `fd` with echo off until `restore` (docker's DisableInputEcho).
struct EchoSuppression {
    private let fd: Int32
    private let saved: termios

    init(fd: Int32) throws {
        var mode = termios()
        guard tcgetattr(fd, &mode) == 0 else { throw CLIError(String(cString: strerror(errno)).lowercased()) }
        self.fd = fd
        saved = mode
        mode.c_lflag &= ~tcflag_t(ECHO)
        guard tcsetattr(fd, TCSANOW, &mode) == 0 else { throw CLIError(String(cString: strerror(errno)).lowercased()) }
    }

    func restore() {
        var mode = saved
        if tcsetattr(fd, TCSANOW, &mode) != 0 {
            Output.errLine("Error: failed to restore terminal state to echo input: \(String(cString: strerror(errno)).lowercased())")
        }
    }
}
