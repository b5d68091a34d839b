import Glibc
import LinuxSupport
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Where the registry listens: `HOST:PORT` or `unix:///path`.
public enum RegistryAddress: Sendable, Equatable {
    case tcp(host: String, port: Int)
    case unix(path: String)

    public init(parsing text: String) throws(RegistryStoreError) {
        if text.hasPrefix("unix://") {
            let path = String(text.dropFirst(7))
            guard path.hasPrefix("/") else { throw RegistryStoreError("a unix socket address needs an absolute path: \(text)") }
            self = .unix(path: path)
            return
        }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw RegistryStoreError("the address must be HOST:PORT or unix:///path, not \(text)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self = .tcp(host: host.isEmpty ? "0.0.0.0" : host, port: port)
    }
}

/// The registry's HTTP/1.1 server: NIOHTTP1's parser and encoder, one task
/// per connection, requests on a connection answered in order.
public struct RegistryHTTPServer: Sendable {
    let address: RegistryAddress
    let handlers: RegistryHandlers
    let group: MultiThreadedEventLoopGroup
    let tls: NIOSSLContext?

    /// `htpasswd`: a file of bcrypt logins every request must match.
    /// `tls`: a PEM certificate chain and key; without them, plain HTTP.
    public init(address: RegistryAddress, store: RegistryStore, htpasswd: String? = nil, realm: String = "berth-registry",
                tls: (certificate: String, key: String)? = nil, group: MultiThreadedEventLoopGroup) throws(RegistryStoreError) {
        self.address = address
        do {
            self.tls = try tls.map { files in
                let chain = try NIOSSLCertificate.fromPEMFile(files.certificate).map { NIOSSLCertificateSource.certificate($0) }
                let key = try NIOSSLPrivateKey(file: files.key, format: .pem)
                return try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
            }
        } catch {
            throw RegistryStoreError("cannot load the TLS certificate or key: \(error)")
        }
        let authenticator = try htpasswd.map { (path) throws(RegistryStoreError) in try BasicAuthenticator(htpasswd: path, realm: realm) }
        self.handlers = RegistryHandlers(store: store, authenticator: authenticator)
        self.group = group
    }

    /// Serves until cancelled; `onListening` gets the bound address (the
    /// port chosen when 0 was asked for).
    public func run(onListening: @Sendable (String) -> Void = { _ in }) async throws {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        let tls = self.tls
        let initializer: @Sendable (any Channel) -> EventLoopFuture<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>> = { channel in
            channel.eventLoop.makeCompletedFuture {
                if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
            }
        }
        let server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
        switch address {
        case .tcp(let host, let port):
            server = try await bootstrap.bind(host: host, port: port, childChannelInitializer: initializer)
        case .unix(let path):
            server = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true,
                                              childChannelInitializer: initializer)
        }
        onListening(server.channel.localAddress.map(Self.describe) ?? "")
        let handlers = self.handlers
        try await withThrowingDiscardingTaskGroup { tasks in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    tasks.addTask { await Self.serve(connection, handlers: handlers) }
                }
            }
        }
    }

    static func describe(_ address: SocketAddress) -> String {
        if let path = address.pathname { return "unix://" + path }
        return "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
    }

    private static func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
                              handlers: RegistryHandlers) async {
        try? await connection.executeThenClose { inbound, outbound in
            let stream = RequestStream(inbound.makeAsyncIterator())
            while let head = try await stream.nextHead() {
                let request = RegistryRequest(head: head, body: stream)
                var response: RegistryResponse
                var keepAlive = head.isKeepAlive
                do {
                    response = try await handlers.handle(request)
                } catch let error as RegistryError {
                    response = .error(error)
                    // A body the handler refused part way is not worth reading.
                    if error.status == 413 { keepAlive = false }
                } catch {
                    response = .error(RegistryError(.unsupported, "\(error)", status: 500))
                    keepAlive = false
                }
                if keepAlive { try await stream.drainBody() }
                try await write(response, to: outbound, head: head, keepAlive: keepAlive)
                if !keepAlive { break }
            }
            outbound.finish()
        }
    }

    private static func write(_ response: RegistryResponse, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
                              head request: HTTPRequestHead, keepAlive: Bool) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Docker-Distribution-Api-Version", value: "registry/2.0")
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        let length: Int64 = switch response.body {
        case .empty: 0
        case .bytes(let bytes): Int64(bytes.count)
        case .file(_, _, let length): length
        }
        if !headers.contains(name: "Content-Length") { headers.add(name: "Content-Length", value: String(length)) }
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: response.status, headers: headers)))
        if request.method != .HEAD {
            switch response.body {
            case .empty:
                break
            case .bytes(let bytes):
                if !bytes.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes)))) }
            case .file(let path, let offset, let length):
                try await streamFile(path, offset: offset, length: length, to: outbound)
            }
        }
        try await outbound.write(.end(nil))
    }

    /// A file's bytes in 256 KiB pieces, each written when the client has
    /// taken the last (the writer waits for the channel to be writable).
    private static func streamFile(_ path: String, offset: Int64, length: Int64,
                                   to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        let fd = try FD.open(path, O_RDONLY)
        defer { FD.close(fd) }
        var position = offset
        let end = offset + length
        while position < end {
            let chunk = try FD.read(fd, at: position, max: Int(min(Int64(1 << 18), end - position)))
            // The blob shrank under us: stop rather than send a short body as whole.
            guard !chunk.isEmpty else { throw RegistryStoreError("\(path) ended early") }
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: chunk))))
            position += Int64(chunk.count)
        }
    }
}
