import LinuxSupport

/// The files Docker bind-mounts over a container's /etc: hostname, hosts
/// and resolv.conf, written into the container's directory.
enum ContainerFiles {
    static func write(_ record: ContainerRecord, paths: ContainerPaths, dns: [String]) throws(EngineError) {
        let hostname = record.config.Hostname ?? record.shortID
        var hosts = """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            ff00::0\tip6-mcastprefix
            ff02::1\tip6-allnodes
            ff02::2\tip6-allrouters

            """
        for extra in record.hostConfig.ExtraHosts ?? [] {
            let parts = extra.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { hosts += "\(parts[1])\t\(parts[0])\n" }
        }
        try engineCall { () throws(SystemCallError) in
            try SmallFile.writeReplacing(paths.hostname, hostname + "\n", mode: 0o644)
            try SmallFile.writeReplacing(paths.hosts, hosts, mode: 0o644)
            try SmallFile.writeReplacing(paths.resolvConf, resolvConf(record, dns: dns), mode: 0o644)
        }
    }

    /// The host's resolv.conf without loopback name servers (unreachable from
    /// the container's own network namespace), or the configured servers.
    static func resolvConf(_ record: ContainerRecord, dns: [String]) -> String {
        let servers = (record.hostConfig.Dns ?? []).isEmpty ? dns : record.hostConfig.Dns!
        var lines: [String] = []
        if servers.isEmpty {
            let host = (try? SmallFile.read("/etc/resolv.conf")) ?? ""
            for line in host.split(separator: "\n") {
                let text = String(line)
                if text.hasPrefix("nameserver") && (text.contains(" 127.") || text.contains(" ::1")) { continue }
                lines.append(text)
            }
            if !lines.contains(where: { $0.hasPrefix("nameserver") }) {
                lines += ["nameserver 8.8.8.8", "nameserver 8.8.4.4"]
            }
        } else {
            lines = servers.map { "nameserver \($0)" }
        }
        if let search = record.hostConfig.DnsSearch, !search.isEmpty {
            lines.removeAll { $0.hasPrefix("search") }
            lines.append("search " + search.joined(separator: " "))
        }
        if let options = record.hostConfig.DnsOptions, !options.isEmpty {
            lines.removeAll { $0.hasPrefix("options") }
            lines.append("options " + options.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

func engineCall<T>(_ body: () throws(SystemCallError) -> T) throws(EngineError) -> T {
    do { return try body() } catch { throw .internalError("\(error)") }
}
