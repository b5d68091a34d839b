/// Command-line flags parsed the way Docker's CLI parses them (spf13/pflag):
/// `--name value`, `--name=value`, `-n value`, `-nvalue`, `-n=value`, boolean
/// clusters (`-it`), `--bool=false`, `--` ending the flags, and, for commands
/// that run another program (`run`, `exec`), flags only before the first
/// argument. Errors carry pflag's wording, which scripts and people know.
public struct FlagSet: Sendable {
    public var definitions: [FlagDefinition]
    /// False for `run`/`create`/`exec`/`top`: the first argument ends the
    /// flags, so that `berth run image ls -l` passes `-l` to `ls`.
    public var interspersed: Bool

    public init(_ definitions: [FlagDefinition], interspersed: Bool = true) {
        self.definitions = definitions
        self.interspersed = interspersed
    }

    public func definition(named name: String) -> FlagDefinition? {
        definitions.first { $0.name == name }
    }

    func definition(shorthand: Character) -> FlagDefinition? {
        definitions.first { $0.shorthand == shorthand }
    }

    /// Parses `arguments` (without the command's own name).
    public func parse(_ arguments: [String]) throws(FlagParseError) -> ParsedFlags {
        var parsed = ParsedFlags()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            let bytes = Array(argument.utf8)
            if bytes.count < 2 || bytes[0] != UInt8(ascii: "-") {
                parsed.arguments.append(argument)
                if !interspersed {
                    parsed.arguments += rest
                    return parsed
                }
                continue
            }
            if bytes[1] == UInt8(ascii: "-") {
                if bytes.count == 2 {
                    parsed.arguments += rest
                    return parsed
                }
                try parseLong(argument, &rest, into: &parsed)
            } else {
                try parseShorts(argument, &rest, into: &parsed)
            }
        }
        return parsed
    }

    private func parseLong(_ argument: String, _ rest: inout ArraySlice<String>, into parsed: inout ParsedFlags) throws(FlagParseError) {
        let body = argument.dropFirst(2)
        if body.isEmpty || body.first == "-" || body.first == "=" {
            throw .invalid("bad flag syntax: \(argument)")
        }
        let name: String
        var inlineValue: String? = nil
        if let equals = body.firstIndex(of: "=") {
            name = String(body[..<equals])
            inlineValue = String(body[body.index(after: equals)...])
        } else {
            name = String(body)
        }
        guard let flag = definition(named: name) else {
            if name == "help" { throw .helpRequested }
            throw .invalid("unknown flag: --\(name)")
        }
        let value: String
        if let inlineValue {
            value = inlineValue
        } else if flag.kind == .bool {
            value = "true"
        } else if let next = rest.popFirst() {
            value = next
        } else {
            throw .invalid("flag needs an argument: \(argument)")
        }
        try set(flag, value, into: &parsed)
    }

    private func parseShorts(_ argument: String, _ rest: inout ArraySlice<String>, into parsed: inout ParsedFlags) throws(FlagParseError) {
        var shorthands = Substring(argument.dropFirst())
        while let letter = shorthands.first {
            guard let flag = definition(shorthand: letter) else {
                if letter == "h" { throw .helpRequested }
                throw .invalid("unknown shorthand flag: '\(letter)' in -\(shorthands)")
            }
            let after = shorthands.dropFirst()
            let value: String
            if after.first == "=" {
                value = String(after.dropFirst())
                shorthands = ""
            } else if flag.kind == .bool {
                value = "true"
                shorthands = after
            } else if !after.isEmpty {
                value = String(after)
                shorthands = ""
            } else if let next = rest.popFirst() {
                value = next
                shorthands = ""
            } else {
                throw .invalid("flag needs an argument: '\(letter)' in -\(shorthands)")
            }
            try set(flag, value, into: &parsed)
        }
    }

    private func set(_ flag: FlagDefinition, _ value: String, into parsed: inout ParsedFlags) throws(FlagParseError) {
        var stored = value
        do {
            if flag.kind == .bool {
                stored = try GoStrconv.parseBool(value) ? "true" : "false"
            }
            if let validate = flag.validate { stored = try validate(stored) }
        } catch {
            throw .invalid("invalid argument \"\(value)\" for \"\(flag.displayName)\" flag: \(error.message)")
        }
        parsed.record(flag.name, stored)
        if let deprecated = flag.deprecated {
            parsed.warnings.append("Flag --\(flag.name) has been deprecated, \(deprecated)")
        }
    }
}

/// One flag: its names, whether it takes a value, and how a value is checked.
public struct FlagDefinition: Sendable {
    public enum Kind: Sendable { case bool, value }
    public typealias Validator = @Sendable (String) throws(FlagValueError) -> String

    public var name: String
    public var shorthand: Character?
    public var kind: Kind
    /// pflag's type name, shown in help ("string", "list", "bytes", …).
    public var typeName: String
    public var usage: String
    /// The default shown in help, if any ("no", "-1", "true").
    public var defaultText: String?
    public var hidden: Bool
    /// When set, using the flag prints "Flag --NAME has been deprecated, TEXT".
    public var deprecated: String?
    /// Checks a value when it is parsed, as pflag's Value.Set does, and may
    /// normalise it (an `-e NAME` takes NAME's value from the environment).
    public var validate: Validator?
    /// The API version the flag needs (Docker refuses it against older daemons).
    public var minimumAPIVersion: String?

    public init(_ name: String, short: Character? = nil, kind: Kind = .value, type typeName: String = "string",
                _ usage: String = "", default defaultText: String? = nil, hidden: Bool = false,
                deprecated: String? = nil, validate: Validator? = nil) {
        self.name = name
        self.shorthand = short
        self.kind = kind
        self.typeName = kind == .bool ? "" : typeName
        self.usage = usage
        self.defaultText = defaultText
        self.hidden = hidden
        self.deprecated = deprecated
        self.validate = validate
    }

    public static func bool(_ name: String, short: Character? = nil, _ usage: String = "", default defaultText: String? = nil,
                            hidden: Bool = false, deprecated: String? = nil) -> FlagDefinition {
        FlagDefinition(name, short: short, kind: .bool, usage, default: defaultText, hidden: hidden, deprecated: deprecated)
    }

    /// This flag, needing API `version` or later.
    public func requiring(_ version: String) -> FlagDefinition {
        var copy = self
        copy.minimumAPIVersion = version
        return copy
    }

    /// How error messages name the flag: `-m, --memory` or `--cpus`.
    public var displayName: String {
        shorthand.map { "-\($0), --\(name)" } ?? "--\(name)"
    }
}

/// A value a flag refused, in the words of the Go function that refused it.
public struct FlagValueError: Error, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

public enum FlagParseError: Error, Sendable, Equatable {
    /// `--help` (or `-h` where it is not taken) was given.
    case helpRequested
    /// pflag's message: the caller adds the usage line and exits 125.
    case invalid(String)
}

/// What a command line held: each flag's values in the order given, and the
/// arguments that were not flags.
public struct ParsedFlags: Sendable {
    private var values: [String: [String]] = [:]
    public var arguments: [String] = []
    /// Deprecation notices to print on stderr.
    public var warnings: [String] = []

    public init() {}

    mutating func record(_ name: String, _ value: String) {
        values[name, default: []].append(value)
    }

    /// Whether the flag appeared at all (pflag's `Changed`).
    public func isSet(_ name: String) -> Bool { values[name] != nil }

    /// The last value given, or nil.
    public func string(_ name: String) -> String? { values[name]?.last }

    public func string(_ name: String, default fallback: String) -> String { values[name]?.last ?? fallback }

    /// Every value given, in order (list flags: `-e A -e B`).
    public func strings(_ name: String) -> [String] { values[name] ?? [] }

    public func bool(_ name: String, default fallback: Bool = false) -> Bool {
        values[name]?.last.map { $0 == "true" } ?? fallback
    }

    /// An integer flag, already checked by its validator.
    public func int(_ name: String, default fallback: Int64 = 0) -> Int64 {
        values[name]?.last.flatMap { Int64($0) } ?? fallback
    }
}
