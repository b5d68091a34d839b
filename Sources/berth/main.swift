import ArgumentParser
import EngineClient
import Glibc

// A daemon that closes the connection mid-request must surface as an error
// from write(2), not kill the CLI.
signal(SIGPIPE, SIG_IGN)
exit(BerthMain.run(Array(CommandLine.arguments.dropFirst())))
