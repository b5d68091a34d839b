import ArgumentParser
import CLISupport
import EngineClient

/// `berth info`: Docker's layout of `GET /info`, field for field.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Display system-wide information")

    @Option(name: [.customShort("f", allowingJoined: true), .customLong("format")], help: "Format output using a custom template: 'json', or a Go template")
    var format: String = ""
    @Argument(help: .hidden)
    var arguments: [String] = []

    func run() throws {
        try UsageProblem.ArgumentRule.none.check(arguments.count)
        let client = try Session.client()
        if !format.isEmpty {
            let source = format == "json" ? "{{json .}}" : format
            let template: Template
            do { template = try Template(source) } catch {
                throw CLIError("template parsing error: \(error.message)", exitCode: 64)
            }
            let (_, raw) = try client.info()
            guard case .map(var members) = TemplateValue(json: try JSONDocument.parse(raw)) else {
                throw CLIError("unexpected /info answer")
            }
            members.append(("ClientInfo", .map([
                ("Debug", .bool(false)), ("Version", .string(BerthVersion.current)), ("Context", .string(Session.contextName)),
                ("Plugins", .array([])), ("Warnings", .null(.slice)),
            ])))
            do { Output.out(try template.execute(.map(members)) + "\n") } catch {
                Output.out("\n")
                throw CLIError(error.message)
            }
            return
        }
        var out = "Client:\n"
        out += " Version:    \(BerthVersion.current)\n"
        out += " Context:    \(Session.contextName)\n"
        out += " Debug Mode: false\n"
        out += "\nServer:\n"
        let info: SystemInfo
        do { (info, _) = try client.info() } catch {
            Output.out(out)
            throw error
        }
        Output.out(out + Self.serverSection(info))
        for warning in info.Warnings ?? [] { Output.errLine(warning) }
    }

    static func serverSection(_ info: SystemInfo) -> String {
        var out = ""
        func line(_ label: String, _ value: String) { out += label + " " + value + "\n" }
        func nonEmpty(_ label: String, _ value: String?) { if let value, !value.isEmpty { line(label, value) } }
        func number(_ value: Int?) -> String { String(value ?? 0) }
        func bool(_ value: Bool?) -> String { (value ?? false) ? "true" : "false" }
        line(" Containers:", number(info.Containers))
        line("  Running:", number(info.ContainersRunning))
        line("  Paused:", number(info.ContainersPaused))
        line("  Stopped:", number(info.ContainersStopped))
        line(" Images:", number(info.Images))
        nonEmpty(" Server Version:", info.ServerVersion)
        nonEmpty(" Storage Driver:", info.Driver)
        for pair in info.DriverStatus ?? [] where pair.count >= 2 { out += "  \(pair[0]): \(pair[1])\n" }
        for pair in info.SystemStatus ?? [] where pair.count >= 2 { out += " \(pair[0]): \(pair[1])\n" }
        nonEmpty(" Logging Driver:", info.LoggingDriver)
        nonEmpty(" Cgroup Driver:", info.CgroupDriver)
        nonEmpty(" Cgroup Version:", info.CgroupVersion)
        out += " Plugins:\n"
        line("  Volume:", (info.Plugins?.Volume ?? []).joined(separator: " "))
        line("  Network:", (info.Plugins?.Network ?? []).joined(separator: " "))
        if let authorization = info.Plugins?.Authorization, !authorization.isEmpty {
            line("  Authorization:", authorization.joined(separator: " "))
        }
        line("  Log:", (info.Plugins?.Log ?? []).joined(separator: " "))
        line(" Swarm:", info.Swarm?.LocalNodeState ?? "")
        if let runtimes = info.Runtimes, !runtimes.isEmpty {
            line(" Runtimes:", runtimes.keys.sorted().joined(separator: " "))
            line(" Default Runtime:", info.DefaultRuntime ?? "")
        }
        if info.OSType == "linux" {
            line(" Init Binary:", info.InitBinary ?? "")
            line(" containerd version:", info.ContainerdCommit?.ID ?? "")
            line(" runc version:", info.RuncCommit?.ID ?? "")
            line(" init version:", info.InitCommit?.ID ?? "")
            if let options = info.SecurityOptions, !options.isEmpty {
                out += " Security Options:\n"
                for option in options {
                    // "name=seccomp,profile=default"
                    var name = option
                    var profile: String? = nil
                    for part in option.split(separator: ",") {
                        let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
                        guard kv.count == 2 else { continue }
                        if kv[0] == "name" { name = kv[1] } else if kv[0] == "profile" { profile = kv[1] }
                    }
                    out += "  \(name)\n"
                    if let profile { out += "   Profile: \(profile)\n" }
                }
            }
        }
        nonEmpty(" Kernel Version:", info.KernelVersion)
        nonEmpty(" Operating System:", info.OperatingSystem)
        nonEmpty(" OSType:", info.OSType)
        nonEmpty(" Architecture:", info.Architecture)
        line(" CPUs:", number(info.NCPU))
        line(" Total Memory:", HumanUnits.bytesSize(Double(info.MemTotal ?? 0)))
        nonEmpty(" Name:", info.Name)
        nonEmpty(" ID:", info.ID)
        line(" Docker Root Dir:", info.DockerRootDir ?? "")
        line(" Debug Mode:", bool(info.Debug))
        nonEmpty(" HTTP Proxy:", info.HttpProxy)
        nonEmpty(" HTTPS Proxy:", info.HttpsProxy)
        nonEmpty(" No Proxy:", info.NoProxy)
        if let labels = info.Labels, !labels.isEmpty {
            out += " Labels:\n"
            for label in labels { out += "  \(label)\n" }
        }
        line(" Experimental:", bool(info.ExperimentalBuild))
        if let registry = info.RegistryConfig,
           !(registry.InsecureRegistryCIDRs ?? []).isEmpty || !(registry.IndexConfigs ?? [:]).isEmpty {
            out += " Insecure Registries:\n"
            for (_, index) in (registry.IndexConfigs ?? [:]).sorted(by: { $0.key < $1.key }) where index.Secure == false {
                out += "  \(index.Name ?? "")\n"
            }
            for cidr in registry.InsecureRegistryCIDRs ?? [] { out += "  \(cidr)\n" }
        }
        if let mirrors = info.RegistryConfig?.Mirrors, !mirrors.isEmpty {
            out += " Registry Mirrors:\n"
            for mirror in mirrors { out += "  \(mirror)\n" }
        }
        line(" Live Restore Enabled:", bool(info.LiveRestoreEnabled))
        if let license = info.ProductLicense, !license.isEmpty { line(" Product License:", license) }
        if let pools = info.DefaultAddressPools, !pools.isEmpty {
            out += " Default Address Pools:\n"
            for pool in pools { out += "   Base: \(pool.Base ?? ""), Size: \(pool.Size ?? 0)\n" }
        }
        out += "\n"
        return out
    }
}
