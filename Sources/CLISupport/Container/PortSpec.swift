/// `-p/--publish` and `--expose` as Docker's go-connections/nat reads them:
/// `[ip:][hostPort:]containerPort[/proto]`, ranges on either side, and the
/// long form `published=8080,target=80,protocol=udp`.
public struct PortBinding: Equatable, Sendable {
    public var hostIP: String
    public var hostPort: String
}

public struct PortSpecs: Sendable {
    /// `80/tcp`, in the order first seen.
    public private(set) var exposed: [String] = []
    /// Per port, its bindings in the order given.
    public private(set) var bindings: [(String, [PortBinding])] = []

    public init() {}

    public mutating func expose(_ port: String) {
        if !exposed.contains(port) { exposed.append(port) }
    }

    mutating func bind(_ port: String, _ binding: PortBinding) {
        expose(port)
        if let index = bindings.firstIndex(where: { $0.0 == port }) {
            bindings[index].1.append(binding)
        } else {
            bindings.append((port, [binding]))
        }
    }

    /// Every `-p` value, as `nat.ParsePortSpecs` after `convertToStandardNotation`.
    public static func parse(publish: [String]) throws(FlagValueError) -> PortSpecs {
        var specs = PortSpecs()
        for raw in publish {
            let standard = try standardNotation(raw)
            for (port, binding) in try parseSpec(standard) { specs.bind(port, binding) }
        }
        return specs
    }

    /// Adds `--expose` values: `port[/proto]` or `start-end[/proto]`.
    public mutating func addExposed(_ values: [String]) throws(FlagValueError) {
        for value in values {
            if value.contains(":") { throw FlagValueError("invalid port format for --expose: \(value)") }
            let (proto, port) = Self.splitProtoPort(value)
            let range: (UInt64, UInt64)
            do { range = try Self.parsePortRange(port) } catch {
                throw FlagValueError("invalid range format for --expose: \(value), error: \(error.message)")
            }
            for number in range.0...range.1 { expose("\(number)/\(proto)") }
        }
    }

    static func standardNotation(_ value: String) throws(FlagValueError) -> String {
        guard value.contains("=") else { return value }
        var parameters = ["protocol": "tcp"]
        for parameter in value.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw FlagValueError("invalid publish opts format (should be name=value but got '\(parameter)')")
            }
            parameters[String(parts[0])] = String(parts[1])
        }
        return "\(parameters["published"] ?? ""):\(parameters["target"] ?? "")/\(parameters["protocol"] ?? "")"
    }

    /// `nat.SplitProtoPort`.
    public static func splitProtoPort(_ raw: String) -> (String, String) {
        let parts = raw.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if raw.isEmpty || parts[0].isEmpty { return ("", "") }
        if parts.count == 1 { return ("tcp", raw) }
        if parts[1].isEmpty { return ("tcp", parts[0]) }
        return (parts[1], parts[0])
    }

    /// `nat.ParsePortRange`.
    static func parsePortRange(_ ports: String) throws(FlagValueError) -> (UInt64, UInt64) {
        if ports.isEmpty { throw FlagValueError("empty string specified for ports") }
        guard ports.contains("-") else {
            let value = try GoStrconv.parseDecimalUint(ports, bits: 16)
            return (value, value)
        }
        let parts = ports.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let start = try GoStrconv.parseDecimalUint(parts[0], bits: 16)
        let end = try GoStrconv.parseDecimalUint(parts[1], bits: 16)
        if end < start { throw FlagValueError("invalid range specified for port: \(ports)") }
        return (start, end)
    }

    /// `nat.ParsePortSpec`.
    static func parseSpec(_ raw: String) throws(FlagValueError) -> [(String, PortBinding)] {
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var ip = "", hostPort = "", containerPort = parts[parts.count - 1]
        switch parts.count {
        case 1: break
        case 2: hostPort = parts[0]
        case 3: ip = parts[0]; hostPort = parts[1]
        default:
            ip = parts[..<(parts.count - 2)].joined(separator: ":")
            hostPort = parts[parts.count - 2]
        }
        let proto: String
        (proto, containerPort) = splitProtoPort(containerPort)
        if ip.hasPrefix("[") {
            guard ip.hasSuffix("]") else { throw FlagValueError("invalid IP address \(ip): address \(ip): missing ']' in address") }
            ip = String(ip.dropFirst().dropLast())
        }
        if !ip.isEmpty && IPAddress.canonical(ip) == nil { throw FlagValueError("invalid IP address: \(ip)") }
        if containerPort.isEmpty { throw FlagValueError("no port specified: \(raw)<empty>") }
        let container: (UInt64, UInt64)
        do { container = try parsePortRange(containerPort) } catch { throw FlagValueError("invalid containerPort: \(containerPort)") }
        var host: (UInt64, UInt64) = (0, 0)
        if !hostPort.isEmpty {
            do { host = try parsePortRange(hostPort) } catch { throw FlagValueError("invalid hostPort: \(hostPort)") }
        }
        if !hostPort.isEmpty && container.1 - container.0 != host.1 - host.0 && container.1 != container.0 {
            throw FlagValueError("invalid ranges specified for container and host Ports: \(containerPort) and \(hostPort)")
        }
        let lowerProto = proto.lowercased()
        guard ["tcp", "udp", "sctp"].contains(lowerProto) else { throw FlagValueError("invalid proto: \(proto)") }
        var mappings: [(String, PortBinding)] = []
        for offset in 0...(container.1 - container.0) {
            var bindingHostPort = hostPort
            if !hostPort.isEmpty { bindingHostPort = String(host.0 + offset) }
            if container.0 == container.1 && host.0 != host.1 { bindingHostPort = "\(bindingHostPort)-\(host.1)" }
            mappings.append(("\(container.0 + offset)/\(lowerProto)", PortBinding(hostIP: ip, hostPort: bindingHostPort)))
        }
        return mappings
    }
}

extension GoStrconv {
    /// `strconv.ParseUint(text, 10, bits)`.
    public static func parseDecimalUint(_ text: String, bits: Int) throws(FlagValueError) -> UInt64 {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw FlagValueError("strconv.ParseUint: parsing \(quote(text)): invalid syntax")
        }
        guard let value = UInt64(text), bits >= 64 || value < UInt64(1) << UInt64(bits) else {
            throw FlagValueError("strconv.ParseUint: parsing \(quote(text)): value out of range")
        }
        return value
    }
}
