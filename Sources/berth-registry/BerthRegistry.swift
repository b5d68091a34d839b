import ArgumentParser
import Glibc
import NIOPosix
import RegistryServer

/// berth-registry: a private image registry speaking the OCI distribution API.
@main
struct BerthRegistry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "berth-registry", abstract: "A private image registry (OCI distribution API v1.1).",
        subcommands: [Serve.self])
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the registry until interrupted.")

    @Option(help: "Where to listen: HOST:PORT, or unix:///path")
    var addr: String = "127.0.0.1:5000"

    @Option(help: "Directory that holds the registry's blobs and repositories")
    var root: String

    @Option(help: "An htpasswd file of bcrypt logins (htpasswd -B); without it anyone may push and pull")
    var htpasswd: String?

    @Option(help: "The realm named in the Basic authentication challenge")
    var realm: String = "berth-registry"

    func run() async throws {
        let server: RegistryHTTPServer
        do {
            let address = try RegistryAddress(parsing: addr)
            let store = try RegistryStore(root: root)
            server = try RegistryHTTPServer(address: address, store: store, htpasswd: htpasswd, realm: realm,
                                            group: MultiThreadedEventLoopGroup.singleton)
        } catch {
            throw ValidationError(error.description)
        }
        // The bound address goes to stdout once: scripts that asked for port 0 read it.
        try await server.run { bound in
            let line = "listening on \(bound)\n"
            _ = line.withCString { write(1, $0, strlen($0)) }
        }
    }
}
