/// `POST /containers/{id}/wait` conditions, as Docker names them.
public enum WaitCondition: String, Sendable {
    case notRunning = "not-running"
    case nextExit = "next-exit"
    case removed
}

public struct WaitResult: Sendable {
    public let statusCode: Int32
    public let error: String?
}

/// Clients waiting for containers to exit or go away.
struct ExitWaiters {
    private struct Waiter {
        let id: Int
        let condition: WaitCondition
        let continuation: CheckedContinuation<WaitResult, Never>
    }

    private var waiters: [String: [Waiter]] = [:]
    private var nextID = 0

    mutating func add(_ container: String, _ condition: WaitCondition, _ continuation: CheckedContinuation<WaitResult, Never>) -> Int {
        nextID += 1
        waiters[container, default: []].append(Waiter(id: nextID, condition: condition, continuation: continuation))
        return nextID
    }

    /// The container exited: wakes those waiting for an exit, keeps those waiting for removal.
    mutating func exited(_ container: String, code: Int32, autoRemove: Bool) {
        guard let list = waiters[container] else { return }
        var kept: [Waiter] = []
        for waiter in list {
            if waiter.condition == .removed {
                kept.append(waiter)
            } else {
                waiter.continuation.resume(returning: WaitResult(statusCode: code, error: nil))
            }
        }
        waiters[container] = kept.isEmpty ? nil : kept
    }

    mutating func removed(_ container: String, code: Int32) {
        for waiter in waiters.removeValue(forKey: container) ?? [] {
            waiter.continuation.resume(returning: WaitResult(statusCode: code, error: nil))
        }
    }

    /// A waiter whose client went away.
    mutating func cancel(_ container: String, id: Int) {
        guard var list = waiters[container], let index = list.firstIndex(where: { $0.id == id }) else { return }
        let waiter = list.remove(at: index)
        waiters[container] = list.isEmpty ? nil : list
        waiter.continuation.resume(returning: WaitResult(statusCode: -1, error: "cancelled"))
    }
}
