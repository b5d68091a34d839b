/// The functions a template may call: Go's builtins that `--format` users rely
/// on, plus Docker's additions (json, join, split, title, lower, upper, pad,
/// truncate). Table headers run with Docker's header variants, which return
/// their argument untouched so that a column keeps its header text.
public struct TemplateFunctions: Sendable {
    public struct CallError: Error, Sendable {
        public let message: String
        public init(_ message: String) { self.message = message }
    }

    public typealias Function = @Sendable ([TemplateValue]) throws(CallError) -> TemplateValue

    var extra: [String: Function]
    var headerMode: Bool

    public static let basic = TemplateFunctions(extra: [:], headerMode: false)
    /// Docker's HeaderFunctions: formatting functions pass their argument through.
    public static let header = TemplateFunctions(extra: [:], headerMode: true)

    static let builtinNames: Set<String> = [
        "json", "split", "join", "title", "lower", "upper", "pad", "truncate",
        "index", "len", "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not",
        "print", "println", "printf", "slice", "html", "urlquery", "js",
    ]

    public var names: Set<String> { Self.builtinNames.union(extra.keys) }

    /// Adds a function (e.g. `getDetailsOrder` for `version`).
    public func adding(_ name: String, _ function: @escaping Function) -> TemplateFunctions {
        var copy = self
        copy.extra[name] = function
        return copy
    }

    public var forHeader: TemplateFunctions {
        var copy = self
        copy.headerMode = true
        return copy
    }

    func call(_ name: String, _ args: [TemplateValue]) throws(CallError) -> TemplateValue {
        if let function = extra[name] { return try function(args) }
        if headerMode, ["json", "split", "join", "title", "lower", "upper", "truncate"].contains(name) {
            guard let first = args.first else { throw CallError("wrong number of args for \(name): want 1 got 0") }
            return first
        }
        func arity(_ n: Int) throws(CallError) {
            guard args.count == n else { throw CallError("wrong number of args for \(name): want \(n) got \(args.count)") }
        }
        func string(_ value: TemplateValue) throws(CallError) -> String {
            switch value {
            case .string(let s): return s
            default: throw CallError("wrong type for value; expected string; got \(value.goTypeName)")
            }
        }
        func integer(_ value: TemplateValue) throws(CallError) -> Int64 {
            switch value {
            case .int(let i): return i
            case .number(let n): if let i = Int64(n) { return i }
            default: break
            }
            throw CallError("wrong type for value; expected int; got \(value.goTypeName)")
        }
        switch name {
        case "json":
            try arity(1)
            return .string(args[0].jsonText)
        case "split":
            try arity(2)
            let s = try string(args[0]), separator = try string(args[1])
            return .array(Self.split(s, separator).map { .string($0) })
        case "join":
            try arity(2)
            guard case .array(let elements) = args[0] else {
                if case .null = args[0] { return .string("") }
                throw CallError("wrong type for value; expected []string; got \(args[0].goTypeName)")
            }
            return .string(elements.map(\.printed).joined(separator: try string(args[1])))
        case "title":
            try arity(1)
            return .string(Self.title(try string(args[0])))
        case "lower":
            try arity(1)
            return .string(String(try string(args[0]).lowercased()))
        case "upper":
            try arity(1)
            return .string(String(try string(args[0]).uppercased()))
        case "pad":
            try arity(3)
            let s = try string(args[0])
            if s.isEmpty { return .string(s) }
            let prefix = Int(max(0, try integer(args[1]))), suffix = Int(max(0, try integer(args[2])))
            return .string(String(repeating: " ", count: prefix) + s + String(repeating: " ", count: suffix))
        case "truncate":
            try arity(2)
            let s = try string(args[0]), length = Int(try integer(args[1]))
            let bytes = Array(s.utf8)
            if bytes.count < length || length < 0 { return .string(s) }
            return .string(String(decoding: bytes[..<length], as: UTF8.self))
        case "index":
            guard var value = args.first else { throw CallError("wrong number of args for index: want at least 1 got 0") }
            for key in args.dropFirst() {
                switch value {
                case .array(let elements):
                    let i = try integer(key)
                    guard i >= 0 && i < elements.count else { throw CallError("index out of range: \(i)") }
                    value = elements[Int(i)]
                case .map(let members):
                    let k = try string(key)
                    value = members.first { $0.0 == k }?.1 ?? .missing
                    if case .omitted(let inner) = value { value = inner }
                case .record(let record):
                    let k = try string(key)
                    value = record[k] ?? .missing
                case .null, .missing:
                    throw CallError("index of untyped nil")
                default:
                    throw CallError("can't index item of type \(value.goTypeName)")
                }
            }
            return value
        case "len":
            try arity(1)
            switch args[0] {
            case .string(let s): return .int(Int64(s.utf8.count))
            case .array(let a): return .int(Int64(a.count))
            case .map(let m): return .int(Int64(m.count))
            case .null(let hint) where hint != .pointer: return .int(0)
            default: throw CallError("len of type \(args[0].goTypeName)")
            }
        case "eq":
            guard args.count >= 2 else { throw CallError("missing argument for comparison") }
            for other in args.dropFirst() where try Self.equal(args[0], other) { return .bool(true) }
            return .bool(false)
        case "ne":
            try arity(2)
            return .bool(!(try Self.equal(args[0], args[1])))
        case "lt", "le", "gt", "ge":
            try arity(2)
            let order = try Self.compare(args[0], args[1])
            switch name {
            case "lt": return .bool(order < 0)
            case "le": return .bool(order <= 0)
            case "gt": return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case "and":
            guard !args.isEmpty else { throw CallError("wrong number of args for and: want at least 1 got 0") }
            return args.first { !$0.isTrue } ?? args[args.count - 1]
        case "or":
            guard !args.isEmpty else { throw CallError("wrong number of args for or: want at least 1 got 0") }
            return args.first { $0.isTrue } ?? args[args.count - 1]
        case "not":
            try arity(1)
            return .bool(!args[0].isTrue)
        case "print":
            return .string(Self.goPrint(args))
        case "println":
            return .string(args.map(\.printed).joined(separator: " ") + "\n")
        case "printf":
            guard let format = args.first else { throw CallError("wrong number of args for printf: want at least 1 got 0") }
            return .string(Self.printf(try string(format), Array(args.dropFirst())))
        case "slice":
            guard let first = args.first else { throw CallError("wrong number of args for slice: want at least 1 got 0") }
            let bounds = try args.dropFirst().map { (v: TemplateValue) throws(CallError) -> Int in Int(try integer(v)) }
            switch first {
            case .string(let s):
                let bytes = Array(s.utf8)
                let lo = bounds.first ?? 0, hi = bounds.count > 1 ? bounds[1] : bytes.count
                guard lo >= 0, lo <= hi, hi <= bytes.count else { throw CallError("index out of range") }
                return .string(String(decoding: bytes[lo..<hi], as: UTF8.self))
            case .array(let a):
                let lo = bounds.first ?? 0, hi = bounds.count > 1 ? bounds[1] : a.count
                guard lo >= 0, lo <= hi, hi <= a.count else { throw CallError("index out of range") }
                return .array(Array(a[lo..<hi]))
            default:
                throw CallError("can't slice item of type \(first.goTypeName)")
            }
        case "html", "urlquery", "js":
            return .string(Self.goPrint(args))
        default:
            throw CallError("function \"\(name)\" not defined")
        }
    }

    // MARK: helpers

    static func split(_ s: String, _ separator: String) -> [String] {
        if separator.isEmpty { return s.map { String($0) } }
        var parts: [String] = []
        var rest = Substring(s)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }

    /// Go's strings.Title: upper-cases the first letter of each word.
    static func title(_ s: String) -> String {
        var out = ""
        var previousIsLetter = false
        for ch in s {
            let isLetter = ch.isLetter || ch.isNumber || ch == "_" || ch == "'"
            if isLetter && !previousIsLetter { out += ch.uppercased() } else { out.append(ch) }
            previousIsLetter = isLetter
        }
        return out
    }

    /// Go's fmt.Sprint: spaces only between operands that are not both strings.
    static func goPrint(_ args: [TemplateValue]) -> String {
        var out = ""
        for (i, arg) in args.enumerated() {
            if i > 0 {
                let bothStrings: Bool
                if case .string = arg, case .string = args[i - 1] { bothStrings = true } else { bothStrings = false }
                if !bothStrings { out += " " }
            }
            out += arg.printed
        }
        return out
    }

    /// A small fmt.Sprintf: %s %v %d %q %t %%, with optional width like %-10s.
    static func printf(_ format: String, _ args: [TemplateValue]) -> String {
        var out = ""
        var index = 0
        var chars = Array(format)[...]
        while let c = chars.popFirst() {
            guard c == "%" else { out.append(c); continue }
            var flags = ""
            while let f = chars.first, "-0123456789.+ #".contains(f) { flags.append(f); chars.removeFirst() }
            guard let verb = chars.popFirst() else { out += "%!(NOVERB)"; break }
            if verb == "%" { out += "%"; continue }
            guard index < args.count else { out += "%!\(verb)(MISSING)"; continue }
            let arg = args[index]
            index += 1
            var text: String
            switch verb {
            case "q": text = JSONWriter.quoted(arg.printed)
            default: text = arg.printed
            }
            let leftAlign = flags.hasPrefix("-")
            if let width = Int(flags.filter { $0.isNumber && $0 != "." }.prefix { $0 != "." }), text.count < width {
                let padding = String(repeating: " ", count: width - text.count)
                text = leftAlign ? text + padding : padding + text
            }
            out += text
        }
        if index < args.count {
            out += "%!(EXTRA " + args[index...].map { "\($0.goTypeName)=\($0.printed)" }.joined(separator: ", ") + ")"
        }
        return out
    }

    static func equal(_ a: TemplateValue, _ b: TemplateValue) throws(CallError) -> Bool {
        if a.isNil || b.isNil { return a.isNil && b.isNil }
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.int, _), (.number, _):
            guard let x = numeric(a), let y = numeric(b) else { throw CallError("incompatible types for comparison") }
            return x == y
        default:
            throw CallError("incompatible types for comparison")
        }
    }

    static func compare(_ a: TemplateValue, _ b: TemplateValue) throws(CallError) -> Int {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
        default:
            guard let x = numeric(a), let y = numeric(b) else { throw CallError("incompatible types for comparison") }
            return x == y ? 0 : (x < y ? -1 : 1)
        }
    }

    static func numeric(_ value: TemplateValue) -> Double? {
        switch value {
        case .int(let i): return Double(i)
        case .number(let n): return Double(n)
        default: return nil
        }
    }
}
