import Glibc

/// Where to look for a registry domain's repositories, in order (Docker's
/// `lookupV2Endpoints`): for Docker Hub, each mirror then the Hub; for any
/// other host, HTTPS, and plain HTTP after it only when the host is
/// insecure. Loopback hosts are insecure without being listed, as in Docker.
public struct EndpointResolver: Sendable {
    public let configuration: RegistryConfiguration

    public init(_ configuration: RegistryConfiguration) {
        self.configuration = configuration
    }

    /// `forPush` leaves mirrors out: they are read-only caches.
    public func endpoints(for domain: String, forPush: Bool = false) -> [RegistryEndpoint] {
        if domain == "docker.io" {
            var endpoints: [RegistryEndpoint] = []
            if !forPush {
                for mirror in configuration.mirrors {
                    let base = mirror.contains("://") ? mirror : "https://" + mirror
                    endpoints.append(RegistryEndpoint(baseURL: base, isMirror: true,
                                                      verifiesTLS: !isInsecure(RegistryURL.authority(base))))
                }
            }
            let hub = configuration.hubEndpoint
            endpoints.append(RegistryEndpoint(baseURL: hub, verifiesTLS: !isInsecure(RegistryURL.authority(hub))))
            return endpoints
        }
        if isInsecure(domain) {
            return [RegistryEndpoint(baseURL: "https://" + domain, verifiesTLS: false),
                    RegistryEndpoint(baseURL: "http://" + domain, verifiesTLS: false)]
        }
        return [RegistryEndpoint(baseURL: "https://" + domain)]
    }

    /// Whether `host[:port]` may be reached without a verified certificate.
    public func isInsecure(_ hostPort: String) -> Bool {
        let host = Self.host(of: hostPort)
        if host == "localhost" || host == "::1" || host.hasPrefix("127.") { return true }
        for entry in configuration.insecureRegistries {
            var name = entry
            if let scheme = name.range(of: "://") { name = String(name[scheme.upperBound...]) }
            while name.hasSuffix("/") { name.removeLast() }
            if name == hostPort || name == host { return true }
            if name.contains("/"), let address = IPv4.parse(host), let range = IPv4.parseCIDR(name),
               address & range.mask == range.network {
                return true
            }
        }
        return false
    }

    static func host(of hostPort: String) -> String {
        if hostPort.hasPrefix("["), let end = hostPort.firstIndex(of: "]") {
            return String(hostPort[hostPort.index(after: hostPort.startIndex)..<end])
        }
        return String(hostPort.prefix { $0 != ":" })
    }
}

/// Dotted IPv4 addresses and CIDR ranges, for `insecure-registries`.
enum IPv4 {
    static func parse(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let octet = UInt8(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }

    static func parseCIDR(_ text: String) -> (network: UInt32, mask: UInt32)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let address = parse(String(parts[0])), let bits = Int(parts[1]), (0...32).contains(bits) else { return nil }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << UInt32(32 - bits)
        return (address & mask, mask)
    }
}
