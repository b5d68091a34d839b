/// What `X-Registry-Auth` carries for a request: the login stored for the
/// registry concerned, chosen by docker's config key for it, or `{}` (`e30=`)
/// when there is none, which the daemon treats as anonymous.
public enum RegistryAuthHeader {
    /// The stored login for `domain`'s registry (Docker Hub under its index URL).
    public static func credentials(forDomain domain: String, in config: DockerConfigFile) -> RegistryAuthConfig {
        credentials(forKey: RegistryHostname.configKey(forDomain: domain), in: config)
    }

    public static func credentials(forKey key: String, in config: DockerConfigFile) -> RegistryAuthConfig {
        guard var stored = config.credentials(forKey: key) else { return RegistryAuthConfig() }
        // The file's `auth` has been decoded into username and password, which is what the daemon reads.
        stored.auth = ""
        return stored
    }

    /// The header for a pull or push of `reference`.
    public static func value(for reference: ImageReference, in config: DockerConfigFile) -> String {
        credentials(forDomain: reference.domain, in: config).headerValue
    }

    /// The header for `search TERM`: `host[:port]/…` names a registry, anything else is Docker Hub.
    public static func value(forSearchTerm term: String, in config: DockerConfigFile) -> String {
        credentials(forKey: RegistryHostname.configKey(forSearchTerm: term), in: config).headerValue
    }
}
