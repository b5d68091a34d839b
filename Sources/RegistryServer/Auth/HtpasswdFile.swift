import LinuxSupport
import Synchronization

/// An htpasswd file's users and bcrypt hashes (`htpasswd -B`), read again
/// when the file changes on disk. Lines with other hash schemes are skipped,
/// as the reference registry does.
final class HtpasswdFile: Sendable {
    private struct Contents {
        var status: FileStatus?
        var users: [String: String] = [:]
    }

    let path: String
    private let contents = Mutex(Contents())

    init(path: String) throws(RegistryStoreError) {
        self.path = path
        guard reloadIfChanged() else { throw RegistryStoreError("cannot read the htpasswd file \(path)") }
    }

    /// The user's hash and the file version it came from, as the file is now.
    func lookup(_ user: String) -> (hash: String?, version: FileStatus?) {
        reloadIfChanged()
        return contents.withLock { ($0.users[user], $0.status) }
    }

    @discardableResult
    private func reloadIfChanged() -> Bool {
        guard let current = try? FileStatus(path: path) else { return false }
        if contents.withLock({ $0.status == current }) { return true }
        guard let text = try? SmallFile.read(path) else { return false }
        var users: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let user = String(line[..<colon])
            let hash = String(line[line.index(after: colon)...]).trimmingCharacters(in: " \t\r")
            guard !user.isEmpty, hash.hasPrefix("$2y$") || hash.hasPrefix("$2a$") || hash.hasPrefix("$2b$") else { continue }
            users[user] = hash
        }
        contents.withLock { $0 = Contents(status: current, users: users) }
        return true
    }
}
