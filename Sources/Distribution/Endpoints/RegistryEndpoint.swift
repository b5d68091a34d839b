/// One place a repository can be reached: a base URL (`https://host:port`,
/// no trailing slash), whether it is a mirror (mirrors may lack content,
/// so any failure there falls through to the next endpoint), and whether
/// its TLS certificate is checked.
public struct RegistryEndpoint: Sendable, Hashable, CustomStringConvertible {
    public let baseURL: String
    public let isMirror: Bool
    public let verifiesTLS: Bool

    public init(baseURL: String, isMirror: Bool = false, verifiesTLS: Bool = true) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.isMirror = isMirror
        self.verifiesTLS = verifiesTLS
    }

    public var description: String { baseURL }
    var isPlainHTTP: Bool { baseURL.hasPrefix("http://") }

    /// `<base>/v2/<repository>/<rest>`.
    func url(repository: String, _ rest: String) -> String {
        baseURL + "/v2/" + repository + "/" + rest
    }
}
