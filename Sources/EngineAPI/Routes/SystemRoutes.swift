import Engine
import NIOHTTP1

extension Router {
    mutating func addSystemRoutes(_ context: APIContext) {
        add(.GET, "/_ping") { request, response in
            let headers = [("Cache-Control", "no-cache, no-store, must-revalidate"), ("Pragma", "no-cache"), ("Swarm", "inactive")]
            let body: [UInt8] = request.method == .HEAD ? [] : Array("OK".utf8)
            try await response.send(status: .ok, contentType: "text/plain; charset=utf-8", body: body, extraHeaders: headers)
        }
        add(.GET, "/version") { _, response in
            try await response.json(VersionResponse(context.system))
        }
        add(.GET, "/info") { _, response in
            let images = try await context.blocking { try context.images.all().count }
            try await response.json(InfoResponse(context.system, images: images))
        }
        add(.GET, "/system/df") { _, response in
            let summaries = try await context.blocking { try ImageSummary.list(context.images, filters: ImageFilters(), version: .current) }
            try await response.json(DiskUsageResponse(
                LayersSize: summaries.reduce(0) { $0 + $1.Size }, Images: summaries.map { $0.withContainers(0) },
                Containers: [], Volumes: [], BuildCache: []))
        }
    }
}
