import Engine

/// `filters` of GET /containers/json: id, name, label, status, exited,
/// ancestor, before, since — each key a disjunction, keys a conjunction.
struct ContainerFilters {
    let filters: Filters
    private let before: String?
    private let since: String?
    private let ancestors: [String]

    init(_ filters: Filters, containers: ContainerService) throws(APIError) {
        try filters.validate(allowed: ["id", "name", "label", "status", "exited", "ancestor", "before", "since",
                                       "health", "isolation", "network", "publish", "expose", "volume", "is-task"])
        for status in filters["status"] where !["created", "restarting", "running", "removing", "paused", "exited", "dead"].contains(status) {
            throw .badRequest("invalid filter 'status=\(status)'")
        }
        for code in filters["exited"] where Int32(code) == nil { throw .badRequest("invalid filter 'exited=\(code)'") }
        self.filters = filters
        do {
            before = try filters["before"].last.map { try containers.resolve($0).created }
            since = try filters["since"].last.map { try containers.resolve($0).created }
        } catch {
            throw .notFound("\(error)")
        }
        ancestors = filters["ancestor"]
    }

    /// Filters that can only match stopped containers list them without `all`.
    var asksForStopped: Bool {
        !filters["exited"].isEmpty || filters["status"].contains { $0 != "running" && $0 != "paused" }
    }

    func matches(_ record: ContainerRecord) -> Bool {
        let ids = filters["id"]
        if !ids.isEmpty && !ids.contains(where: { record.id.hasPrefix($0) }) { return false }
        let names = filters["name"]
        if !names.isEmpty && !names.contains(where: { Self.nameMatches(record.name, $0) }) { return false }
        if !ImageFilters.matchesLabels(record.config.Labels ?? [:], filters["label"]) { return false }
        let statuses = filters["status"]
        if !statuses.isEmpty && !statuses.contains(ContainerSummary.stateName(record)) { return false }
        let exited = filters["exited"].compactMap { Int32($0) }
        if !exited.isEmpty && (ContainerSummary.stateName(record) != "exited" || !exited.contains(record.state.ExitCode)) { return false }
        if let before, record.created >= before { return false }
        if let since, record.created <= since { return false }
        if !ancestors.isEmpty && !ancestors.contains(where: { ancestorMatches(record, $0) }) { return false }
        return true
    }

    private func ancestorMatches(_ record: ContainerRecord, _ ancestor: String) -> Bool {
        let image = record.config.Image ?? ""
        if image == ancestor || record.imageID == ancestor || record.imageID.dropFirst(7).hasPrefix(ancestor) { return true }
        let bare = ancestor.hasSuffix(":latest") ? String(ancestor.dropLast(7)) : ancestor
        return image == bare || image == bare + ":latest"
    }

    /// Docker matches names as regular expressions; a plain substring covers what clients send.
    static func nameMatches(_ name: String, _ pattern: String) -> Bool {
        var pattern = pattern
        if pattern.hasPrefix("/") { pattern.removeFirst() }
        var anchoredStart = false
        var anchoredEnd = false
        if pattern.hasPrefix("^") { pattern.removeFirst(); anchoredStart = true }
        if pattern.hasPrefix("/") { pattern.removeFirst() }
        if pattern.hasSuffix("$") { pattern.removeLast(); anchoredEnd = true }
        if anchoredStart && anchoredEnd { return name == pattern }
        if anchoredStart { return name.hasPrefix(pattern) }
        if anchoredEnd { return name.hasSuffix(pattern) }
        return name.contains(pattern)
    }
}
