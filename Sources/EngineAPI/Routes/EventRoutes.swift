import Engine
import LinuxSupport
import NIOCore
import OCI

extension Router {
    mutating func addEventRoutes(_ context: APIContext) {
        let events = context.containers.events

        add(.GET, "/events") { request, response in
            let filters = try request.query.filters()
            try filters.validate(allowed: ["container", "daemon", "event", "image", "label", "network", "node", "plugin",
                                           "scope", "secret", "service", "type", "volume", "config"])
            let since = try request.query["since"].flatMap { (text: String) throws(APIError) -> Double? in
                guard !text.isEmpty else { return nil }
                guard let value = Double(text) else { throw APIError.badRequest("invalid since: \(text)") }
                return value
            }
            let until = try request.query["until"].flatMap { (text: String) throws(APIError) -> Double? in
                guard !text.isEmpty else { return nil }
                guard let value = Double(text) else { throw APIError.badRequest("invalid until: \(text)") }
                return value
            }
            let matcher = EventFilter(filters: filters, containers: context.containers)
            let (history, live) = events.subscribe()
            try await response.startStream(contentType: "application/json")
            let now = Clock.unixTime()
            if since != nil || until != nil {
                for event in history where matcher.matches(event) {
                    if let since, EventFilter.seconds(event) < since { continue }
                    if let until, EventFilter.seconds(event) > until { continue }
                    try await response.write(JSON.encode(event) + [0x0A])
                }
            }
            if let until, until <= now { return }
            // Live events until the client goes away or `until` passes.
            let deadline = until
            let connection = request.connection
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in live where matcher.matches(event) {
                        if let deadline, EventFilter.seconds(event) > deadline { return }
                        try await response.write(JSON.encode(event) + [0x0A])
                    }
                }
                if let deadline {
                    group.addTask { try await Task.sleep(nanoseconds: UInt64(max(0, deadline - now) * 1e9)) }
                }
                group.addTask {
                    // The client closing its connection ends the stream.
                    while try await connection.nextRaw() != nil {}
                }
                _ = try await group.next()
                group.cancelAll()
            }
        }
    }
}

/// `filters` of /events: type, event (action), container (ID or name), image, label.
struct EventFilter: Sendable {
    let filters: Filters
    let containerNames: [String: String]

    init(filters: Filters, containers: ContainerService) {
        self.filters = filters
        var names: [String: String] = [:]
        for record in containers.all() { names[record.id] = record.name }
        containerNames = names
    }

    static func seconds(_ event: EngineEvent) -> Double { Double(event.timeNano) / 1e9 }

    func matches(_ event: EngineEvent) -> Bool {
        let types = filters["type"]
        if !types.isEmpty && !types.contains(event.Type) { return false }
        let actions = filters["event"]
        if !actions.isEmpty {
            let action = event.Action.split(separator: ":").first.map(String.init) ?? event.Action
            if !actions.contains(action) && !actions.contains(event.Action) { return false }
        }
        let containers = filters["container"]
        if !containers.isEmpty {
            guard event.Type == "container" else { return false }
            let name = event.Actor.Attributes["name"] ?? containerNames[event.Actor.ID] ?? ""
            if !containers.contains(where: { event.Actor.ID.hasPrefix($0) || $0 == name || $0 == "/" + name }) { return false }
        }
        let images = filters["image"]
        if !images.isEmpty && !images.contains(where: { $0 == event.Actor.Attributes["image"] || $0 == event.Actor.ID }) { return false }
        return ImageFilters.matchesLabels(event.Actor.Attributes, filters["label"])
    }
}
