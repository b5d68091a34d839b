import Glibc
import LinuxSupport
import Synchronization

/// Takes a kernel wait off the path of `docker run` and `docker exec`.
///
/// The runtime moves every new container process into its cgroup. Unless
/// the host mounted its cgroup hierarchies with `favordynmods`, the first
/// such move after a quiet spell waits for an RCU grace period (about 20 ms
/// on the 2-core test machine, a third of a whole `run`); moves that follow
/// within a grace period do not wait. So from the moment a container is
/// created, started or exec'd into, and for a second after, a background
/// thread "moves" berthd into the cgroup it is already in every few
/// milliseconds: that changes nothing, but keeps the kernel's lock in its
/// fast state, and the wait happens while berthd mounts, writes and spawns.
/// (docs/decisions/0008-run-latency.md)
public final class CgroupAttachWarmer: Sendable {
    private struct State {
        var deadline = 0.0
        var running = false
        var failed = false
    }

    /// berthd's own `cgroup.procs`, or nil where there is none to write.
    private let procsFile: String?
    private let state = Mutex(State())
    private static let interval = 0.005

    public init(procsFile: String?) {
        self.procsFile = procsFile
    }

    /// For this process: its cgroup in the v2 hierarchy on a pure v2 host,
    /// else in a v1 hierarchy (every hierarchy shares the one lock).
    public static func forThisProcess() -> CgroupAttachWarmer {
        CgroupAttachWarmer(procsFile: ownProcsFile())
    }

    /// Keeps the lock warm for the next `seconds`.
    public func warm(seconds: Double = 1) {
        guard let procsFile else { return }
        let startThread = state.withLock { state -> Bool in
            guard !state.failed else { return false }
            state.deadline = max(state.deadline, Clock.monotonicSeconds() + seconds)
            if state.running { return false }
            state.running = true
            return true
        }
        guard startThread else { return }
        let started = BackgroundThread.start { [self] in self.run(procsFile) }
        if !started { state.withLock { $0.running = false } }
    }

    private func run(_ procsFile: String) {
        let pid = String(getpid())
        while true {
            let done = state.withLock { state -> Bool in
                if Clock.monotonicSeconds() < state.deadline { return false }
                state.running = false
                return true
            }
            if done { return }
            do {
                try SmallFile.write(procsFile, pid)
            } catch {
                // Not allowed here (a delegated or read-only cgroupfs): runs just wait.
                state.withLock { state in
                    state.failed = true
                    state.running = false
                }
                return
            }
            Clock.sleep(seconds: Self.interval)
        }
    }

    private static func ownProcsFile() -> String? {
        guard let text = try? SmallFile.read("/proc/self/cgroup") else { return nil }
        // Lines are "ID:CONTROLLERS:PATH"; the v2 line is "0::PATH".
        var hierarchies: [(controllers: String, path: String)] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            hierarchies.append((String(fields[1]), String(fields[2])))
        }
        var candidates: [String] = []
        if SmallFile.exists("/sys/fs/cgroup/cgroup.controllers"),
           let unified = hierarchies.first(where: { $0.controllers.isEmpty }) {
            candidates.append("/sys/fs/cgroup" + unified.path)
        }
        for hierarchy in hierarchies where !hierarchy.controllers.isEmpty && !hierarchy.controllers.hasPrefix("name=") {
            let controller = hierarchy.controllers.split(separator: ",").first.map(String.init) ?? ""
            candidates.append("/sys/fs/cgroup/\(controller)\(hierarchy.path)")
        }
        return candidates.map { Path.join($0, "cgroup.procs") }.first(where: SmallFile.exists)
    }
}
