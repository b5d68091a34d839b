import CLISupport

/// The image reference `pull` and `push` act on, read as docker 28 reads it:
/// normalized, refused with a tag or digest under `--all-tags`, and given
/// `latest` (said on stdout unless quiet) when it names neither.
enum TransferReference {
    static func parse(_ text: String, allTags: Bool, quiet: Bool) throws -> ImageReference {
        var reference: ImageReference
        do { reference = try ImageReference.parseNormalized(text) } catch { throw CLIError(error.message) }
        let nameOnly = reference.tag == nil && reference.digest == nil
        if allTags && !nameOnly { throw CLIError("tag can't be used with --all-tags/-a") }
        if !allTags && nameOnly {
            reference.tag = "latest"
            if !quiet { Output.out("Using default tag: latest\n") }
        }
        return reference
    }
}
