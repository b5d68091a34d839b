/// One line of a pull or push progress stream, before the Engine API turns
/// it into Docker's JSON message (`status`, `id`, `progressDetail`).
public struct ProgressMessage: Sendable, Equatable {
    public var id: String?
    public var status: String
    /// Bytes done and in all, for the bars; nil for a plain status line.
    public var current: Int64?
    public var total: Int64?
    /// Lines with a detail (even an empty one) make Docker's CLI draw a row per id.
    public var hasDetail: Bool
    /// The push result Docker sends as `aux`.
    public var pushResult: PushResult?

    public init(id: String? = nil, status: String, current: Int64? = nil, total: Int64? = nil, hasDetail: Bool = false,
                pushResult: PushResult? = nil) {
        self.id = id
        self.status = status
        self.current = current
        self.total = total
        self.hasDetail = hasDetail || current != nil
        self.pushResult = pushResult
    }

    /// A per-layer status with an empty detail: `Pulling fs layer`, `Pull complete`.
    static func layer(_ id: String, _ status: String) -> ProgressMessage {
        ProgressMessage(id: id, status: status, hasDetail: true)
    }
}

/// What `aux` of a push reports.
public struct PushResult: Sendable, Equatable {
    public let tag: String
    public let digest: String
    public let size: Int
}

/// Where progress goes: the API route writes each message to the client.
public typealias ProgressSink = @Sendable (ProgressMessage) async -> Void

/// Limits byte progress to what a terminal can show: an update per 512 KiB
/// or 1 % of the total, whichever is smaller, and at most one per 100 ms.
struct ProgressThrottle {
    private var lastBytes: Int64 = 0
    private var lastTime: Double = 0

    mutating func shouldReport(current: Int64, total: Int64, now: Double) -> Bool {
        let step = min(Int64(512 << 10), max(total / 100, 1))
        guard current - lastBytes >= step || current == total, now - lastTime >= 0.1 || current == total else { return false }
        lastBytes = current
        lastTime = now
        return true
    }
}
