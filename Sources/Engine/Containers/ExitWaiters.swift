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
        let condition: WaitCondition
        let continuation: CheckedContinuation<WaitResult, Never>
    }

    private var waiters: [String: [Waiter]] = [:]

    mutating func add(_ container: String, _ condition: WaitCondition, _ continuation: CheckedContinuation<WaitResult, Never>) {
        waiters[container, default: []].append(Waiter(condition: condition, continuation: continuation))
    }

    /// The container exited: wakes those waiting for an exit, keeps those waiting for removal.
    mutating func exited(_ container: String, code: Int32) {
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
}
