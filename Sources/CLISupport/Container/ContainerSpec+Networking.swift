/// `--network` and the per-endpoint options, as docker/cli's parseNetworkOpts
/// turns them into `NetworkingConfig.EndpointsConfig`.
extension ContainerSpec {
    /// `NetworkingConfig.EndpointsConfig`, as docker/cli's parseNetworkOpts.
    static func endpointsConfig(_ flags: ParsedFlags) throws(FlagValueError) -> [(String, JSONDocument)] {
        var networks: [NetworkOption.Attachment] = []
        for value in flags.strings("net") + flags.strings("network") { networks.append(try NetworkOption.parse(value)) }
        var endpoints: [(String, JSONDocument)] = []
        if networks.isEmpty {
            var attachment = NetworkOption.Attachment()
            attachment.target = "default"
            try applyContainerOptions(&attachment, flags)
            endpoints.append(("default", try endpoint(attachment)))
            return endpoints
        }
        var userDefined = false, builtIn = false
        for (index, var attachment) in networks.enumerated() {
            if isUserDefined(attachment.target) { userDefined = true } else { builtIn = true }
            if index == 0 { try applyContainerOptions(&attachment, flags) }
            let settings = try endpoint(attachment)
            if endpoints.contains(where: { $0.0 == attachment.target }) {
                throw FlagValueError("network \"\(attachment.target)\" is specified multiple times")
            }
            if index == 0 && networks.count == 1 && isEmptyEndpoint(attachment) { continue }
            endpoints.append((attachment.target, settings))
        }
        if userDefined && builtIn {
            throw FlagValueError("conflicting options: cannot attach both user-defined and non-user-defined network-modes")
        }
        return endpoints.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
    }

    static func applyContainerOptions(_ attachment: inout NetworkOption.Attachment, _ flags: ParsedFlags) throws(FlagValueError) {
        let aliases = flags.strings("net-alias") + flags.strings("network-alias")
        let links = flags.strings("link")
        let ip = flags.string("ip") ?? "", ip6 = flags.string("ip6") ?? "", mac = flags.string("mac-address") ?? ""
        let linkLocal = flags.strings("link-local-ip")
        if !(attachment.aliases ?? []).isEmpty && !aliases.isEmpty {
            throw FlagValueError("conflicting options: cannot specify both --network-alias and per-network alias")
        }
        if !attachment.ipv4.isEmpty && !ip.isEmpty { throw FlagValueError("conflicting options: cannot specify both --ip and per-network IPv4 address") }
        if !attachment.ipv6.isEmpty && !ip6.isEmpty { throw FlagValueError("conflicting options: cannot specify both --ip6 and per-network IPv6 address") }
        if !attachment.mac.isEmpty && !mac.isEmpty { throw FlagValueError("conflicting options: cannot specify both --mac-address and per-network MAC address") }
        if !attachment.linkLocalIPs.isEmpty && !linkLocal.isEmpty {
            throw FlagValueError("conflicting options: cannot specify both --link-local-ip and per-network link-local IP addresses")
        }
        if !aliases.isEmpty { attachment.aliases = aliases }
        if isUserDefined(attachment.target) && !links.isEmpty { attachment.links = links }
        if !ip.isEmpty { attachment.ipv4 = ip }
        if !ip6.isEmpty { attachment.ipv6 = ip6 }
        if !mac.isEmpty { attachment.mac = mac }
        if !linkLocal.isEmpty { attachment.linkLocalIPs = linkLocal }
    }

    static func isEmptyEndpoint(_ a: NetworkOption.Attachment) -> Bool {
        (a.aliases ?? []).isEmpty && a.links.isEmpty && a.ipv4.isEmpty && a.ipv6.isEmpty && a.mac.isEmpty
            && a.linkLocalIPs.isEmpty && a.driverOptions.isEmpty && a.gatewayPriority == 0
    }

    static func endpoint(_ attachment: NetworkOption.Attachment) throws(FlagValueError) -> JSONDocument {
        if attachment.target.trimmedSpaces.isEmpty { throw FlagValueError("no name set for network") }
        if !isUserDefined(attachment.target) {
            if !(attachment.aliases ?? []).isEmpty { throw FlagValueError("network-scoped aliases are only supported for user-defined networks") }
            if !attachment.links.isEmpty { throw FlagValueError("links are only supported for user-defined networks") }
        }
        if !attachment.mac.isEmpty && !isMACAddress(attachment.mac) { throw FlagValueError("\(attachment.mac) is not a valid mac address") }
        var ipam: JSONDocument = .null
        if !attachment.ipv4.isEmpty || !attachment.ipv6.isEmpty || !attachment.linkLocalIPs.isEmpty {
            var members: [(String, JSONDocument)] = []
            if !attachment.ipv4.isEmpty { members.append(("IPv4Address", .string(attachment.ipv4))) }
            if !attachment.ipv6.isEmpty { members.append(("IPv6Address", .string(attachment.ipv6))) }
            if !attachment.linkLocalIPs.isEmpty { members.append(("LinkLocalIPs", .strings(attachment.linkLocalIPs))) }
            ipam = .object(members)
        }
        let aliases = attachment.aliases ?? []
        return .object([
            ("IPAMConfig", ipam),
            ("Links", .strings(attachment.links.isEmpty ? nil : attachment.links)),
            ("Aliases", .strings(aliases.isEmpty ? nil : aliases)),
            ("MacAddress", .string(attachment.mac)),
            ("DriverOpts", attachment.driverOptions.isEmpty ? .null : .stringMap(attachment.driverOptions)),
            ("GwPriority", .integer(attachment.gatewayPriority)),
            ("NetworkID", .string("")), ("EndpointID", .string("")), ("Gateway", .string("")), ("IPAddress", .string("")),
            ("IPPrefixLen", .integer(0)), ("IPv6Gateway", .string("")), ("GlobalIPv6Address", .string("")),
            ("GlobalIPv6PrefixLen", .integer(0)), ("DNSNames", .null),
        ])
    }

    static func isUserDefined(_ mode: String) -> Bool {
        !["default", "bridge", "host", "none"].contains(mode) && !mode.hasPrefix("container:")
    }
}
