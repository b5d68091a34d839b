/// Everything a request to the daemon can fail with, worded as Docker's CLI
/// words it, so that scripts matching on messages keep working.
public enum EngineError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The socket is missing or refused the connection.
    case cannotConnect(host: String)
    /// The socket exists but we may not use it.
    case permissionDenied(host: String, detail: String)
    /// The daemon answered with an error status; `message` is its `{"message"}`.
    case daemon(status: Int, message: String)
    /// An error reported inside a JSON message stream (`errorDetail`).
    case stream(message: String, code: Int)
    /// The daemon's answer was not HTTP we understand.
    case protocolViolation(String)
    /// Reading or writing the connection, or a local file, failed.
    case io(String)
    case invalidHost(String)
    /// Attach or exec start was not answered with `101 UPGRADED`.
    case upgradeRefused(status: Int)

    public var description: String {
        switch self {
        case .cannotConnect(let host):
            return "Cannot connect to the Berth daemon at \(host). Is the berth daemon running?"
        case .permissionDenied(let host, let detail):
            return "permission denied while trying to connect to the Berth daemon socket at \(host): \(detail)"
        case .daemon(_, let message):
            return "Error response from daemon: \(message)"
        case .stream(let message, _):
            return message
        case .protocolViolation(let detail):
            return "invalid response from the daemon: \(detail)"
        case .io(let detail):
            return detail
        case .invalidHost(let detail):
            return detail
        case .upgradeRefused(let status):
            return "unable to upgrade to tcp, received \(status)"
        }
    }

    /// The daemon said 404: Docker treats "not found" specially (rmi -f, inspect).
    public var isNotFound: Bool {
        if case .daemon(let status, _) = self { return status == 404 }
        return false
    }
}
