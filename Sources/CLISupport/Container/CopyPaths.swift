/// The path rules of `docker cp` (Go's path/filepath and moby's archive
/// copy helpers): which directory a copy lands in and how the top entry of
/// the tar is renamed on the way.
public enum CopyPaths {
    /// `filepath.Clean`.
    public static func clean(_ path: String) -> String { ContainerSpec.cleanPath(path) }

    /// `filepath.Base`.
    public static func base(_ path: String) -> String {
        if path.isEmpty { return "." }
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed == "/" { return "/" }
        return trimmed.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? "."
    }

    /// `filepath.Dir`.
    public static func dir(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let head = String(path[...slash])
        return clean(head)
    }

    public static func hasTrailingSeparator(_ path: String) -> Bool { path.hasSuffix("/") }

    public static func specifiesCurrentDir(_ path: String) -> Bool { base(path) == "." }

    /// A path that says "directory" (ends in "/" or "/.").
    public static func assertsDirectory(_ path: String) -> Bool { hasTrailingSeparator(path) || specifiesCurrentDir(path) }

    /// Keeps the "/." or "/" a cleaned path lost.
    public static func preserveTrailingDotOrSeparator(_ cleaned: String, original: String) -> String {
        var result = cleaned
        if !specifiesCurrentDir(result) && specifiesCurrentDir(original) {
            if !hasTrailingSeparator(result) { result += "/" }
            result += "."
        }
        if !hasTrailingSeparator(result) && hasTrailingSeparator(original) { result += "/" }
        return result
    }

    /// The directory holding `path`, and its last element ("." kept).
    public static func splitDirEntry(_ path: String) -> (dir: String, base: String) {
        var cleaned = clean(path)
        if specifiesCurrentDir(path) { cleaned += "/." }
        return (dir(cleaned), base(cleaned))
    }

    /// `filepath.Abs` keeping the trailing "/" or "/." (resolveLocalPath).
    public static func resolveLocal(_ path: String, workingDirectory: String) -> String {
        let absolute = path.hasPrefix("/") ? clean(path) : clean(workingDirectory + "/" + path)
        return preserveTrailingDotOrSeparator(absolute, original: path)
    }

    /// One side of a copy: where it is, and what is there.
    public struct Info: Equatable, Sendable {
        public var path: String
        public var exists = false
        public var isDirectory = false
        /// The name the top entry takes instead of the path's base (a
        /// followed symlink, or a trailing "/" that resolved elsewhere).
        public var rebaseName = ""

        public init(path: String, exists: Bool = false, isDirectory: Bool = false, rebaseName: String = "") {
            self.path = path
            self.exists = exists
            self.isDirectory = isDirectory
            self.rebaseName = rebaseName
        }
    }

    /// Where the tar is extracted, and the renaming of its entries
    /// (Docker's PrepareArchiveCopy).
    public struct Plan: Equatable, Sendable {
        public var directory: String
        /// How each entry's name changes (none: extracted as they are).
        public var rebase: Rename?

        public init(directory: String, rebase: Rename?) {
            self.directory = directory
            self.rebase = rebase
        }
    }

    public struct Rename: Equatable, Sendable {
        public var old: String
        public var new: String
        public init(old: String, new: String) {
            self.old = old == "/" ? "" : old
            self.new = new
        }

        /// Go's strings.Replace(name, old, new, 1).
        public func apply(_ name: String) -> String {
            if old.isEmpty { return new + name }
            guard let range = name.firstRange(of: old) else { return name }
            var result = name
            result.replaceSubrange(range, with: new)
            return result
        }
    }

    public enum PlanError: Error, Equatable, Sendable {
        case cannotCopyDirectory
        case noSuchDirectory

        public var message: String {
            switch self {
            case .cannotCopyDirectory: return "cannot copy directory"
            case .noSuchDirectory: return "no such directory"
            }
        }
    }

    public static func plan(source: Info, destination: Info) throws(PlanError) -> Plan {
        let (destinationDir, destinationBase) = splitDirEntry(destination.path)
        var sourceBase = splitDirEntry(source.path).base
        if !source.rebaseName.isEmpty { sourceBase = source.rebaseName }
        if destination.exists && destination.isDirectory { return Plan(directory: destination.path, rebase: nil) }
        if destination.exists && source.isDirectory { throw .cannotCopyDirectory }
        if !destination.exists && !source.isDirectory && assertsDirectory(destination.path) { throw .noSuchDirectory }
        return Plan(directory: destinationDir, rebase: Rename(old: sourceBase, new: destinationBase))
    }

    /// Docker's splitCpArg: `CONTAINER:PATH`, or a local path (absolute,
    /// starting with ".", or without a colon).
    public static func splitArgument(_ argument: String) -> (container: String, path: String) {
        if argument.hasPrefix("/") { return ("", argument) }
        guard let colon = argument.firstIndex(of: ":") else { return ("", argument) }
        let container = String(argument[..<colon])
        if container.hasPrefix(".") { return ("", argument) }
        return (container, String(argument[argument.index(after: colon)...]))
    }

    /// `archive.GetRebaseName`: the path as resolved, with its trailing "/"
    /// or "/." kept, and the name to give its entry if the base changed.
    public static func rebaseName(path: String, resolved: String) -> (String, String) {
        var resolvedPath = resolved
        if specifiesCurrentDir(path) && !specifiesCurrentDir(resolvedPath) { resolvedPath += "/." }
        if hasTrailingSeparator(path) && !hasTrailingSeparator(resolvedPath) { resolvedPath += "/" }
        return (resolvedPath, base(path) != base(resolvedPath) ? base(path) : "")
    }
}
