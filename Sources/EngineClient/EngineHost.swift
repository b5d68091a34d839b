import Glibc

/// Where the daemon listens: `-H/--host`, else `BERTH_HOST`, else `DOCKER_HOST`,
/// else the default socket. Only unix sockets: the daemon serves no TCP.
public struct EngineHost: Equatable, Sendable {
    public static let defaultURL = "unix:///run/berth/berth.sock"

    /// As the user gave it (normalised to `unix://…`), for messages.
    public let url: String
    public let socketPath: String

    public init(parsing text: String) throws(EngineError) {
        let value = text.trimmingSpaces
        if value.hasPrefix("unix://") {
            let path = String(value.dropFirst("unix://".count))
            guard !path.isEmpty else {
                self.init(url: EngineHost.defaultURL, socketPath: "/run/berth/berth.sock")
                return
            }
            self.init(url: value, socketPath: path)
        } else if value.hasPrefix("/") {
            self.init(url: "unix://" + value, socketPath: value)
        } else if let scheme = value.firstRange(of: "://") {
            throw .invalidHost("unsupported host \"\(value)\": only unix:// sockets are supported, not \(value[..<scheme.lowerBound])://")
        } else {
            throw .invalidHost("Invalid bind address format: \(value)")
        }
    }

    private init(url: String, socketPath: String) {
        self.url = url
        self.socketPath = socketPath
    }

    /// The host to use given the `-H` flag's value, if any, and the environment.
    public static func resolve(flag: String?) throws(EngineError) -> EngineHost {
        if let flag, !flag.isEmpty { return try EngineHost(parsing: flag) }
        for variable in ["BERTH_HOST", "DOCKER_HOST"] {
            if let value = getenv(variable).map({ String(cString: $0) }), !value.isEmpty {
                return try EngineHost(parsing: value)
            }
        }
        return try EngineHost(parsing: defaultURL)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let first = s.first, first == " " || first == "\t" || first == "\n" || first == "\r" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" || last == "\n" || last == "\r" { s.removeLast() }
        return String(s)
    }
}
