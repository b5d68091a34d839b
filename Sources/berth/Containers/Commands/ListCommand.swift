import CLISupport
import EngineClient

/// `berth ps` / `berth container ls`: Docker's columns and truncation, `-a`,
/// `-q`, `-s`, `-n`, `-l`, `--no-trunc`, `-f`, `--format`.
struct ListCommand: FlagCommand {
    static let usage = "[OPTIONS]"
    static let summary = "List containers"
    static let aliases = "berth container ls, berth container list, berth container ps, berth ps"
    static let arguments = UsageProblem.ArgumentRule.none
    static let flags: [FlagDefinition] = [
        .bool("quiet", short: "q", "Only display container IDs"),
        .bool("size", short: "s", "Display total file sizes"),
        .bool("all", short: "a", "Show all containers (default shows just running)"),
        .bool("no-trunc", "Don't truncate output"),
        .bool("latest", short: "l", "Show the latest created container (includes all states)"),
        FlagDefinition("last", short: "n", type: "int", "Show n last created containers (includes all states)", default: "-1") {
            (text) throws(FlagValueError) in String(try GoStrconv.parseInt(text))
        },
        FlagDefinition("format", "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        FlagDefinition("filter", short: "f", type: "filter", "Filter output based on conditions provided"),
    ]

    let flags: ParsedFlags

    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let filters = try FilterOption.parse(flags.strings("filter"))
        let quiet = flags.bool("quiet")
        var format = flags.string("format") ?? ""
        if !format.isEmpty && quiet {
            Output.err("WARNING: Ignoring custom format, because both --format and --quiet are set.\n")
        }
        var size = flags.bool("size")
        var limit = Int(flags.int("last", default: -1))
        if flags.bool("latest") && limit == -1 { limit = 1 }
        if !format.isEmpty {
            let template: Template
            do { template = try Template(format) } catch {
                throw CLIError("failed to parse template: \(error.message)")
            }
            do { _ = try template.execute(.record(ContainerListRows.record(ContainerListing(), truncate: false, now: 0))) } catch {
                throw CLIError("failed to execute template: \(error.message)")
            }
            if !quiet && !size && !flags.isSet("size") && ContainerListRows.usesSize(format) { size = true }
        }
        let containers = try Session.client().listContainers(all: flags.bool("all"), limit: limit, size: size, filters: filters)
        format = ContainerListRows.format(format, quiet: quiet, size: size)
        let now = GoTime.now()
        let rows = containers.map { TemplateValue.record(ContainerListRows.record(Self.listing($0), truncate: !flags.bool("no-trunc"), now: now)) }
        Output.out(try FormatRenderer(format: format, headers: ContainerListRows.headers).render(rows))
    }

    static func listing(_ c: ContainerSummary) -> ContainerListing {
        var listing = ContainerListing()
        listing.id = c.Id ?? ""
        listing.names = c.Names ?? []
        listing.image = c.Image ?? ""
        listing.imageID = c.ImageID ?? ""
        listing.command = c.Command ?? ""
        listing.created = c.Created ?? 0
        listing.ports = (c.Ports ?? []).map {
            PortEntry(ip: $0.IP ?? "", privatePort: $0.PrivatePort ?? 0, publicPort: $0.PublicPort ?? 0, type: $0.Type ?? "")
        }
        listing.sizeRw = c.SizeRw ?? 0
        listing.sizeRootFs = c.SizeRootFs ?? 0
        listing.labels = c.Labels
        listing.state = c.State ?? ""
        listing.status = c.Status ?? ""
        listing.mounts = (c.Mounts ?? []).map { ContainerListing.Mount(name: $0.Name ?? "", source: $0.Source ?? "", driver: $0.Driver ?? "") }
        listing.networks = Array((c.NetworkSettings?.Networks ?? [:]).keys)
        return listing
    }
}
