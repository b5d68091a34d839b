import ArgumentParser
import Glibc
import NIOPosix
import RegistryServer

/// berth-registry: a private image registry speaking the OCI distribution API.
@main
struct BerthRegistry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "berth-registry", abstract: "A private image registry (OCI distribution API v1.1).",
        subcommands: [Serve.self, GarbageCollect.self])
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

    @Option(name: .customLong("tls-cert"), help: "A PEM certificate (chain) to serve HTTPS with; needs --tls-key")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "The PEM private key of --tls-cert")
    var tlsKey: String?

    func run() async throws {
        let server: RegistryHTTPServer
        let lock: RegistryLock
        guard (tlsCertificate == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        do {
            let address = try RegistryAddress(parsing: addr)
            let store = try RegistryStore(root: root)
            lock = try RegistryLock(root: root, purpose: "serve it")
            let tls = tlsCertificate.flatMap { certificate in tlsKey.map { (certificate: certificate, key: $0) } }
            server = try RegistryHTTPServer(address: address, store: store, htpasswd: htpasswd, realm: realm, tls: tls,
                                            group: MultiThreadedEventLoopGroup.singleton)
        } catch {
            throw ValidationError(error.description)
        }
        defer { withExtendedLifetime(lock) {} }
        // The bound address goes to stdout once: scripts that asked for port 0 read it.
        try await server.run { bound in
            let line = "listening on \(bound)\n"
            _ = line.withCString { write(1, $0, strlen($0)) }
        }
    }
}

struct GarbageCollect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "garbage-collect",
        abstract: "Delete blobs no manifest needs (offline: refuses while the root is being served).")

    @Option(help: "Directory that holds the registry's blobs and repositories")
    var root: String

    @Flag(name: .customLong("dry-run"), help: "Only report what would be deleted")
    var dryRun = false

    @Flag(name: .customLong("delete-untagged"), help: "Also delete manifests that no tag reaches")
    var deleteUntagged = false

    func run() throws {
        let report: GarbageCollectionReport
        do {
            let store = try RegistryStore(root: root)
            let lock = try RegistryLock(root: root, purpose: "collect garbage")
            report = try withExtendedLifetime(lock) { try GarbageCollector.collect(store, dryRun: dryRun, deleteUntagged: deleteUntagged) }
        } catch {
            throw ValidationError("\(error)")
        }
        for manifest in report.removedManifests { print("manifest eligible for deletion: \(manifest)") }
        for blob in report.unreferencedBlobs { print("blob eligible for deletion: \(blob)") }
        let verb = dryRun ? "eligible for deletion" : "deleted"
        print("\(report.markedBlobs) blobs marked, \(report.unreferencedBlobs.count) blobs and \(report.removedManifests.count) manifests \(verb) (\(report.freedBytes) bytes)")
    }
}
