/// The lexical rules Docker's `cp` applies to container paths (Go's
/// `filepath` semantics): a trailing "/" asserts a directory, a trailing
/// "/." its contents; both must survive cleaning.
enum CopyPath {
    /// "/" joined with `path` and cleaned, keeping a trailing "/" or "/."
    /// the client wrote (moby's `PreserveTrailingDotOrSeparator`).
    static func absolute(_ path: String) -> String {
        var cleaned = clean("/" + path)
        if !specifiesCurrentDirectory(cleaned) && specifiesCurrentDirectory(path) {
            if !cleaned.hasSuffix("/") { cleaned += "/" }
            cleaned += "."
        }
        if !cleaned.hasSuffix("/") && path.hasSuffix("/") { cleaned += "/" }
        return cleaned
    }

    /// Whether the path says "a directory": a trailing "/" or "/.".
    static func assertsDirectory(_ path: String) -> Bool {
        path.hasSuffix("/") || specifiesCurrentDirectory(path)
    }

    static func specifiesCurrentDirectory(_ path: String) -> Bool {
        base(path) == "."
    }

    /// Go's `filepath.Base`: the last element, trailing slashes ignored;
    /// "/" for the root, "." for an empty path.
    static func base(_ path: String) -> String {
        if path.isEmpty { return "." }
        let trimmed = path.reversed().drop(while: { $0 == "/" })
        if trimmed.isEmpty { return "/" }
        return String(String(trimmed).prefix(while: { $0 != "/" }).reversed())
    }

    /// Go's `filepath.Clean` of an absolute path.
    static func clean(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
