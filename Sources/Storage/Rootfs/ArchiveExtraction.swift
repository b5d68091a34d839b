import CArchive
import Glibc
import LinuxSupport

/// Reads a tar from a descriptor and writes its entries into an
/// `EntryTree`. Decompression is done here, in-process (gzip, bzip2, xz,
/// zstd): nothing from the container, and no external program, takes part.
enum ArchiveExtraction {
    static func run(input: Int32, into tree: any EntryTree, options: EntryWriterOptions) throws(RootfsError) {
        guard let archive = archive_read_new() else { throw .invalidArchive("out of memory") }
        defer { archive_read_free(archive) }
        archive_read_support_format_tar(archive)
        archive_read_support_filter_gzip(archive)
        archive_read_support_filter_bzip2(archive)
        archive_read_support_filter_xz(archive)
        archive_read_support_filter_zstd(archive)
        guard archive_read_open_fd(archive, input, 1 << 20) == ARCHIVE_OK else {
            throw .invalidArchive(LayerStream.error(archive))
        }
        defer { tree.dropCache() }
        try rootfsLayer { () throws(LayerError) in
            var writer = EntryWriter(tree: tree, archive: archive, options: options)
            var entry: OpaquePointer?
            while true {
                let status = archive_read_next_header(archive, &entry)
                if status == ARCHIVE_EOF { break }
                guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                    throw LayerError.corrupt(LayerStream.error(archive))
                }
                try writer.write(entry)
            }
            try writer.finishDirectories()
        }
    }
}
