import Engine
import LinuxSupport
import NIOCore
import OCI

/// The body of `POST /containers/create`: the Config fields with HostConfig
/// and NetworkingConfig beside them.
struct CreateBody: Decodable {
    let config: RunConfig
    let hostConfig: HostConfig?

    private enum Keys: String, CodingKey { case HostConfig }

    init(from decoder: any Decoder) throws {
        config = try RunConfig(from: decoder)
        let container = try decoder.container(keyedBy: Keys.self)
        hostConfig = try container.decodeIfPresent(Engine.HostConfig.self, forKey: .HostConfig)
    }
}

extension Router {
    mutating func addContainerRoutes(_ context: APIContext) {
        let containers = context.containers

        add(.POST, "/containers/create") { request, response in
            let bytes = try await request.body.collect(limit: 4 << 20)
            let body: CreateBody
            do { body = try JSON.decode(CreateBody.self, from: bytes) } catch {
                throw APIError.badRequest("invalid JSON: \(Self.decodingMessage(error))")
            }
            let name = request.query["name"].flatMap { $0.isEmpty ? nil : $0 }
            let record = try await context.blocking { try containers.create(name: name, config: body.config, hostConfig: body.hostConfig) }
            try await response.json(CreateResponse(Id: record.id, Warnings: []), status: .created)
        }
        add(.GET, "/containers/json") { request, response in
            let filters = try ContainerFilters(request.query.filters(), containers: containers)
            let all = request.query.bool("all")
            let limit = try request.query.int("limit") ?? -1
            let size = request.query.bool("size")
            let snapshots = context.images.store.snapshots
            let list = try await context.blocking { () throws -> [ContainerSummary] in
                var records = containers.all()
                if !all && limit <= 0 && !filters.asksForStopped { records = records.filter { $0.state.Running || $0.state.Restarting } }
                records = records.filter(filters.matches)
                if limit > 0 { records = Array(records.prefix(limit)) }
                return records.map { ContainerSummary($0, size: size ? ContainerSize.of($0, containers: containers, snapshots: snapshots) : nil) }
            }
            try await response.json(list)
        }
        add(.GET, "/containers/{name}/json") { request, response in
            let name = request.parameter
            let size = request.query.bool("size")
            let snapshots = context.images.store.snapshots
            let inspect = try await context.blocking { () throws -> ContainerInspect in
                let record = try containers.resolve(name)
                let paths = ContainerPaths(root: containers.settings.root, id: record.id)
                return ContainerInspect(record, paths: paths, lowerDirs: record.layers.map(snapshots.path),
                                        execIDs: containers.execIDs(of: record.id),
                                        size: size ? ContainerSize.of(record, containers: containers, snapshots: snapshots) : nil)
            }
            try await response.json(inspect)
        }
        add(.POST, "/containers/{name}/start") { request, response in
            try await containers.start(request.parameter)
            try await response.noContent()
        }
        add(.POST, "/containers/{name}/stop") { request, response in
            try await containers.stop(request.parameter, timeout: try request.query.int("t"), signal: request.query["signal"])
            try await response.noContent()
        }
        add(.POST, "/containers/{name}/restart") { request, response in
            try await containers.restart(request.parameter, timeout: try request.query.int("t"), signal: request.query["signal"])
            try await response.noContent()
        }
        add(.POST, "/containers/{name}/kill") { request, response in
            try await containers.kill(request.parameter, signal: request.query["signal"].flatMap { $0.isEmpty ? nil : $0 })
            try await response.noContent()
        }
        add(.POST, "/containers/{name}/pause") { request, response in
            let name = request.parameter
            try await context.blocking { try containers.pause(name) }
            try await response.noContent()
        }
        add(.POST, "/containers/{name}/unpause") { request, response in
            let name = request.parameter
            try await context.blocking { try containers.unpause(name) }
            try await response.noContent()
        }
        add(.POST, "/containers/{name}/wait") { request, response in
            let name = request.parameter
            let conditionText = request.query["condition"] ?? ""
            guard let condition = conditionText.isEmpty ? .notRunning : WaitCondition(rawValue: conditionText) else {
                throw APIError.badRequest("invalid condition: \"\(conditionText)\"")
            }
            _ = try containers.resolve(name)
            // Headers go out at once: `docker run` waits for them before it starts the container.
            try await response.startStream(contentType: "application/json")
            let result = try await containers.wait(name, condition: condition)
            try await response.write(JSON.encode(WaitResponse(StatusCode: result.statusCode, Error: nil)) + [0x0A])
        }
        add(.DELETE, "/containers/{name}") { request, response in
            try await containers.remove(request.parameter, force: request.query.bool("force"), removeVolumes: request.query.bool("v"))
            try await response.noContent()
        }
        add(.POST, "/containers/{name}/rename") { request, response in
            let name = request.parameter
            guard let newName = request.query["name"], !newName.isEmpty else { throw APIError.badRequest("Neither old nor new names may be empty") }
            try await context.blocking { try containers.rename(name, to: newName) }
            try await response.noContent()
        }
        add(.POST, "/containers/{name}/update") { request, response in
            let name = request.parameter
            let bytes = try await request.body.collect(limit: 1 << 20)
            let change: HostConfig
            do { change = try JSON.decode(HostConfig.self, from: bytes) } catch {
                throw APIError.badRequest("invalid JSON: \(Self.decodingMessage(error))")
            }
            let warnings = try await context.blocking { try containers.updateResources(name, with: change) }
            struct UpdateResponse: Encodable { let Warnings: [String] }
            try await response.json(UpdateResponse(Warnings: warnings))
        }
        add(.POST, "/containers/{name}/resize") { request, response in
            let record = try containers.resolve(request.parameter)
            guard let height = try request.query.int("h"), let width = try request.query.int("w"), height >= 0, width >= 0 else {
                throw APIError.badRequest("bad terminal size")
            }
            guard record.state.Running else { throw APIError.conflict("Container \(record.id) is not running") }
            let monitor = containers.monitor(record.id)
            _ = try? await context.blocking { try monitor.request("resize \(height) \(width)") }
            try await response.send(status: .ok)
        }
        add(.GET, "/containers/{name}/top") { request, response in
            let name = request.parameter
            let arguments = request.query["ps_args"] ?? "-ef"
            let top = try await context.blocking { try ProcessTable.top(containers, name: name, psArguments: arguments) }
            try await response.json(top)
        }
        add(.POST, "/containers/prune") { request, response in
            let filters = try request.query.filters()
            try filters.validate(allowed: ["until", "label", "label!"])
            let until = try filters["until"].last.map { (text) throws(APIError) -> Double in
                guard let seconds = TimeFilter.unixSeconds(text) else { throw APIError.badRequest("invalid until filter: \(text)") }
                return Double(seconds)
            }
            let labels = filters["label"]
            var deleted: [String] = []
            for record in containers.all() where !record.state.Running && !record.state.Restarting {
                if let until, (RFC3339.unixTime(record.created) ?? 0) >= until { continue }
                guard ImageFilters.matchesLabels(record.config.Labels ?? [:], labels) else { continue }
                if (try? await containers.remove(record.id, force: false, removeVolumes: false)) != nil { deleted.append(record.id) }
            }
            struct PruneResponse: Encodable { let ContainersDeleted: [String]?; let SpaceReclaimed: Int64 }
            try await response.json(PruneResponse(ContainersDeleted: deleted.isEmpty ? nil : deleted, SpaceReclaimed: 0))
        }
    }

    static func decodingMessage(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.keyNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
