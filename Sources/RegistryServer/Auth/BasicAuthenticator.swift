#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CCrypt
import LinuxSupport
import NIOPosix
import Storage
import Synchronization

/// HTTP Basic authentication against an htpasswd file. A bcrypt check costs
/// milliseconds (cost 5) to over 100 ms (cost 10), and clients such as
/// dockerd send their credentials with every request on a new connection,
/// so a successful check is remembered (user and a hash of the password)
/// until the file changes. Checks run on NIO's thread pool, off the
/// connection tasks.
final class BasicAuthenticator: Sendable {
    let realm: String
    private let file: HtpasswdFile
    private let verified = Mutex<(version: FileStatus?, logins: Set<String>)>((nil, []))
    /// Compared against for unknown users, so that they cost as much as known ones.
    private static let dummyHash = "$2y$05$2L0f.ntzH7W8J8Ehe7qVj.ixTcLYJGt1osj7axYw4UGYXI2PvyoZq"

    init(htpasswd: String, realm: String) throws(RegistryStoreError) {
        file = try HtpasswdFile(path: htpasswd)
        self.realm = realm
    }

    /// Nil when the request may go on; else the 401 to answer.
    func check(_ authorization: String?) async -> RegistryError? {
        guard let (user, password) = Self.credentials(authorization) else { return challenge() }
        let (hash, version) = file.lookup(user)
        let key = user + ":" + SHA256Digester.digest(Array(password.utf8)).encoded
        let known = verified.withLock { state -> Bool in
            if state.version != version { state = (version, []) }
            return state.logins.contains(key)
        }
        if known && hash != nil { return nil }
        let matches = (try? await NIOThreadPool.singleton.runIfActive {
            ccrypt_verify(password, hash ?? Self.dummyHash) == 1
        }) ?? false
        guard matches, hash != nil else { return challenge() }
        verified.withLock { state in
            if state.version == version { state.logins.insert(key) }
        }
        return nil
    }

    private func challenge() -> RegistryError {
        var error = RegistryError(.unauthorized, "authentication required", status: 401)
        error.challenge = "Basic realm=\"\(realm)\""
        return error
    }

    /// `Basic base64(user:password)`.
    static func credentials(_ header: String?) -> (String, String)? {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "basic " else { return nil }
        guard let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: " ")),
              case let text = String(decoding: data, as: UTF8.self), let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
