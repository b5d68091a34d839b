import Engine
import Foundation
import Glibc
import LinuxSupport
import NIOCore
import OCI
import Storage

extension Router {
    mutating func addContainerFileRoutes(_ context: APIContext) {
        let containers = context.containers
        let store = context.images.store

        add(.GET, "/containers/{name}/changes") { request, response in
            let name = request.parameter
            let changes = try await context.blocking { try containers.changes(name) }
            struct Change: Encodable { let Path: String; let Kind: Int }
            let items = changes.map { Change(Path: $0.path, Kind: $0.kind.rawValue) }
            try await response.json(items.isEmpty ? nil : items)
        }

        add(.GET, "/containers/{name}/export") { request, response in
            let name = request.parameter
            let scratch = try await containers.withRootfs(name) { root in
                try Self.scratchFile(store) { fd in try ContainerArchive.export(root: root, to: fd) }
            }
            defer { unlink(scratch) }
            try await response.startStream(contentType: "application/octet-stream")
            try await Self.streamFile(scratch, response, context)
        }

        add(.GET, "/containers/{name}/archive") { request, response in
            let name = request.parameter
            let path = try Self.archivePath(request)
            let headOnly = request.method == .HEAD
            let (stat, scratch) = try await containers.withRootfs(name) { root -> (PathStat, String?) in
                do {
                    if headOnly { return (try ContainerArchive.stat(root: root, path: path), nil) }
                    var stat: PathStat? = nil
                    let file = try Self.scratchFile(store) { fd in stat = try ContainerArchive.archive(root: root, path: path, to: fd) }
                    return (stat!, file)
                } catch let error as RootfsError {
                    throw Self.archiveError(error, path: path, container: name)
                }
            }
            defer { if let scratch { unlink(scratch) } }
            let header = ("X-Docker-Container-Path-Stat", Data(try JSON.encode(stat)).base64EncodedString())
            guard let scratch else {
                try await response.send(status: .ok, contentType: "application/x-tar", extraHeaders: [header])
                return
            }
            try await response.startStream(contentType: "application/x-tar", extraHeaders: [header])
            try await Self.streamFile(scratch, response, context)
        }

        add(.PUT, "/containers/{name}/archive") { request, response in
            let name = request.parameter
            let path = try Self.archivePath(request)
            let noOverwrite = request.query.bool("noOverwriteDirNonDir")
            let copyUIDGID = request.query.bool("copyUIDGID")
            let record = try containers.resolve(name)
            if record.hostConfig.ReadonlyRootfs == true {
                throw APIError(status: .forbidden, message: "container rootfs is marked read-only")
            }
            let upload = try await Upload.receive(request.body, into: store, prefix: "archive")
            defer { upload.remove() }
            let file = upload.path
            try await containers.withRootfs(name) { root in
                let fd = try FD.open(file, O_RDONLY)
                defer { FD.close(fd) }
                do {
                    try ContainerArchive.extract(root: root, path: path, from: fd, noOverwriteDirNonDir: noOverwrite, copyUIDGID: copyUIDGID)
                } catch {
                    throw Self.archiveError(error, path: path, container: name)
                }
            }
            try await response.send(status: .ok)
        }

        add(.POST, "/commit") { request, response in
            let query = request.query
            guard let name = query["container"], !name.isEmpty else { throw APIError.badRequest("container name is required") }
            let id = try await containers.commit(name, repository: query["repo"], tag: query["tag"], comment: query["comment"],
                                                 author: query["author"], changes: query.all("changes"),
                                                 pause: query.bool("pause", default: true))
            struct IDResponse: Encodable { let Id: String }
            try await response.json(IDResponse(Id: id.description), status: .created)
        }
    }

    static func archivePath(_ request: Request) throws(APIError) -> String {
        guard let path = request.query["path"], !path.isEmpty else { throw APIError.badRequest("path is required") }
        return path
    }

    static func archiveError(_ error: any Error, path: String, container: String) -> APIError {
        guard let error = error as? RootfsError else { return APIError(error) }
        switch error {
        case .notFound: return .notFound("Could not find the file \(path) in container \(container)")
        case .notADirectory: return .badRequest("extraction point is not a directory")
        case .overwriteRefused, .entryRefused, .invalidArchive: return .badRequest("\(error)")
        default: return .internalError("\(error)")
        }
    }

    /// A scratch file in the store's temporary directory, filled by `fill`.
    static func scratchFile(_ store: ImageStore, _ fill: (Int32) throws -> Void) throws -> String {
        let (path, fd) = try store.temporaryFile(prefix: "export")
        defer { FD.close(fd) }
        do { try fill(fd) } catch {
            unlink(path)
            throw error
        }
        return path
    }

    static func streamFile(_ path: String, _ response: ResponseWriter, _ context: APIContext) async throws {
        let fd = try FD.open(path, O_RDONLY)
        defer { FD.close(fd) }
        while true {
            let bytes = try await context.blocking { try FD.read(fd, max: 1 << 20) }
            if bytes.isEmpty { break }
            try await response.write(bytes)
        }
    }
}
