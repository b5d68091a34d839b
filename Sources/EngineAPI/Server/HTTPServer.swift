import NIOCore
import NIOHTTP1
import NIOPosix

/// The Engine API's HTTP/1.1 server on a unix socket. Each connection is one
/// task that reads requests in order (clients keep connections alive) and
/// hands each to the router with a streaming body and a streaming response.
public struct HTTPServer: Sendable {
    public let socketPath: String
    let router: Router
    let group: MultiThreadedEventLoopGroup

    public init(socketPath: String, router: Router, group: MultiThreadedEventLoopGroup) {
        self.socketPath = socketPath
        self.router = router
        self.group = group
    }

    /// Binds the socket and serves until the task is cancelled.
    /// `onListening` runs once the socket accepts connections.
    public func run(onListening: @Sendable () -> Void = {}) async throws {
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .bind(unixDomainSocketPath: socketPath, cleanupExistingSocketFile: true) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        onListening()
        let router = self.router
        try await withThrowingDiscardingTaskGroup { tasks in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    tasks.addTask { await Self.serve(connection, router: router) }
                }
            }
        }
    }

    private static func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, router: Router) async {
        try? await connection.executeThenClose { inbound, outbound in
            let parts = RequestPartReader(inbound.makeAsyncIterator())
            while let head = try await parts.nextHead() {
                let request = Request(head: head, body: RequestBody(parts))
                let response = ResponseWriter(outbound, keepAlive: head.isKeepAlive)
                await router.handle(request, response)
                // The handler may not have read the whole body (an error, or
                // a route that takes none); the next request starts after it.
                try await request.body.drain()
                try await response.finish()
                if !head.isKeepAlive || response.closesConnection { break }
            }
        }
    }
}
