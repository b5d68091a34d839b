import Glibc
import LinuxSupport

/// Resolves a container's `User` ("name", "uid", "name:group", "uid:gid")
/// against the image's /etc/passwd and /etc/group, as Docker does before
/// the process starts.
struct UserLookup {
    struct Resolved {
        var uid: UInt32
        var gid: UInt32
        var additionalGids: [UInt32]
    }

    let rootfs: String

    func resolve(_ user: String, groupAdd: [String]) throws(EngineError) -> Resolved {
        let passwd = entries("/etc/passwd")
        let groups = entries("/etc/group")
        let parts = user.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let userPart = parts.first ?? ""
        var resolved = Resolved(uid: 0, gid: 0, additionalGids: [])
        var userName: String?
        if userPart.isEmpty {
            userName = passwd.first { $0.count > 2 && $0[2] == "0" }?.first ?? "root"
        } else if let uid = UInt32(userPart) {
            resolved.uid = uid
            if let entry = passwd.first(where: { $0.count > 3 && $0[2] == userPart }) {
                userName = entry[0]
                resolved.gid = UInt32(entry[3]) ?? 0
            }
        } else {
            guard let entry = passwd.first(where: { $0.count > 3 && $0[0] == userPart }),
                  let uid = UInt32(entry[2]), let gid = UInt32(entry[3]) else {
                throw .invalid("unable to find user \(userPart): no matching entries in passwd file")
            }
            userName = userPart
            resolved.uid = uid
            resolved.gid = gid
        }
        if parts.count == 2 {
            resolved.gid = try groupID(parts[1], groups)
        } else if let userName {
            // Supplementary groups from the group file, as login would give them.
            for entry in groups where entry.count > 3 {
                let members = entry[3].split(separator: ",").map(String.init)
                if members.contains(userName), let gid = UInt32(entry[2]), gid != resolved.gid { resolved.additionalGids.append(gid) }
            }
        }
        for group in groupAdd { resolved.additionalGids.append(try groupID(group, groups)) }
        return resolved
    }

    private func groupID(_ group: String, _ groups: [[String]]) throws(EngineError) -> UInt32 {
        if let gid = UInt32(group) { return gid }
        guard let entry = groups.first(where: { $0.count > 2 && $0[0] == group }), let gid = UInt32(entry[2]) else {
            throw .invalid("unable to find group \(group): no matching entries in group file")
        }
        return gid
    }

    /// The colon-separated lines of a file in the image. A path through a
    /// symlink is treated as absent: the file is read by the daemon on the
    /// host, and a link could point anywhere there.
    private func entries(_ path: String) -> [[String]] {
        var info = stat()
        let parent = rootfs + Path.parent(path)
        guard lstat(parent, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR,
              lstat(rootfs + path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
              let text = try? SmallFile.read(rootfs + path) else { return [] }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
            $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
