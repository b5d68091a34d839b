import Glibc

/// SIGTERM and SIGINT end the daemon at once. That is safe by construction:
/// every store write is atomic (rename or transaction), so there is nothing
/// to flush; only the socket file is removed so clients get a clear error.
enum ShutdownSignals {
    nonisolated(unsafe) private static var socketPath: UnsafeMutablePointer<CChar>?

    static func install(removing path: String) {
        socketPath = strdup(path)
        let handler: @convention(c) (Int32) -> Void = { _ in
            if let path = ShutdownSignals.socketPath { unlink(path) }
            _exit(0)
        }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
        signal(SIGPIPE, SIG_IGN)
    }
}
