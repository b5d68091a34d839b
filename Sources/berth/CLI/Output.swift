import Glibc
import LinuxSupport

/// Writes to stdout and stderr straight through write(2): the CLI prints whole
/// strings it has built, and streams (save) go to the same descriptor, so no
/// stdio buffer may hold anything back.
enum Output {
    static func out(_ text: String) {
        try? FD.writeAll(1, text)
    }

    static func err(_ text: String) {
        try? FD.writeAll(2, text)
    }

    static func errLine(_ text: String) {
        err(text.hasSuffix("\n") ? text : text + "\n")
    }

    static func isTerminal(_ fd: Int32) -> Bool {
        isatty(fd) == 1
    }

    static func terminalWidth(_ fd: Int32) -> Int? {
        Terminal.size(fd).map { Int($0.columns) }
    }
}

/// An error that ends the command: its message goes to stderr, its code is
/// the exit status (Docker's: 1 for failures, 125 for bad flags, 64 for a
/// template that does not parse in inspect).
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32 = 1
    var description: String { message }

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }
}

/// Text for a failed open(2), in Go's words ("open x: no such file or directory").
func goOpenError(_ path: String, _ error: SystemCallError) -> String {
    "open \(path): \(String(cString: strerror(error.errno)).lowercased())"
}
