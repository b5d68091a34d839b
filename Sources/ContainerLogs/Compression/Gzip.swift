import CZlib
import Glibc
import LinuxSupport

/// gzip between descriptors, through the CZlib shim.
enum Gzip {
    /// Compresses `source` into `destination`, storing `headerExtra` in the
    /// gzip header's extra field (Docker keeps the rotated file's last entry
    /// time there).
    static func compress(_ source: Int32, into destination: Int32, headerExtra: String, path: String) throws(ContainerLogsError) {
        let status = cz_gzip_fd(source, destination, headerExtra)
        if status == -1 { throw .system(SystemCallError("gzip", path)) }
        if status != 0 { throw .compression(path: path, reason: "zlib could not compress") }
    }

    enum DecompressionOutcome {
        case complete
        /// The data ends early (the writer was stopped mid-compression) or is
        /// damaged; the destination holds what could be recovered.
        case damaged(String)
    }

    static func decompress(_ source: Int32, into destination: Int32, path: String) throws(ContainerLogsError) -> DecompressionOutcome {
        switch cz_gunzip_fd(source, destination) {
        case 0: return .complete
        case -1: throw .system(SystemCallError("gunzip", path))
        case -3: return .damaged("the compressed data ends early")
        default: return .damaged("the data is not gzip or is corrupt")
        }
    }

    /// The FEXTRA field of a gzip header, from the file's first bytes; nil
    /// when the header has none or is not gzip.
    static func headerExtra(_ header: [UInt8]) -> ArraySlice<UInt8>? {
        // ID1 ID2 CM FLG MTIME(4) XFL OS, then XLEN (little-endian) and the field.
        guard header.count >= 12, header[0] == 0x1F, header[1] == 0x8B, header[2] == 8, header[3] & 0x04 != 0 else { return nil }
        let length = Int(header[10]) | Int(header[11]) << 8
        guard header.count >= 12 + length else { return nil }
        return header[12..<(12 + length)]
    }
}
