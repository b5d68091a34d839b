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

    func run() async throws {
        let address: RegistryAddress
        let store: RegistryStore
        do {
            address = try RegistryAddress(parsing: addr)
            store = try RegistryStore(root: root)
        } catch {
            throw ValidationError(error.description)
        }
        let group = MultiThreadedEventLoopGroup.singleton
        let server = RegistryHTTPServer(address: address, store: store, group: group)
        // The bound address goes to stdout once: scripts that asked for port 0 read it.
        try await server.run { bound in
            let line = "listening on \(bound)\n"
            _ = line.withCString { write(1, $0, strlen($0)) }
        }
    }
}
