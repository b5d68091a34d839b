import CLISupport
import EngineClient

/// A pull through the daemon, shared by `pull` and by `run`/`create` when the
/// image is missing: the stored login for the image's registry goes in
/// `X-Registry-Auth`, and the daemon's progress stream goes to `progress`.
enum ImagePull {
    /// `allTags` pulls every tag of the repository (`reference` has neither
    /// tag nor digest then). `promptOnRefusal` is `pull`'s "Login prior to
    /// pull" retry; `run` and `create` fail at once, as docker's do.
    static func pull(_ reference: ImageReference, allTags: Bool = false, platform: String?, progress: ProgressDisplay,
                     promptOnRefusal: Bool = false, client: EngineClient) throws {
        let key = RegistryHostname.configKey(forDomain: reference.domain)
        let stored = RegistryAuthHeader.credentials(forKey: key, in: ClientConfiguration.forReading())
        // The daemon takes a digest where a tag would go.
        let tag = allTags ? nil : reference.digest ?? reference.tag ?? "latest"
        let request = { (auth: String) throws(EngineError) in
            try client.pullImage(fromImage: reference.name, tag: tag, registryAuth: auth, platform: platform)
        }
        let response = promptOnRefusal
            ? try LoginPriorToRequest.send("pull", stored: stored, request)
            : try request(stored.headerValue)
        try progress.show(JSONMessageStream(response))
    }
}
