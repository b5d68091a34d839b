import Synchronization

/// Tells a following reader that no more output will come (the container
/// stopped): it yields what is still unread, then ends. Set from any thread.
/// To end at once instead, cancel the task that iterates.
public final class LogFollowStop: Sendable {
    private let stopped = Atomic<Bool>(false)

    public init() {}

    public func stop() {
        stopped.store(true, ordering: .releasing)
    }

    public var isStopped: Bool {
        stopped.load(ordering: .acquiring)
    }
}
