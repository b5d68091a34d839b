import AsyncHTTPClient

/// Reading response bodies with a cap, so a hostile registry cannot make us
/// buffer without end.
enum RegistryBody {
    static func collect(_ response: HTTPClientResponse, limit: Int, url: String) async throws(RegistryClientError) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            for try await buffer in response.body {
                guard bytes.count + buffer.readableBytes <= limit else {
                    throw RegistryClientError(.invalidContent, "response from \(url) exceeds \(limit) bytes")
                }
                bytes.append(contentsOf: buffer.readableBytesView)
            }
        } catch let error as RegistryClientError {
            throw error
        } catch {
            throw RegistryClientError(.unreachable, "reading \(url): \(error)", transient: true)
        }
        return bytes
    }

    /// Reads and drops a body we have no use for (a ping's `{}`, a HEAD's
    /// nothing), so the response is complete.
    static func discard(_ response: HTTPClientResponse, url: String) async {
        _ = try? await collect(response, limit: 1 << 16, url: url)
    }
}
