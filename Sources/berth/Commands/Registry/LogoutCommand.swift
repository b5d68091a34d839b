import CLISupport

/// `berth logout [SERVER]`: removes the stored login, also under the legacy
/// keys docker once wrote (`http://host`, `https://host`). Like docker 28 it
/// says "Removing login credentials for …" whether or not there was one.
struct LogoutCommand: FlagCommand {
    static let usage = "[SERVER]"
    static let summary = "Log out from a registry.\nIf no server is specified, the default is defined by the daemon."
    static let arguments = UsageProblem.ArgumentRule.atMost(1)
    static let flags: [FlagDefinition] = []

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        // docker reads its configuration (and warns about it) before anything else.
        _ = ClientConfiguration.load()
        let server = flags.arguments.first ?? ""
        var keys = [server.isEmpty ? RegistryHostname.dockerHubKey : server]
        var shown = keys[0]
        if !server.isEmpty {
            let hostname = RegistryHostname.hostname(server)
            shown = hostname
            keys += [hostname, "http://" + hostname, "https://" + hostname]
        }
        // (docker also revokes its Docker Hub web-login tokens here; berth never makes those.)
        Output.out("Removing login credentials for \(shown)\n")
        var store = LoginStore()
        var failures: [(String, DockerConfigError)] = []
        for key in keys where !failures.contains(where: { $0.0 == key }) {
            do { try store.erase(key) } catch { failures.append((key, error)) }
        }
        // Success if any of the forms could be erased (or had nothing to
        // erase). docker counts failures by key but compares with the list,
        // which names a plain hostname twice: then it never warns.
        guard failures.count == keys.count else { return }
        var text = "WARNING: could not erase credentials:\n"
        for (key, error) in failures { text += "\(key): \(error)\n" }
        Output.err(text)
    }
}
