import Engine
import NIOCore
import OCI

extension Router {
    mutating func addExecRoutes(_ context: APIContext) {
        let containers = context.containers

        add(.POST, "/containers/{name}/exec") { request, response in
            let name = request.parameter
            let bytes = try await request.body.collect(limit: 1 << 20)
            let config: ExecConfig
            do { config = try JSON.decode(ExecConfig.self, from: bytes) } catch {
                throw APIError.badRequest("invalid JSON: \(Self.decodingMessage(error))")
            }
            if let keys = config.DetachKeys, !keys.isEmpty { _ = try DetachMatcher.parse(keys) }
            let id = try await context.blocking { try containers.createExec(name, config: config) }
            struct IDResponse: Encodable { let Id: String }
            try await response.json(IDResponse(Id: id), status: .created)
        }

        add(.POST, "/exec/{id}/start") { request, response in
            let id = request.parameter
            let bytes = try await request.body.collect(limit: 1 << 20)
            struct StartBody: Decodable { let Detach: Bool?; let Tty: Bool?; let ConsoleSize: [Int]? }
            let body = bytes.isEmpty ? StartBody(Detach: nil, Tty: nil, ConsoleSize: nil) : try JSON.decode(StartBody.self, from: bytes)
            let detach = body.Detach ?? false
            let (exec, line) = try await context.blocking { try containers.prepareExec(id, detach: detach, tty: body.Tty) }
            let monitor = containers.monitor(exec.containerID)
            if detach {
                let answer = try await context.blocking { try monitor.request(line) }
                if answer.hasPrefix("pid "), let pid = Int32(answer.dropFirst(4)) { containers.execStarted(id, pid: pid) }
                try await response.send(status: .ok)
                return
            }
            let tty = body.Tty ?? exec.config.Tty ?? false
            // The 101 goes out before the process starts, as Docker's does:
            // clients that read the response head through a buffer would
            // otherwise swallow output that arrived right behind it.
            try await response.upgrade(contentType: Self.streamType(multiplexed: !tty, version: request.version),
                                       requested: request.header("Upgrade") != nil)
            let channel = MonitorStream(try await monitor.open(line))
            // The monitor answers "pid N" or "error …" before any output.
            let startLine = try await channel.readLine()
            guard let startLine, startLine.hasPrefix("pid ") else {
                await channel.close()
                let message = startLine.map { $0.hasPrefix("error ") ? String($0.dropFirst(6)) : $0 } ?? "the exec did not start"
                // moby reports every exec that could not start as 126.
                let code: Int32 = 126
                let text = "OCI runtime exec failed: \(message): unknown\r\n"
                var frame = ByteBuffer()
                if !tty {
                    frame.writeStreamHeader(stream: 1, length: text.utf8.count)
                }
                frame.writeString(text)
                try? await response.writeRaw(frame)
                containers.execFinished(id, code: code)
                return
            }
            containers.execStarted(id, pid: Int32(startLine.dropFirst(4)) ?? 0)
            let relay = StreamRelay(request: request, response: response, multiplexed: !tty,
                                    forwardInput: exec.config.AttachStdin == true, detachKeys: [])
            let code = try await relay.run(channel)
            containers.execFinished(id, code: code)
        }

        add(.POST, "/exec/{id}/resize") { request, response in
            let exec = try containers.exec(request.parameter)
            guard let height = try request.query.int("h"), let width = try request.query.int("w") else {
                throw APIError.badRequest("bad terminal size")
            }
            let monitor = containers.monitor(exec.containerID)
            let id = exec.id
            _ = try? await context.blocking { try monitor.request("exec-resize \(id) \(height) \(width)") }
            try await response.send(status: .ok)
        }

        add(.GET, "/exec/{id}/json") { request, response in
            let id = request.parameter
            let exec = try await context.blocking { try containers.refreshedExec(id) }
            try await response.json(ExecInspect(exec))
        }
    }
}
