/// How docker names a registry in config.json: Docker Hub under its v1 index
/// URL, every other registry as `host[:port]`.
public enum RegistryHostname {
    /// Docker Hub's key (moby's `registry.IndexServer`), also login's default server.
    public static let dockerHubKey = "https://index.docker.io/v1/"

    /// The config.json key for an image's registry (docker's getAuthConfigKey).
    public static func configKey(forDomain domain: String) -> String {
        domain == "docker.io" || domain == "index.docker.io" ? dockerHubKey : domain
    }

    /// The config.json key for a search term (moby's ParseSearchIndexInfo):
    /// `host[:port]/term` searches that registry, anything else Docker Hub.
    public static func configKey(forSearchTerm term: String) -> String {
        guard let slash = term.firstIndex(of: "/") else { return dockerHubKey }
        let first = String(term[..<slash])
        guard first.contains(".") || first.contains(":") || first == "localhost" else { return dockerHubKey }
        return configKey(forDomain: first.lowercased())
    }

    /// A server address without its scheme and path, as login and logout
    /// store and look it up (docker's credentials.ConvertToHostname):
    /// `https://127.0.0.1:5000/v2/` is `127.0.0.1:5000`.
    public static func hostname(_ address: String) -> String {
        var rest = Substring(address)
        if let scheme = rest.firstRange(of: "://") {
            let afterScheme = rest[scheme.upperBound...]
            let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            // Credentials in the URL (user@host) are not part of the name.
            let host = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
            if !host.isEmpty && !host.hasPrefix(":") {
                // Go's URL.Hostname drops the brackets of an IPv6 address without a port.
                if host.hasPrefix("[") && host.hasSuffix("]") { return String(host.dropFirst().dropLast()) }
                return String(host)
            }
            rest = Substring(address)
        }
        return String(rest.prefix { $0 != "/" })
    }
}
