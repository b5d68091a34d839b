/// Mistakes in how a command was called. main turns them into Docker's text,
/// which names the command as invoked and shows its usage line.
enum UsageProblem: Error {
    /// A bad flag or flag value (Docker exits 125).
    case flag(String)
    /// Too few or too many arguments (Docker exits 1).
    case arguments(ArgumentRule)
    /// An unknown subcommand under a command group.
    case unknownCommand(String)

    enum ArgumentRule {
        case none
        case atLeast(Int)
        case atMost(Int)
        case exactly(Int)
        case range(Int, Int)
    }
}

extension UsageProblem.ArgumentRule {
    /// Throws when `count` arguments break the rule.
    func check(_ count: Int) throws {
        let ok: Bool
        switch self {
        case .none: ok = count == 0
        case .atLeast(let n): ok = count >= n
        case .atMost(let n): ok = count <= n
        case .exactly(let n): ok = count == n
        case .range(let low, let high): ok = count >= low && count <= high
        }
        if !ok { throw UsageProblem.arguments(self) }
    }

    /// Docker's cli/required.go wording.
    func message(path: String, usage: String) -> String {
        func plural(_ n: Int) -> String { n == 1 ? "argument" : "arguments" }
        switch self {
        case .none:
            return "berth: '\(path)' accepts no arguments\n\nUsage:  \(usage)\n\nRun '\(path) --help' for more information"
        case .atLeast(let n):
            return "berth: '\(path)' requires at least \(n) \(plural(n))\n\nUsage:  \(usage)\n\nSee '\(path) --help' for more information"
        case .atMost(let n):
            return "berth: '\(path)' requires at most \(n) \(plural(n))\n\nUsage:  \(usage)\n\nRun '\(path) --help' for more information"
        case .exactly(let n):
            return "berth: '\(path)' requires \(n) \(plural(n))\n\nUsage:  \(usage)\n\nRun '\(path) --help' for more information"
        case .range(let low, let high):
            return "berth: '\(path)' requires at least \(low) and at most \(high) \(plural(high))\n\nUsage:  \(usage)\n\nRun '\(path) --help' for more information"
        }
    }
}
