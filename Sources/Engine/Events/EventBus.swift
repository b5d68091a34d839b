import Glibc
import Synchronization

/// The daemon's event stream: recent history for `since`, and live
/// subscribers. Publishing never blocks on a slow subscriber: each has its
/// own buffer.
public final class EventBus: Sendable {
    private struct State {
        var history: [EngineEvent] = []
        var subscribers: [Int: AsyncStream<EngineEvent>.Continuation] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())
    static let historyLimit = 1000

    public init() {}

    public func publish(type: String, action: String, id: String, attributes: [String: String]) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let event = EngineEvent(type: type, action: action, id: id, attributes: attributes,
                                timeNano: Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec))
        let subscribers = state.withLock { state in
            state.history.append(event)
            if state.history.count > Self.historyLimit { state.history.removeFirst(state.history.count - Self.historyLimit) }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.yield(event) }
    }

    /// The events kept so far, and a stream of those that follow (no gap,
    /// no duplicate between the two).
    public func subscribe() -> (history: [EngineEvent], live: AsyncStream<EngineEvent>) {
        let (stream, continuation) = AsyncStream<EngineEvent>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        let (history, id) = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = continuation
            return (state.history, id)
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return (history, stream)
    }
}
