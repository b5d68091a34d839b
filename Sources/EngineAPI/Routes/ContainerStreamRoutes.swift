import ContainerLogs
import Engine
import Glibc
import LinuxSupport
import NIOCore
import OCI
import Runtime

extension Router {
    mutating func addContainerStreamRoutes(_ context: APIContext) {
        let containers = context.containers

        add(.POST, "/containers/{name}/attach") { request, response in
            let record = try containers.resolve(request.parameter)
            if record.state.Paused { throw APIError.conflict("You cannot attach to a paused container, unpause it first") }
            let query = request.query
            let wantsStdin = query.bool("stdin") && record.config.openStdin
            let wantsStdout = query.bool("stdout")
            let wantsStderr = query.bool("stderr")
            let detachKeys = try DetachMatcher.parse(query["detachKeys"])
            let multiplexed = !record.config.tty
            try await response.upgrade(contentType: Self.streamType(multiplexed: multiplexed, version: request.version),
                                       requested: request.header("Upgrade") != nil)
            containers.publish(record, "attach")
            if query.bool("logs") {
                var options = LogStreamer.Options()
                options.stdout = wantsStdout
                options.stderr = wantsStderr
                let path = ContainerPaths(root: containers.settings.root, id: record.id).log(record.id)
                try await LogStreamer(path: path, multiplexed: multiplexed, options: options)
                    .stream(to: { try await response.writeRaw($0) }, stillRunning: { false })
            }
            guard query.bool("stream") else { return }
            let waited = containers.record(record.id)?.state.Running != true
            guard await containers.waitForMonitor(record.id) else { return }
            let monitor = containers.monitor(record.id)
            let channel: MonitorStream
            do {
                channel = MonitorStream(try await monitor.open("attach \(wantsStdin ? 1 : 0) \(wantsStdout ? 1 : 0) \(wantsStderr ? 1 : 0)"))
            } catch {
                if waited { containers.attachConnected(record.id) }
                return
            }
            if waited { containers.attachConnected(record.id) }
            let relay = StreamRelay(request: request, response: response, multiplexed: multiplexed,
                                    forwardInput: wantsStdin, detachKeys: detachKeys)
            _ = try await relay.run(channel)
        }

        add(.GET, "/containers/{name}/logs") { request, response in
            let record = try containers.resolve(request.parameter)
            let query = request.query
            var options = LogStreamer.Options()
            options.stdout = query.bool("stdout")
            options.stderr = query.bool("stderr")
            guard options.stdout || options.stderr else {
                throw APIError.badRequest("Bad parameters: you must choose at least one stream")
            }
            options.timestamps = query.bool("timestamps")
            options.follow = query.bool("follow")
            if let tail = query["tail"] { options.tail = LogTail(tail) }
            do {
                if let since = query["since"], !since.isEmpty, since != "0" { options.since = try LogTime(unixTimestamp: since) }
                if let until = query["until"], !until.isEmpty, until != "0" { options.until = try LogTime(unixTimestamp: until) }
            } catch {
                throw APIError.badRequest("\(error)")
            }
            let multiplexed = !record.config.tty
            try await response.startStream(contentType: Self.streamType(multiplexed: multiplexed, version: request.version))
            let path = ContainerPaths(root: containers.settings.root, id: record.id).log(record.id)
            let id = record.id
            try await LogStreamer(path: path, multiplexed: multiplexed, options: options)
                .stream(to: { try await response.write($0) }, stillRunning: { containers.record(id)?.state.Running == true })
        }

        add(.GET, "/containers/{name}/stats") { request, response in
            let record = try containers.resolve(request.parameter)
            let stream = request.query.bool("stream", default: true) && !request.query.bool("one-shot")
            try await response.startStream(contentType: "application/json")
            var previous: StatsSample? = nil
            if !stream && record.state.Running && !request.query.bool("one-shot") {
                // A single sample carries the one before it, a second earlier, for CPU percentages.
                previous = try? await context.blocking { try StatsSample.read(containers, record.id) }
                try await Task.sleep(nanoseconds: 1_000_000_000)
            }
            while true {
                let current = containers.record(record.id) ?? record
                let sample = current.state.Running ? try? await context.blocking { try StatsSample.read(containers, record.id) } : nil
                let body = StatsResponse(record: current, sample: sample, previous: previous)
                try await response.write(JSON.encode(body) + [0x0A])
                if !stream || !current.state.Running { return }
                previous = sample
                try await Task.sleep(nanoseconds: 1_000_000_000)
            }
        }
    }

    /// Attach and log streams: multiplexed frames without a terminal (1.42+ says so in the type).
    static func streamType(multiplexed: Bool, version: APIVersion) -> String {
        multiplexed && version >= APIVersion(major: 1, minor: 42) ? "application/vnd.docker.multiplexed-stream" : "application/vnd.docker.raw-stream"
    }
}
