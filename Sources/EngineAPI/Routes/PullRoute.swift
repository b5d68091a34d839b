import Distribution
import Engine
import OCI

extension Router {
    /// `POST /images/create?fromImage=&tag=[&platform=]`: a pull. What fails
    /// while resolving (unknown tag, denied, unreachable) is answered with a
    /// status code; after the stream starts, errors go in-band.
    static func pull(_ request: Request, _ response: ResponseWriter, _ context: APIContext) async throws {
        var name = request.query["fromImage"] ?? ""
        // A trailing ':' is how some clients ask for every tag.
        if name.hasSuffix(":") { name.removeLast() }
        let tag = request.query["tag"] ?? ""
        var reference: ImageReference
        do {
            reference = try ImageReference.parse(name)
            if let digest = try? Digest(parsing: tag) {
                reference = reference.with(digest: digest)
            } else if !tag.isEmpty {
                reference = try reference.with(tag: tag)
            } else if reference.tag == nil && reference.digest == nil {
                reference = reference.withDefaultTag()
            }
        } catch {
            throw APIError.badRequest("invalid reference format: \(error)")
        }
        let credentials = RegistryCredentials.fromHeader(request.header("X-Registry-Auth")) ?? .anonymous
        let puller = ImagePuller(client: context.registry)
        let plan = try await puller.resolve(reference, platform: request.query["platform"], credentials: credentials)
        try await response.startStream(contentType: "application/json")
        let writer = ProgressWriter(response: response)
        let events = context.containers.events
        let pulledName = plan.reference.description
        await ProgressRelay.run(writer) { progress in
            let outcome = try await puller.fetch(plan, progress: progress)
            events.publish(type: "image", action: "pull", id: pulledName, attributes: ["name": pulledName, "imageID": outcome.imageID.description])
        }
    }
}

/// Progress comes from several layer tasks at once; the response takes one
/// write at a time. Messages go through a stream that one loop drains, and
/// the operation's error, if any, ends the stream in-band.
enum ProgressRelay {
    static func run(_ writer: ProgressWriter, _ operation: @escaping @Sendable (@escaping ProgressSink) async throws -> Void) async {
        let (messages, continuation) = AsyncStream.makeStream(of: ProgressMessage.self)
        let task = Task {
            defer { continuation.finish() }
            try await operation { message in continuation.yield(message) }
        }
        for await message in messages { await writer.write(message) }
        do { try await task.value } catch {
            await writer.fail(APIError(error).message)
        }
    }
}
