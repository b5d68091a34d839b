import CLISupport
import OCI

/// Typed calls for the container and exec endpoints, with the query
/// parameters Docker's client sends (and only when it sends them).
extension EngineClient {
    /// `POST /containers/create[?name=]`; `body` is the JSON the CLI built.
    public func createContainer(body: [UInt8], name: String?, platform: String? = nil) throws(EngineError) -> ContainerCreateResponse {
        var query: [(String, String)] = []
        if let platform, !platform.isEmpty { query.append(("platform", platform)) }
        if let name, !name.isEmpty { query.append(("name", name)) }
        return try decode(ContainerCreateResponse.self, EngineRequest("POST", "/containers/create", query: query,
                                                                      body: .bytes(body, contentType: "application/json")))
    }

    /// `GET /containers/{id}/json`: the fields commands act on, and the bytes.
    public func inspectContainer(_ id: String, size: Bool = false) throws(EngineError) -> (ContainerDetails, [UInt8]) {
        let raw = try inspectContainerRaw(id, size: size)
        return (try decodeBody(ContainerDetails.self, raw, "/containers/\(id)/json"), raw)
    }

    public func inspectContainerRaw(_ id: String, size: Bool = false) throws(EngineError) -> [UInt8] {
        try call(EngineRequest("GET", "/containers/\(id)/json", query: size ? [("size", "1")] : []))
    }

    public func listContainers(all: Bool, limit: Int, size: Bool, filters: [(String, String)]) throws(EngineError) -> [ContainerSummary] {
        var query: [(String, String)] = []
        if all { query.append(("all", "1")) }
        if limit > 0 { query.append(("limit", String(limit))) }
        if size { query.append(("size", "1")) }
        if let json = Self.filtersJSON(filters) { query.append(("filters", json)) }
        return try decode([ContainerSummary].self, EngineRequest("GET", "/containers/json", query: query))
    }

    public func startContainer(_ id: String) throws(EngineError) {
        _ = try call(EngineRequest("POST", "/containers/\(id)/start"))
    }

    /// `stop` and `restart`: `t` only when given; `signal` from API 1.42.
    public func stopContainer(_ id: String, restart: Bool = false, timeout: Int?, signal: String?) throws(EngineError) {
        var query: [(String, String)] = []
        if let timeout { query.append(("t", String(timeout))) }
        if let signal, !signal.isEmpty, Self.compareVersions(try apiVersion(), "1.42") >= 0 { query.append(("signal", signal)) }
        _ = try call(EngineRequest("POST", "/containers/\(id)/\(restart ? "restart" : "stop")", query: query))
    }

    public func killContainer(_ id: String, signal: String) throws(EngineError) {
        _ = try call(EngineRequest("POST", "/containers/\(id)/kill", query: signal.isEmpty ? [] : [("signal", signal)]))
    }

    public func removeContainer(_ id: String, force: Bool, volumes: Bool, link: Bool) throws(EngineError) {
        var query: [(String, String)] = []
        if volumes { query.append(("v", "1")) }
        if link { query.append(("link", "1")) }
        if force { query.append(("force", "1")) }
        _ = try call(EngineRequest("DELETE", "/containers/\(id)", query: query))
    }

    public func pauseContainer(_ id: String) throws(EngineError) {
        _ = try call(EngineRequest("POST", "/containers/\(id)/pause"))
    }

    public func unpauseContainer(_ id: String) throws(EngineError) {
        _ = try call(EngineRequest("POST", "/containers/\(id)/unpause"))
    }

    public func renameContainer(_ id: String, to name: String) throws(EngineError) {
        _ = try call(EngineRequest("POST", "/containers/\(id)/rename", query: [("name", name)]))
    }

    /// `POST /containers/{id}/wait`. The daemon answers with headers at once
    /// and the body when the condition is met: read it with `waitResult`.
    public func waitContainer(_ id: String, condition: String?) throws(EngineError) -> HTTPResponse {
        try send(EngineRequest("POST", "/containers/\(id)/wait", query: condition.map { [("condition", $0)] } ?? []))
    }

    /// Blocks until the wait's body arrives. A body that is not the JSON
    /// answer is the daemon's error text (Docker's client does the same).
    public static func waitResult(_ response: HTTPResponse) throws(EngineError) -> ContainerWaitResult {
        let body = try response.readAll()
        do { return try JSON.decode(ContainerWaitResult.self, from: body) } catch {
            throw .stream(message: String(decoding: body, as: UTF8.self), code: 0)
        }
    }

    /// `POST /containers/{id}/attach?stream=1&…`, hijacked.
    public func attachContainer(_ id: String, stdin: Bool, stdout: Bool, stderr: Bool, detachKeys: String?,
                                logs: Bool = false) throws(EngineError) -> HijackedStream {
        var query: [(String, String)] = [("stream", "1")]
        if stdin { query.append(("stdin", "1")) }
        if stdout { query.append(("stdout", "1")) }
        if stderr { query.append(("stderr", "1")) }
        if let detachKeys, !detachKeys.isEmpty { query.append(("detachKeys", detachKeys)) }
        if logs { query.append(("logs", "1")) }
        return try hijack(EngineRequest("POST", "/containers/\(id)/attach", query: query, headers: [("Content-Type", "text/plain")]))
    }

    /// `POST /containers/{id}/resize` or `/exec/{id}/resize`.
    public func resize(_ id: String, exec: Bool = false, height: UInt, width: UInt) throws(EngineError) {
        _ = try call(EngineRequest("POST", "/\(exec ? "exec" : "containers")/\(id)/resize",
                                   query: [("h", String(height)), ("w", String(width))]))
    }

    public func createExec(_ container: String, body: [UInt8]) throws(EngineError) -> ExecCreateResponse {
        try decode(ExecCreateResponse.self, EngineRequest("POST", "/containers/\(container)/exec",
                                                          body: .bytes(body, contentType: "application/json")))
    }

    /// `POST /exec/{id}/start` with `{"Detach":false,…}`, hijacked.
    public func startExec(_ id: String, body: [UInt8]) throws(EngineError) -> HijackedStream {
        try hijack(EngineRequest("POST", "/exec/\(id)/start", body: .bytes(body, contentType: "application/json")))
    }

    /// `POST /exec/{id}/start` with `{"Detach":true}`: no stream.
    public func startExecDetached(_ id: String, body: [UInt8]) throws(EngineError) {
        _ = try call(EngineRequest("POST", "/exec/\(id)/start", body: .bytes(body, contentType: "application/json")))
    }

    public func inspectExec(_ id: String) throws(EngineError) -> ExecDetails {
        try decode(ExecDetails.self, EngineRequest("GET", "/exec/\(id)/json"))
    }

    public func containerLogs(_ id: String, query: [(String, String)]) throws(EngineError) -> HTTPResponse {
        try send(EngineRequest("GET", "/containers/\(id)/logs", query: query))
    }

    public func top(_ id: String, arguments: [String]) throws(EngineError) -> ContainerTopResult {
        let query = arguments.isEmpty ? [] : [("ps_args", arguments.joined(separator: " "))]
        return try decode(ContainerTopResult.self, EngineRequest("GET", "/containers/\(id)/top", query: query))
    }

    public func containerStats(_ id: String, stream: Bool) throws(EngineError) -> HTTPResponse {
        try send(EngineRequest("GET", "/containers/\(id)/stats", query: [("stream", stream ? "1" : "0")]))
    }

    public func updateContainer(_ id: String, body: [UInt8]) throws(EngineError) -> ContainerUpdateResult {
        try decode(ContainerUpdateResult.self, EngineRequest("POST", "/containers/\(id)/update",
                                                             body: .bytes(body, contentType: "application/json")))
    }

    public func containerChanges(_ id: String) throws(EngineError) -> [FilesystemChange] {
        try decode([FilesystemChange]?.self, EngineRequest("GET", "/containers/\(id)/changes")) ?? []
    }

    /// `POST /commit?container=&repo=&tag=&comment=&author=&changes=…`.
    public func commitContainer(_ id: String, repository: String, tag: String, comment: String, author: String,
                                changes: [String], pause: Bool) throws(EngineError) -> String {
        var query = [("container", id), ("repo", repository), ("tag", tag), ("comment", comment), ("author", author)]
        for change in changes { query.append(("changes", change)) }
        if !pause { query.append(("pause", "0")) }
        struct Answer: Decodable { var Id: String? }
        return try decode(Answer.self, EngineRequest("POST", "/commit", query: query)).Id ?? ""
    }

    public func exportContainer(_ id: String) throws(EngineError) -> HTTPResponse {
        try send(EngineRequest("GET", "/containers/\(id)/export"))
    }

    public func pruneContainers(filters: [(String, String)]) throws(EngineError) -> ContainersPruneReport {
        var query: [(String, String)] = []
        if let json = Self.filtersJSON(filters) { query.append(("filters", json)) }
        return try decode(ContainersPruneReport.self, EngineRequest("POST", "/containers/prune", query: query))
    }

    /// `HEAD /containers/{id}/archive?path=`: what is at `path`.
    public func statContainerPath(_ id: String, path: String) throws(EngineError) -> ContainerPathStat {
        let response = try send(EngineRequest("HEAD", "/containers/\(id)/archive", query: [("path", path)]))
        return try Self.pathStat(response)
    }

    /// `GET /containers/{id}/archive?path=`: a tar of `path`, and its stat.
    public func getArchive(_ id: String, path: String) throws(EngineError) -> (HTTPResponse, ContainerPathStat) {
        let response = try send(EngineRequest("GET", "/containers/\(id)/archive", query: [("path", path)]))
        do { return (response, try Self.pathStat(response)) } catch {
            throw .protocolViolation("unable to get resource stat from response: \(error)")
        }
    }

    /// `PUT /containers/{id}/archive?path=`: the tar read from `fd` is
    /// extracted into the directory `path`.
    public func putArchive(_ id: String, path: String, from fd: Int32, copyUIDGID: Bool) throws(EngineError) {
        var query = [("path", path), ("noOverwriteDirNonDir", "true")]
        if copyUIDGID { query.append(("copyUIDGID", "true")) }
        _ = try call(EngineRequest("PUT", "/containers/\(id)/archive", query: query, body: .stream(fd: fd, contentType: "text/plain")))
    }

    static func pathStat(_ response: HTTPResponse) throws(EngineError) -> ContainerPathStat {
        let encoded = response.header("X-Docker-Container-Path-Stat") ?? ""
        guard let bytes = try? Base64.decode(encoded), let stat = try? JSON.decode(ContainerPathStat.self, from: bytes) else {
            throw .protocolViolation("unable to decode container path stat header")
        }
        return stat
    }

    /// `GET /events?since=&until=&filters=`: one JSON object per event.
    public func events(since: String?, until: String?, filters: [(String, String)]) throws(EngineError) -> HTTPResponse {
        var query: [(String, String)] = []
        if let since { query.append(("since", since)) }
        if let until { query.append(("until", until)) }
        if let json = Self.filtersJSON(filters) { query.append(("filters", json)) }
        return try send(EngineRequest("GET", "/events", query: query))
    }

    /// `GET /networks/{id}` and `GET /volumes/{name}`, for the generic `inspect`.
    public func inspectNetworkRaw(_ id: String) throws(EngineError) -> [UInt8] {
        try call(EngineRequest("GET", "/networks/\(id)"))
    }

    public func inspectVolumeRaw(_ name: String) throws(EngineError) -> [UInt8] {
        try call(EngineRequest("GET", "/volumes/\(name)"))
    }
}
