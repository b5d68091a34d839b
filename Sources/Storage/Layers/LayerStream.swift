import CArchive
import Glibc
import OCI

/// A layer blob read once, through two chained libarchive handles: the outer
/// one decompresses whatever the blob is (none, gzip, zstd) and the inner one
/// reads the tar from those bytes. Both byte streams are hashed on the way,
/// so the blob's digest and the diff ID come from the same single read.
final class LayerStream {
    private let fd: Int32
    private let outer: OpaquePointer
    let inner: OpaquePointer
    private let buffer: UnsafeMutableRawPointer
    private static let bufferSize = 1 << 20
    private var compressedDigester = SHA256Digester()
    private var uncompressedDigester = SHA256Digester()
    private var outerAtEnd = false

    init(fd: Int32) throws(LayerError) {
        self.fd = fd
        buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.bufferSize, alignment: 16)
        guard let outer = archive_read_new(), let inner = archive_read_new() else { throw .corrupt("out of memory") }
        self.outer = outer
        self.inner = inner
        archive_read_support_filter_all(outer)
        archive_read_support_format_raw(outer)
        archive_read_support_format_tar(inner)
        let context = Unmanaged.passUnretained(self).toOpaque()
        guard archive_read_open(outer, context, nil, Self.readCompressed, nil) == ARCHIVE_OK else {
            throw .corrupt(Self.error(outer))
        }
        var entry: OpaquePointer?
        // The raw format presents the whole decompressed stream as one entry.
        let status = archive_read_next_header(outer, &entry)
        guard status == ARCHIVE_OK else { throw .corrupt(Self.error(outer)) }
        guard archive_read_open(inner, context, nil, Self.readUncompressed, nil) == ARCHIVE_OK else {
            throw .corrupt(Self.error(inner))
        }
    }

    deinit {
        archive_read_free(inner)
        archive_read_free(outer)
        buffer.deallocate()
    }

    /// After the tar's end: the rest of both streams, so the digests cover
    /// every byte (tar padding, compression trailers).
    func finish() throws(LayerError) -> (diffID: Digest, compressed: Digest) {
        while !outerAtEnd {
            var pointer: UnsafeRawPointer?
            var size = 0
            var offset: la_int64_t = 0
            let status = archive_read_data_block(outer, &pointer, &size, &offset)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK else { throw .corrupt(Self.error(outer)) }
            if let pointer, size > 0 { uncompressedDigester.update(UnsafeRawBufferPointer(start: pointer, count: size)) }
        }
        while true {
            let n = read(fd, buffer, Self.bufferSize)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            compressedDigester.update(UnsafeRawBufferPointer(start: buffer, count: n))
        }
        return (uncompressedDigester.finalize(), compressedDigester.finalize())
    }

    static func error(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unreadable stream"
    }

    private static let readCompressed: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<UnsafeRawPointer?>?) -> la_ssize_t = { _, context, out in
        let stream = Unmanaged<LayerStream>.fromOpaque(context!).takeUnretainedValue()
        while true {
            let n = read(stream.fd, stream.buffer, bufferSize)
            if n < 0 && errno == EINTR { continue }
            if n > 0 { stream.compressedDigester.update(UnsafeRawBufferPointer(start: stream.buffer, count: n)) }
            out?.pointee = UnsafeRawPointer(stream.buffer)
            return n
        }
    }

    private static let readUncompressed: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<UnsafeRawPointer?>?) -> la_ssize_t = { _, context, out in
        let stream = Unmanaged<LayerStream>.fromOpaque(context!).takeUnretainedValue()
        if stream.outerAtEnd { return 0 }
        var pointer: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        let status = archive_read_data_block(stream.outer, &pointer, &size, &offset)
        if status == ARCHIVE_EOF {
            stream.outerAtEnd = true
            return 0
        }
        guard status == ARCHIVE_OK else { return -1 }
        if let pointer, size > 0 { stream.uncompressedDigester.update(UnsafeRawBufferPointer(start: pointer, count: size)) }
        out?.pointee = pointer
        return size
    }
}
