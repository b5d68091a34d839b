import Glibc
import LinuxSupport
import NIOCore

/// A file, or the byte range `start..<start+length` of it, read in 1 MiB
/// chunks as an async sequence of buffers: the body of a blob upload,
/// reporting the file offset reached so a push can draw its bar.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let path: String
    var start: Int64 = 0
    var length: Int64 = .max
    let onProgress: @Sendable (Int64) -> Void
    static let chunkSize = 1 << 20

    final class Handle {
        let fd: Int32
        init(fd: Int32) { self.fd = fd }
        deinit { if fd >= 0 { Glibc.close(fd) } }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: Handle
        var offset: Int64
        let end: Int64
        let onProgress: @Sendable (Int64) -> Void

        mutating func next() async throws -> ByteBuffer? {
            var buffer = ByteBuffer()
            buffer.reserveCapacity(FileChunks.chunkSize)
            let fd = handle.fd
            let position = offset
            let wanted = Int(Swift.min(Int64(FileChunks.chunkSize), end - offset))
            guard wanted > 0 else { return nil }
            let count = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: FileChunks.chunkSize) { bytes in
                while true {
                    let n = pread(fd, bytes.baseAddress, Swift.min(bytes.count, wanted), off_t(position))
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { throw SystemCallError("pread", "blob") }
                    return n
                }
            }
            guard count > 0 else { return nil }
            offset += Int64(count)
            onProgress(offset)
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        let end = length == .max ? Int64.max : start + length
        return AsyncIterator(handle: Handle(fd: fd), offset: start, end: end, onProgress: onProgress)
    }
}
