import NIOCore

extension ByteBuffer {
    /// The header of a frame of Docker's multiplexed stream: the stream (1
    /// stdout, 2 stderr), three zero bytes, the payload's length big-endian.
    mutating func writeStreamHeader(stream: UInt8, length: Int) {
        writeBytes([stream, 0, 0, 0])
        writeInteger(UInt32(length))
    }
}
