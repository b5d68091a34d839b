import CArchiveOnDemand
import Glibc
import LinuxSupport

/// Extracts a tar into a local directory (what `berth cp` receives from a
/// container), as Docker's Untar with NoLchown and NoOverwriteDirNonDir:
/// modes and times kept, owners not, nothing written outside the directory,
/// and a directory never replaced by a file or the other way round.
public enum TarExtractor {
    /// Reads the tar from `fd`; `rename` maps each entry's name (and hard
    /// link targets) before it is placed under `directory`.
    public static func extract(from fd: Int32, into directory: String, rename: (String) -> String) throws(ArchiveError) {
        guard let reader = archive_read_new(), let writer = archive_write_disk_new() else { throw ArchiveError("out of memory") }
        defer {
            archive_read_free(reader)
            archive_write_free(writer)
        }
        archive_read_support_format_tar(reader)
        archive_read_support_filter_all(reader)
        let options = ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_XATTR | ARCHIVE_EXTRACT_SECURE_NODOTDOT
            | ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_UNLINK
        archive_write_disk_set_options(writer, options)
        guard archive_read_open_fd(reader, fd, 1 << 16) == ARCHIVE_OK else { throw ArchiveError(errorText(reader)) }

        // Names are made relative to the directory, which becomes the working
        // directory, so that the symlink checks cover only what is extracted.
        let previous = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard chdir(directory) == 0 else {
            if previous >= 0 { FD.close(previous) }
            throw ArchiveError("chdir \(directory): \(String(cString: strerror(errno)).lowercased())")
        }
        defer {
            if previous >= 0 {
                _ = fchdir(previous)
                FD.close(previous)
            }
        }
        while true {
            var entry: OpaquePointer?
            let status = archive_read_next_header(reader, &entry)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else { throw ArchiveError(errorText(reader)) }
            let original = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            let name = relativeName(rename(original))
            if name.isEmpty || name == "." {
                // The directory itself: only its metadata would change.
                continue
            }
            if name == ".." || name.hasPrefix("../") {
                throw ArchiveError("invalid archive: \(GoQuote.quote(original)) is outside of \(GoQuote.quote(directory))")
            }
            try checkOverwrite(name, isDirectory: archive_entry_filetype(entry) == 0o040000, directory: directory)
            archive_entry_copy_pathname(entry, name)
            if let link = archive_entry_hardlink(entry) {
                archive_entry_copy_hardlink(entry, relativeName(rename(String(cString: link))))
            }
            guard archive_write_header(writer, entry) >= ARCHIVE_WARN else { throw ArchiveError(errorText(writer)) }
            try copyData(reader, writer)
            guard archive_write_finish_entry(writer) >= ARCHIVE_WARN else { throw ArchiveError(errorText(writer)) }
        }
        guard archive_write_close(writer) == ARCHIVE_OK else { throw ArchiveError(errorText(writer)) }
    }

    /// Docker's NoOverwriteDirNonDir.
    static func checkOverwrite(_ name: String, isDirectory: Bool, directory: String) throws(ArchiveError) {
        var status = stat()
        guard lstat(name, &status) == 0 else { return }
        let existingIsDirectory = status.st_mode & S_IFMT == S_IFDIR
        let full = Path.join(directory, name)
        if existingIsDirectory && !isDirectory {
            throw ArchiveError("cannot overwrite directory \(GoQuote.quote(full)) with non-directory \(GoQuote.quote(name))")
        }
        if !existingIsDirectory && isDirectory {
            throw ArchiveError("cannot overwrite non-directory \(GoQuote.quote(full)) with directory \(GoQuote.quote(name))")
        }
    }

    static func copyData(_ reader: OpaquePointer, _ writer: OpaquePointer) throws(ArchiveError) {
        var block: UnsafeRawPointer? = nil
        var size = 0
        var offset: la_int64_t = 0
        while true {
            let status = archive_read_data_block(reader, &block, &size, &offset)
            if status == ARCHIVE_EOF { return }
            guard status >= ARCHIVE_WARN else { throw ArchiveError(errorText(reader)) }
            guard archive_write_data_block(writer, block, size, offset) >= ARCHIVE_WARN else { throw ArchiveError(errorText(writer)) }
        }
    }

    /// A name without leading "/" or "./", cleaned.
    static func relativeName(_ name: String) -> String {
        var parts: [Substring] = []
        for part in name.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    static func errorText(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "archive error"
    }
}

/// Go's %q for the few messages that quote paths.
enum GoQuote {
    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences("\\", "\\\\").replacingOccurrences("\"", "\\\"") + "\""
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
