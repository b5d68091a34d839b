/// The PORTS column of `ps` (Docker's formatter.DisplayablePorts): ports that
/// are published to the same port number collapse into ranges.
public struct PortEntry: Equatable, Sendable {
    public var ip: String
    public var privatePort: UInt16
    public var publicPort: UInt16
    public var type: String

    public init(ip: String, privatePort: UInt16, publicPort: UInt16, type: String) {
        self.ip = ip
        self.privatePort = privatePort
        self.publicPort = publicPort
        self.type = type
    }
}

public enum PortList {
    public static func display(_ ports: [PortEntry]) -> String {
        let sorted = ports.sorted { a, b in
            if a.privatePort != b.privatePort { return a.privatePort < b.privatePort }
            if a.ip != b.ip { return a.ip.utf8.lexicographicallyPrecedes(b.ip.utf8) }
            if a.publicPort != b.publicPort { return a.publicPort < b.publicPort }
            return a.type.utf8.lexicographicallyPrecedes(b.type.utf8)
        }
        var groups: [String: (first: UInt16, last: UInt16)] = [:]
        var groupOrder: [String] = []
        var result: [String] = []
        var hostMappings: [String] = []
        for port in sorted {
            let current = port.privatePort
            var key = port.type
            if !port.ip.isEmpty {
                if port.publicPort != current {
                    hostMappings.append("\(joinHostPort(port.ip, String(port.publicPort)))->\(port.privatePort)/\(port.type)")
                    continue
                }
                key = port.ip + "/" + port.type
            }
            guard let group = groups[key] else {
                groups[key] = (current, current)
                groupOrder.append(key)
                continue
            }
            if current == group.last &+ 1 {
                groups[key] = (group.first, current)
                continue
            }
            result.append(formGroup(key, group.first, group.last))
            groups[key] = (current, current)
        }
        for key in groupOrder { result.append(formGroup(key, groups[key]!.first, groups[key]!.last)) }
        return (result + hostMappings).joined(separator: ", ")
    }

    static func formGroup(_ key: String, _ start: UInt16, _ last: UInt16) -> String {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var type = parts[0]
        var ip = ""
        if parts.count > 1 {
            ip = parts[0]
            type = parts[1]
        }
        var group = String(start)
        if start != last { group += "-\(last)" }
        if !ip.isEmpty { group = "\(joinHostPort(ip, group))->\(group)" }
        return group + "/" + type
    }

    /// Go's net.JoinHostPort: IPv6 addresses in brackets.
    public static func joinHostPort(_ host: String, _ port: String) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
