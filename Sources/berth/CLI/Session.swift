import CLISupport
import EngineClient

/// What every command shares: the daemon's address from the global flags and
/// the environment, and one client per invocation.
enum Session {
    /// Set once by main from `-H/--host`, before any command runs; the CLI is single-threaded.
    nonisolated(unsafe) static var hostFlag: String? = nil
    /// Set once by main from `--config`: the directory of config.json.
    nonisolated(unsafe) static var configFlag: String? = nil
    nonisolated(unsafe) private static var cachedClient: EngineClient? = nil

    static func client() throws -> EngineClient {
        if let cachedClient { return cachedClient }
        let client = EngineClient(host: try EngineHost.resolve(flag: hostFlag), userAgent: "Berth-Client/\(BerthVersion.current) (linux)")
        cachedClient = client
        return client
    }

    /// Docker's context name; Berth has one.
    static let contextName = "default"
}

enum BerthVersion {
    static let current = "0.1.0-dev"
}
