import Glibc
import LinuxSupport
import OCI

/// Upload sessions: `uploads/<uuid>/data` grows with each PATCH;
/// `uploads/<uuid>/repository` names the repository that opened it.
extension RegistryStore {
    private func sessionDirectory(_ id: String) -> String { uploads + "/" + id }
    func sessionData(_ id: String) -> String { sessionDirectory(id) + "/data" }

    func openSession(for name: String) throws(RegistryError) -> String {
        let id = RandomID.hex(bytes: 16)
        do {
            try Directory.create(sessionDirectory(id), mode: 0o700)
            try writeFile(sessionDirectory(id) + "/repository", Array(name.utf8))
            let fd = try FD.open(sessionData(id), O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
            FD.close(fd)
        } catch {
            throw RegistryError(.blobUploadInvalid, "cannot open an upload: \(error)", status: 500)
        }
        return id
    }

    /// The session's size so far, when it exists and belongs to `name`.
    func sessionSize(_ id: String, of name: String) -> Int64? {
        guard id.utf8.count == 32, id.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
              (try? SmallFile.read(sessionDirectory(id) + "/repository")) == name,
              let status = try? FileStatus(path: sessionData(id)) else { return nil }
        return status.size
    }

    /// Opens the session's data for appending.
    func appendToSession(_ id: String) throws(RegistryError) -> Int32 {
        do {
            return try FD.open(sessionData(id), O_WRONLY | O_APPEND)
        } catch {
            throw RegistryError(.blobUploadUnknown, "upload \(id) is gone")
        }
    }

    func closeSession(_ id: String) {
        Directory.removeTree(sessionDirectory(id))
    }
}
