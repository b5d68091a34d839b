import LinuxSupport
import OCI
import Storage

/// Downloads and unpacks the layers of one pull, at most
/// `maxConcurrentDownloads` at a time. Each layer is verified (size while
/// it streams, digest at its end) before its blob is published, and
/// unpacked as soon as it is, while other downloads go on.
struct LayerFetcher: Sendable {
    let client: RegistryClient
    let session: RegistrySession
    let progress: ProgressSink

    struct Result: Sendable {
        var layers: [PulledLayer]
        /// Blob digests and chain IDs leased on the way, released after the commit.
        var leased: [String]
        var downloaded: Int
    }

    func fetchAll(layers: [Descriptor], diffIDs: [Digest], chainIDs: [String]) async throws -> Result {
        let store = client.store
        var results = [PulledLayer?](repeating: nil, count: layers.count)
        var pending: [Int] = []
        for (index, layer) in layers.enumerated() {
            if store.hasLayer(chainID: chainIDs[index], blob: layer.digest) {
                results[index] = PulledLayer(blob: layer, diffID: diffIDs[index], chainID: chainIDs[index],
                                             size: store.recordedLayerSize(chainID: chainIDs[index]) ?? 0)
                await progress(.layer(layer.digest.shortID, "Already exists"))
            } else {
                pending.append(index)
                await progress(.layer(layer.digest.shortID, "Pulling fs layer"))
            }
        }
        let limit = client.configuration.maxConcurrentDownloads
        for index in pending.dropFirst(limit) { await progress(.layer(layers[index].digest.shortID, "Waiting")) }

        var downloaded = 0
        var leased: [String] = []
        try await withThrowingTaskGroup(of: (Int, PulledLayer, Bool).self) { group in
            var queue = pending[...]
            func startNext() {
                guard let index = queue.popFirst() else { return }
                group.addTask {
                    let (layer, didDownload) = try await fetch(layers[index], diffID: diffIDs[index], chainID: chainIDs[index])
                    return (index, layer, didDownload)
                }
            }
            for _ in 0..<limit { startNext() }
            while let (index, layer, didDownload) = try await group.next() {
                results[index] = layer
                leased += [layer.blob.digest.description, layer.chainID]
                if didDownload { downloaded += 1 }
                startNext()
            }
        }
        return Result(layers: results.map { $0! }, leased: leased, downloaded: downloaded)
    }

    private func fetch(_ blob: Descriptor, diffID: Digest, chainID: String) async throws -> (PulledLayer, Bool) {
        let store = client.store
        let id = blob.digest.shortID
        var didDownload = false
        if !store.content.contains(blob.digest) {
            try await downloadWithRetries(blob, id: id)
            didDownload = true
        }
        await progress(.layer(id, "Verifying Checksum"))
        await progress(.layer(id, "Download complete"))
        await progress(ProgressMessage(id: id, status: "Extracting", current: 0, total: blob.size))
        let size = try await client.blocking { () throws -> Int64 in
            let size: Int64
            do { size = try store.unpackLayer(blob: blob.digest, diffID: diffID, chainID: chainID) } catch {
                throw RegistryClientError(.invalidContent, "layer \(blob.digest): \(error)")
            }
            store.lease([blob.digest.description, chainID])
            return size
        }
        await progress(ProgressMessage(id: id, status: "Extracting", current: blob.size, total: blob.size))
        await progress(.layer(id, "Pull complete"))
        return (PulledLayer(blob: blob, diffID: diffID, chainID: chainID, size: size), didDownload)
    }

    /// The bytes of a layer received so far, kept across retries: a retry
    /// asks for the rest with `Range` and appends when the registry honours it.
    private final class PartialDownload {
        let writer: BlobWriter
        var received: Int64 = 0
        init(writer: BlobWriter) { self.writer = writer }
        deinit { writer.abort() }
    }

    /// Docker's retry: a transient failure waits 5 s × attempt (counted down
    /// in the progress), up to `maxDownloadAttempts` tries in all.
    private func downloadWithRetries(_ blob: Descriptor, id: String) async throws {
        var attempt = 1
        var partial: PartialDownload?
        while true {
            do {
                try await download(blob, id: id, partial: &partial)
                return
            } catch let error as RegistryClientError where error.isTransient && attempt < client.configuration.maxDownloadAttempts {
                let delay = client.configuration.retryDelaySeconds * attempt
                for remaining in stride(from: delay, to: 0, by: -1) {
                    await progress(ProgressMessage(id: id, status: "Retrying in \(remaining) second" + (remaining == 1 ? "" : "s")))
                    try await Task.sleep(for: .seconds(1))
                }
                attempt += 1
            }
        }
    }

    private func download(_ blob: Descriptor, id: String, partial: inout PartialDownload?) async throws {
        let url = session.endpoint.url(repository: session.repository, "blobs/" + blob.digest.description)
        let resumeAt = partial?.received ?? 0
        let response = try await session.send(.GET, url, headers: resumeAt > 0 ? [("Range", "bytes=\(resumeAt)-")] : [])
        let code = response.status.code
        // 206 from where we stopped continues the file; anything else that
        // succeeded (a 200: no ranges here) starts it again.
        let resumes = code == 206 && response.headers.first(name: "Content-Range")?.hasPrefix("bytes \(resumeAt)-") == true
        guard code == 200 || resumes else {
            if code == 416 || code == 206 {
                // The registry will not continue from here: the next try starts the layer again.
                partial = nil
                await RegistryBody.discard(response, url: url)
                throw RegistryClientError(.protocolError, "\(url): cannot resume at byte \(resumeAt) (status \(code))", transient: true)
            }
            throw await RegistryClientError.unexpected(response, url: url)
        }
        if !resumes || partial == nil {
            do { partial = PartialDownload(writer: try client.store.content.ingest()) } catch { throw RegistryClientError(.storage, "\(error)") }
        }
        guard let state = partial else { return }
        let writer = state.writer
        var throttle = ProgressThrottle()
        do {
            for try await buffer in response.body {
                state.received += Int64(buffer.readableBytes)
                guard state.received <= blob.size else {
                    partial = nil
                    throw RegistryClientError(.invalidContent, "filesystem layer verification failed for digest \(blob.digest)")
                }
                try buffer.withUnsafeReadableBytes { bytes in try writer.write(bytes) }
                if throttle.shouldReport(current: state.received, total: blob.size, now: Clock.monotonicSeconds()) {
                    await progress(ProgressMessage(id: id, status: "Downloading", current: state.received, total: blob.size))
                }
            }
        } catch let error as RegistryClientError {
            throw error
        } catch let error as StorageError {
            partial = nil
            throw RegistryClientError(.storage, "\(error)")
        } catch {
            // A connection that ends early: Go's client calls it an unexpected EOF.
            throw RegistryClientError(.unreachable, "reading \(url): unexpected EOF (\(state.received) of \(blob.size) bytes)", transient: true)
        }
        guard state.received == blob.size else {
            // The connection ended early without an error: try again for the rest.
            throw RegistryClientError(.unreachable, "unexpected EOF reading \(url) (\(state.received) of \(blob.size) bytes)", transient: true)
        }
        // Whatever the verdict, these bytes are done with: a mismatch is not retried.
        defer { partial = nil }
        do { try writer.commit(expected: blob.digest, expectedSize: blob.size) } catch {
            if case .system = error { throw RegistryClientError(.storage, "\(error)") }
            throw RegistryClientError(.invalidContent, "filesystem layer verification failed for digest \(blob.digest)")
        }
    }
}
