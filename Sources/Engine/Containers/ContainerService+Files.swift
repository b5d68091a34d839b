import Glibc
import LinuxSupport
import OCI
import Storage

extension ContainerService {
    /// Runs `body` with the container's root filesystem mounted (mounting it
    /// for the duration when the container is not running), off the event loops.
    public func withRootfs<T: Sendable>(_ name: String, _ body: @escaping @Sendable (String) throws -> T) async throws -> T {
        let id = try resolve(name).id
        return try await locks.withLock(id) {
            guard let record = self.record(id) else { throw EngineError.notFound("No such container: \(name)") }
            let paths = self.paths(id)
            let mount = self.rootfsMount(record)
            return try await self.blocking {
                let mountedHere = !mount.isMounted
                if mountedHere { try mount.mount(layers: record.layers) }
                defer { if mountedHere && self.record(id)?.state.Running != true { mount.unmount() } }
                return try body(paths.rootfs)
            }
        }
    }

    func rootfsMount(_ record: ContainerRecord) -> RootfsMount {
        RootfsMount(paths: paths(record.id), snapshots: images.store.snapshots, driver: record.driver,
                    forceCopy: settings.storageDriver == "vfs")
    }

    /// `GET /containers/{id}/changes`.
    public func changes(_ name: String) throws -> [RootfsChange] {
        let record = try resolve(name)
        let driver = RootfsDriver(rawValue: record.driver) ?? .overlay
        do {
            return try RootfsChanges.list(snapshots: images.store.snapshots, lowers: record.layers,
                                          upper: paths(record.id).upper, driver: driver)
        } catch {
            throw EngineError.internalError("\(error)")
        }
    }

    /// `POST /commit`: the container's changes as a new layer over its image.
    public func commit(_ name: String, repository: String?, tag: String?, comment: String?, author: String?,
                       changes: [String], pause: Bool) async throws -> Digest {
        let record = try resolve(name)
        var tags: [String] = []
        if let repository, !repository.isEmpty {
            do {
                var reference = try ImageReference.parse(repository)
                if let tag, !tag.isEmpty { reference = try reference.with(tag: tag) }
                tags = [reference.withDefaultTag().description]
            } catch {
                throw EngineError.invalid("\(error)")
            }
        }
        let image = try images.resolve(record.imageID)
        let parentConfig = try images.config(of: image)
        let newConfig = try ImportChanges.apply(changes, to: Self.imageConfig(from: record.config))
        let finalTags = tags
        let pausedHere = pause && record.state.Running && !record.state.Paused
        if pausedHere { try? runtime.pause(record.id) }
        defer { if pausedHere { try? runtime.resume(record.id) } }
        let store = images.store
        let paths = self.paths(record.id)
        let snapshots = store.snapshots
        let driver = RootfsDriver(rawValue: record.driver) ?? .overlay
        let id = try await blocking { () throws -> Digest in
            let (scratch, fd) = try store.temporaryFile(prefix: "commit")
            defer { FD.close(fd); unlink(scratch) }
            do {
                _ = try RootfsDiff.write(snapshots: snapshots, lowers: record.layers, upper: paths.upper, driver: driver, to: fd)
            } catch {
                throw EngineError.internalError("\(error)")
            }
            let writer = try store.content.ingest()
            lseek(fd, 0, SEEK_SET)
            while true {
                let bytes = try FD.read(fd, max: 1 << 20)
                if bytes.isEmpty { break }
                try writer.write(bytes)
            }
            let blob = try writer.commit()
            let now = Clock.rfc3339Now()
            let created = try store.commitImage(parent: image, layerBlob: blob, tags: finalTags) { diffID in
                var config = parentConfig
                config.created = now
                config.author = author?.isEmpty == false ? author : nil
                config.config = newConfig
                config.container = record.id
                config.comment = comment?.isEmpty == false ? comment : nil
                config.rootfs = RootFS(type: "layers", diffIDs: parentConfig.rootfs.diffIDs + [diffID])
                config.history = (parentConfig.history ?? []) + [History(created: now, createdBy: ([record.path] + record.args).joined(separator: " "),
                                                                        author: config.author, comment: config.comment, emptyLayer: nil)]
                return config
            }
            return created.id
        }
        events.publish(type: "image", action: "commit", id: id.description, attributes: ["comment": comment ?? "", "imageID": id.description])
        publish(record, "commit", extra: ["comment": comment ?? "", "imageID": id.description])
        return id
    }

    /// The image config's `config` from a container's: what `docker commit` records.
    static func imageConfig(from config: RunConfig) -> ContainerConfig {
        ContainerConfig(user: config.User, exposedPorts: config.ExposedPorts, env: config.Env, entrypoint: config.Entrypoint?.values,
                        cmd: config.Cmd?.values, volumes: config.Volumes, workingDir: config.WorkingDir, labels: config.Labels,
                        stopSignal: config.StopSignal, stopTimeout: config.StopTimeout, onBuild: config.OnBuild,
                        shell: config.Shell, argsEscaped: nil, healthcheck: config.Healthcheck)
    }
}
