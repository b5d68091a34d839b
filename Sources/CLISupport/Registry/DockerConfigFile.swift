/// Docker's client configuration (`config.json`): the registry logins that
/// docker and berth share, next to keys berth does not use (`psFormat`,
/// `proxies`, `credHelpers`, …). Those are kept exactly as they were, and in
/// their order, when the file is rewritten; docker itself would drop the
/// ones it does not know.
///
/// Credential helpers (`credsStore`, `credHelpers`) are not consulted yet:
/// logins are read from and written to `auths` only.
public struct DockerConfigFile: Sendable {
    public let path: String
    /// The top-level object's members, in file order.
    private var members: [(String, JSONDocument)]

    /// A configuration with no logins, for a file that does not exist yet.
    public init(path: String) {
        self.path = path
        members = []
    }

    /// Parses the file's bytes. An empty file is an empty configuration (as
    /// for docker); a login whose `auth` does not decode fails the whole
    /// file, as it does for docker.
    public init(path: String, contents: [UInt8]) throws(DockerConfigError) {
        self.path = path
        guard contents.contains(where: { !Self.isSpace($0) }) else {
            members = []
            return
        }
        let document: JSONDocument
        do { document = try JSONDocument.parse(contents) } catch {
            throw .malformed(path: path, reason: error.description)
        }
        guard case .object(let members) = document else {
            throw .malformed(path: path, reason: "the top level is not a JSON object")
        }
        self.members = members
        for (key, entry) in authEntries {
            do { _ = try Self.credentials(from: entry, key: key) } catch {
                throw .malformed(path: path, reason: error.reason)
            }
        }
    }

    /// The logins, in file order: `auths`' members.
    private var authEntries: [(String, JSONDocument)] {
        guard case .object(let entries)? = members.first(where: { $0.0 == "auths" })?.1 else { return [] }
        return entries
    }

    /// The servers with a stored login.
    public var loggedInServers: [String] { authEntries.map(\.0) }

    /// The login stored under `key`, else under a legacy key with the same
    /// hostname (`https://host:5000` for `host:5000`), else nil. Its
    /// `serverAddress` is the key it was found under, as docker reports it.
    public func credentials(forKey key: String) -> RegistryAuthConfig? {
        let entries = authEntries
        let found = entries.first { $0.0 == key } ?? entries.first { RegistryHostname.hostname($0.0) == key }
        guard let (storedKey, entry) = found else { return nil }
        return try? Self.credentials(from: entry, key: storedKey)
    }

    /// Stores `credentials` under their `serverAddress` as docker's file store
    /// does (`auth` holds base64 of user:pass); false when nothing changed,
    /// so that the file need not be rewritten.
    public mutating func store(_ credentials: RegistryAuthConfig) -> Bool {
        let key = credentials.serverAddress
        var stored = credentials
        stored.auth = ""
        if let existing = authEntries.first(where: { $0.0 == key }), (try? Self.credentials(from: existing.1, key: key)) == stored {
            return false
        }
        var entry: [(String, JSONDocument)] = []
        if !stored.username.isEmpty || !stored.password.isEmpty {
            entry.append(("auth", .string(Base64.encode(stored.username + ":" + stored.password))))
        }
        if !stored.email.isEmpty { entry.append(("email", .string(stored.email))) }
        if !stored.identityToken.isEmpty { entry.append(("identitytoken", .string(stored.identityToken))) }
        if !stored.registryToken.isEmpty { entry.append(("registrytoken", .string(stored.registryToken))) }
        var entries = authEntries
        if let index = entries.firstIndex(where: { $0.0 == key }) {
            entries[index].1 = .object(entry)
        } else {
            // Go writes map keys sorted; a new key goes where docker would put it.
            let index = entries.firstIndex { key.utf8.lexicographicallyPrecedes($0.0.utf8) } ?? entries.count
            entries.insert((key, .object(entry)), at: index)
        }
        setAuthEntries(entries)
        return true
    }

    /// Removes the login stored under exactly `key`; false when there was none.
    public mutating func erase(_ key: String) -> Bool {
        var entries = authEntries
        guard let index = entries.firstIndex(where: { $0.0 == key }) else { return false }
        entries.remove(at: index)
        setAuthEntries(entries)
        return true
    }

    private mutating func setAuthEntries(_ entries: [(String, JSONDocument)]) {
        if let index = members.firstIndex(where: { $0.0 == "auths" }) {
            members[index].1 = .object(entries)
        } else {
            // docker writes `auths` first (its struct's first field).
            members.insert(("auths", .object(entries)), at: 0)
        }
    }

    /// The file's new contents, as docker's json.MarshalIndent(…, "", "\t")
    /// writes them (`auths` always present, no final newline).
    public var contents: [UInt8] {
        var document = self
        if !members.contains(where: { $0.0 == "auths" }) { document.setAuthEntries([]) }
        let compact = JSONWriter.compact(.object(document.members), .init(escapeHTML: true))
        return JSONWriter.indent(Array(compact.utf8), indent: "\t")
    }

    struct EntryError: Error {
        let reason: String
    }

    /// One `auths` entry as docker loads it: `auth` decoded into username and
    /// password (docker's decodeAuth), the key as the server address.
    static func credentials(from entry: JSONDocument, key: String) throws(EntryError) -> RegistryAuthConfig {
        guard case .object = entry else { throw EntryError(reason: "the login for \(key) is not a JSON object") }
        func field(_ name: String) -> String { entry[name]?.stringValue ?? "" }
        var credentials = RegistryAuthConfig(
            username: field("username"), password: field("password"), email: field("email"), serverAddress: key,
            identityToken: field("identitytoken"), registryToken: field("registrytoken"))
        let auth = field("auth")
        if !auth.isEmpty {
            let decoded: [UInt8]
            do { decoded = try Base64.decode(auth) } catch { throw EntryError(reason: error.description) }
            let text = String(decoding: decoded, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
                throw EntryError(reason: "Invalid auth configuration file")
            }
            credentials.username = String(text[..<colon])
            // decodeAuth trims NULs around the password (some old writers padded it).
            var password = text[text.index(after: colon)...]
            while password.first == "\0" { password.removeFirst() }
            while password.last == "\0" { password.removeLast() }
            credentials.password = String(password)
        }
        return credentials
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
}

/// Why config.json could not be read or written, worded as docker words it.
public enum DockerConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file exists but is not a configuration docker could load.
    case malformed(path: String, reason: String)
    /// Reading failed for a reason other than the file being absent.
    case unreadable(String)
    /// Writing the new file failed; the old one is untouched.
    case unwritable(String)

    public var description: String {
        switch self {
        case .malformed(let path, let reason): return "parsing config file (\(path)): \(reason)"
        case .unreadable(let detail): return "loading config file: \(detail)"
        case .unwritable(let detail): return detail
        }
    }
}
