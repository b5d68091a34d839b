import CLISupport
import Distribution
import OCI

/// Writes pull and push progress as Docker's JSON messages, one object per
/// line: `status`, `progressDetail` (what CLI 28 draws its bars from),
/// `progress` (the bar pre-rendered, for older clients) and `id`; a push
/// result goes out as `aux`.
struct ProgressWriter: Sendable {
    let response: ResponseWriter

    func write(_ message: ProgressMessage) async {
        var out = StreamMessage(status: message.status, id: message.id)
        if message.hasDetail { out.progressDetail = .init(current: message.current, total: message.total) }
        if let current = message.current, let total = message.total {
            out.progress = JSONProgressBar.render(current: current, total: total, wide: true)
        }
        if let result = message.pushResult {
            out = StreamMessage(progressDetail: .init(), aux: .init(Tag: result.tag, Digest: result.digest, Size: result.size))
        }
        await send(out)
    }

    func fail(_ message: String) async {
        await send(StreamMessage.failure(message))
    }

    private func send(_ message: StreamMessage) async {
        guard let bytes = try? JSON.encode(message) else { return }
        try? await response.write(bytes + [0x0a])
    }
}
