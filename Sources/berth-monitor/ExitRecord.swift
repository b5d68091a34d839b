import Glibc
import LinuxSupport

/// How the container's init ended, kept in the `exit` file of the container's
/// directory so a daemon that was down at the time still learns it.
struct ExitRecord {
    var code: Int32
    var oomKilled: Bool
    var finishedAt: String

    static let fileName = "exit"

    var text: String { "code=\(code)\noom=\(oomKilled ? 1 : 0)\nfinished=\(finishedAt)\n" }

    /// The line a waiting client receives.
    var line: String { "exit \(code) \(oomKilled ? 1 : 0) \(finishedAt)\n" }

    func save() {
        try? SmallFile.writeReplacing(Self.fileName, text, mode: 0o600)
    }

    /// The OOM killer's count for the container's cgroup: `oom_kill N` in
    /// memory.oom_control (v1) and memory.events (v2).
    static func oomKills(_ path: String) -> Int {
        guard !path.isEmpty, let text = try? SmallFile.read(path) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("oom_kill ") {
            return Int(line.dropFirst(9)) ?? 0
        }
        return 0
    }
}
