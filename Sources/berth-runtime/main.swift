import Glibc
import LinuxSupport
import Runtime

// berth-runtime: an OCI runtime with runc's command line, so containerd and
// Docker can drive it, over Berth's Runtime library.

let arguments = CommandLine.arguments
let global: ParsedArguments
do {
    global = try GlobalOptions.flags.parse(arguments.dropFirst())
} catch {
    FD.writeStderr("berth-runtime: \(error)\n")
    exit(1)
}
let options = GlobalOptions(global)
RuntimeLog.shared = RuntimeLog(path: options.logPath, json: options.logFormat == "json", debug: options.debug)

if global.bool("version") {
    print(VersionCommand.text)
    exit(0)
}
guard let commandName = global.positionals.first, !global.bool("help") else {
    print(HelpText.usage)
    exit(global.bool("help") ? 0 : 1)
}
guard let command = Commands.all[commandName] else {
    FD.writeStderr("berth-runtime: No help topic for '\(commandName)'\n")
    exit(1)
}

// Commands whose processes enter a container run from a sealed copy of this
// binary, so nothing inside can write through /proc/PID/exe (CVE-2019-5736).
if command.entersContainer && !SealedExecutable.isSealed() {
    let environment = (0...).lazy.map { environ[$0] }.prefix { $0 != nil }.map { String(cString: $0!) }
    let error = SealedExecutable.reexecute(arguments: arguments, environment: Array(environment), scratch: options.root)
    RuntimeLog.shared.warning("running unsealed: \(error)")
}

do {
    let commandArguments = global.positionals.dropFirst()
    let status = try command.run(commandName, options, commandArguments)
    exit(status)
} catch {
    RuntimeLog.shared.error("\(error)")
    if !RuntimeLog.shared.writesToStderr { FD.writeStderr("berth-runtime: \(error)\n") }
    exit(1)
}
