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
            // A hijacked client half-closes when its stdin ends and still reads output.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .bind(unixDomainSocketPath: socketPath, cleanupExistingSocketFile: true) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(isOutboundHalfClosureEnabled: true))
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

    private static func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, router: Router) async {
        try? await connection.executeThenClose { inbound, outbound in
            let reader = ConnectionReader(inbound.makeAsyncIterator())
            while true {
                let head: HTTPRequestHead
                do {
                    guard let next = try await reader.nextHead() else { break }
                    head = next
                } catch {
                    let response = ResponseWriter(outbound, keepAlive: false, headOnly: false)
                    try? await response.send(status: .badRequest, contentType: "application/json",
                                             body: APIError.errorBody(APIError(error).message))
                    break
                }
                let request = Request(head: head, body: RequestBody(reader), connection: reader)
                let response = ResponseWriter(outbound, keepAlive: head.isKeepAlive, headOnly: head.method == .HEAD)
                await router.handle(request, response)
                if response.closesConnection { break }
                try await response.finish()
                if !head.isKeepAlive { break }
            }
            outbound.finish()
        }
    }
}
