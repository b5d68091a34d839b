import Runtime

/// runc-style arguments: flags first (`--name value`, `--name=value`, or with a
/// single dash as Go's flag package allows), parsing stops at the first
/// positional argument so a command's own flags (`exec id sh -c ...`) pass through.
struct ParsedArguments {
    var values: [String: [String]] = [:]
    var positionals: [String] = []

    func has(_ name: String) -> Bool { values[name] != nil }
    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }

    func bool(_ name: String) -> Bool {
        guard let value = value(name) else { return false }
        return value != "false" && value != "0"
    }

    func int(_ name: String) throws(RuntimeError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text) else { throw .invalidArgument("invalid value \"\(text)\" for flag --\(name)") }
        return number
    }

    func positional(_ index: Int, _ what: String) throws(RuntimeError) -> String {
        guard index < positionals.count else { throw .invalidArgument("\(what) cannot be empty") }
        return positionals[index]
    }
}

/// The flags a command accepts: canonical long name, aliases, and whether it takes a value.
struct FlagSet: Sendable {
    struct Flag: Sendable {
        let name: String
        let aliases: [String]
        let takesValue: Bool

        static func value(_ name: String, _ aliases: String...) -> Flag { Flag(name: name, aliases: aliases, takesValue: true) }
        static func bool(_ name: String, _ aliases: String...) -> Flag { Flag(name: name, aliases: aliases, takesValue: false) }
    }

    var flags: [Flag]

    init(_ flags: [Flag]) { self.flags = flags }


    func lookup(_ name: String) -> Flag? {
        flags.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// Parses `arguments` from `start`; stops at the first positional, or after "--".
    func parse(_ arguments: ArraySlice<String>, stopAtPositional: Bool = true) throws(RuntimeError) -> ParsedArguments {
        var result = ParsedArguments()
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" {
                result.positionals += arguments[(index + 1)...]
                break
            }
            guard argument.hasPrefix("-"), argument.count > 1 else {
                if stopAtPositional {
                    result.positionals += arguments[index...]
                    break
                }
                result.positionals.append(argument)
                index += 1
                continue
            }
            var name = String(argument.drop(while: { $0 == "-" }))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let flag = lookup(name) else { throw .invalidArgument("flag provided but not defined: -\(name)") }
            if flag.takesValue {
                if let inlineValue {
                    result.values[flag.name, default: []].append(inlineValue)
                } else {
                    index += 1
                    guard index < arguments.endIndex else { throw .invalidArgument("flag needs an argument: -\(name)") }
                    result.values[flag.name, default: []].append(arguments[index])
                }
            } else {
                result.values[flag.name, default: []].append(inlineValue ?? "true")
            }
            index += 1
        }
        return result
    }
}
