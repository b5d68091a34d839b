import CLISupport
import EngineClient

/// The rows of `images`: one per repository:tag of each image (Docker's
/// imageFormatTaggedAndDigest), with the fields its formatter context offers.
enum ImageListRows {
    static let headers: [(String, String)] = [
        ("ID", "IMAGE ID"), ("Repository", "REPOSITORY"), ("Tag", "TAG"), ("Digest", "DIGEST"),
        ("CreatedSince", "CREATED"), ("CreatedAt", "CREATED AT"), ("Size", "SIZE"), ("Containers", "CONTAINERS"),
        ("VirtualSize", "SIZE"), ("SharedSize", "SHARED SIZE"), ("UniqueSize", "UNIQUE SIZE"),
    ]

    static let defaultTable = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}"
    static let defaultTableWithDigest = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}"

    /// Docker's NewImageFormat.
    static func format(_ source: String, quiet: Bool, digests: Bool) -> String {
        switch source {
        case "table":
            return quiet ? "{{.ID}}" : digests ? defaultTableWithDigest : defaultTable
        case "raw":
            if quiet { return "image_id: {{.ID}}" }
            return digests
                ? "repository: {{ .Repository }}\ntag: {{.Tag}}\ndigest: {{.Digest}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n"
                : "repository: {{ .Repository }}\ntag: {{.Tag}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n"
        default:
            if source.hasPrefix("table") && digests && !source.contains("{{.Digest}}") { return source + "\t{{.Digest}}" }
            return source
        }
    }

    static func isDangling(_ image: ImageSummary) -> Bool {
        let tags = image.RepoTags ?? [], digests = image.RepoDigests ?? []
        if tags.isEmpty && digests.isEmpty { return true }
        return tags == ["<none>:<none>"] && digests == ["<none>@<none>"]
    }

    static func rows(_ images: [ImageSummary], truncate: Bool, showDigests: Bool, format: String, now: Double) -> [TemplateValue] {
        let needDigest = showDigests || format.contains("{{.Digest}}")
        var rows: [TemplateValue] = []
        for image in images {
            func row(_ repository: String, _ tag: String, _ digest: String) {
                rows.append(.record(record(image, repository: repository, tag: tag, digest: digest, truncate: truncate, now: now)))
            }
            if isDangling(image) {
                row("<none>", "<none>", "<none>")
                continue
            }
            // Repositories in the order the daemon listed them (Docker's own
            // order here comes from a Go map, so it varies from run to run).
            var tagRepos: [String] = [], tagsByRepo: [String: [String]] = [:]
            for text in image.RepoTags ?? [] {
                guard let ref = try? ImageReference.parseNormalized(text), let tag = ref.tag else { continue }
                let repo = ref.familiarName
                if tagsByRepo[repo] == nil { tagRepos.append(repo) }
                tagsByRepo[repo, default: []].append(tag)
            }
            var digestRepos: [String] = [], digestsByRepo: [String: [String]] = [:]
            for text in image.RepoDigests ?? [] {
                guard let ref = try? ImageReference.parseNormalized(text), let digest = ref.digest else { continue }
                let repo = ref.familiarName
                if digestsByRepo[repo] == nil { digestRepos.append(repo) }
                digestsByRepo[repo, default: []].append(digest)
            }
            for repo in tagRepos {
                var digests = digestsByRepo.removeValue(forKey: repo) ?? []
                if !needDigest { digests = [] }
                for tag in tagsByRepo[repo]! {
                    if digests.isEmpty { row(repo, tag, "<none>"); continue }
                    for digest in digests { row(repo, tag, digest) }
                }
            }
            for repo in digestRepos {
                guard let digests = digestsByRepo[repo] else { continue }
                if showDigests {
                    for digest in digests { row(repo, "<none>", digest) }
                } else {
                    row(repo, "<none>", "")
                }
            }
        }
        return rows
    }

    static func record(_ image: ImageSummary, repository: String, tag: String, digest: String, truncate: Bool, now: Double) -> TemplateRecord {
        let id = image.Id ?? ""
        let created = image.Created ?? 0
        let size = image.Size ?? 0
        let shared = image.SharedSize ?? -1
        let containers = image.Containers ?? -1
        return TemplateRecord(typeName: "*formatter.imageContext", fields: [
            ("Containers", .string(containers == -1 ? "N/A" : String(containers))),
            ("CreatedAt", .string(GoTime.goString(unix: created))),
            ("CreatedSince", .string(HumanUnits.duration(seconds: now - Double(created)) + " ago")),
            ("Digest", .string(digest)),
            ("ID", .string(truncate ? truncateID(id) : id)),
            ("Repository", .string(repository)),
            ("SharedSize", .string(shared == -1 ? "N/A" : HumanUnits.size(Double(shared)))),
            ("Size", .string(HumanUnits.size(Double(size), precision: 3))),
            ("Tag", .string(tag)),
            ("UniqueSize", .string(size == -1 || shared == -1 ? "N/A" : HumanUnits.size(Double(size - shared)))),
            ("VirtualSize", .string(HumanUnits.size(Double(size)))),
        ])
    }
}
