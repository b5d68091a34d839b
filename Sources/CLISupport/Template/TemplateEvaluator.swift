/// Runs a parsed template over a value, with Go's semantics for the subset we
/// parse: field lookup, truth, scoping of variables, and Go's error texts.
extension Template {
    public struct Options: Sendable {
        /// `missingkey=error`: an absent map key is an error instead of `<no value>`.
        /// Docker's inspect runs its raw-JSON fallback this way.
        public var missingKeyIsError: Bool
        public init(missingKeyIsError: Bool = false) { self.missingKeyIsError = missingKeyIsError }
    }

    public func execute(_ data: TemplateValue, options: Options = Options(), functions: TemplateFunctions = .basic) throws(TemplateError) -> String {
        var evaluator = TemplateEvaluator(template: self, options: options, functions: functions, scopes: [[("$", data)]])
        var out = ""
        try evaluator.run(nodes, dot: data, into: &out)
        return out
    }

    /// What Go's Execute has written when it stops: everything up to the
    /// first error (Docker ignores a table header's error but keeps its text).
    public func executePartially(_ data: TemplateValue, functions: TemplateFunctions = .basic) -> String {
        var evaluator = TemplateEvaluator(template: self, options: Options(), functions: functions, scopes: [[("$", data)]])
        var out = ""
        try? evaluator.run(nodes, dot: data, into: &out)
        return out
    }
}

struct TemplateEvaluator {
    let template: Template
    let options: Template.Options
    let functions: TemplateFunctions
    var scopes: [[(String, TemplateValue)]]

    func failure(_ message: String, at position: Int, context: String) -> TemplateError {
        let bytes = Array(template.source.utf8)
        let prefix = bytes[..<min(position, bytes.count)]
        let line = 1 + prefix.filter { $0 == 0x0A }.count
        let column: Int
        if let lastNewline = prefix.lastIndex(of: 0x0A) { column = position - (lastNewline + 1) } else { column = position }
        return TemplateError(
            message: "template: \(template.name):\(line):\(column): executing \"\(template.name)\" at <\(context)>: \(message)",
            isParseError: false)
    }

    mutating func run(_ nodes: [TemplateNode], dot: TemplateValue, into out: inout String) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .action(let pipeline):
                let value = try evaluate(pipeline, dot: dot)
                if pipeline.variables.isEmpty { out += value.printed }
            case .ifBlock(let pipeline, let then, let otherwise):
                scopes.append([])
                defer { scopes.removeLast() }
                if try evaluate(pipeline, dot: dot).isTrue {
                    try run(then, dot: dot, into: &out)
                } else if let otherwise {
                    try run(otherwise, dot: dot, into: &out)
                }
            case .withBlock(let pipeline, let then, let otherwise):
                scopes.append([])
                defer { scopes.removeLast() }
                let value = try evaluate(pipeline, dot: dot)
                if value.isTrue {
                    try run(then, dot: value, into: &out)
                } else if let otherwise {
                    try run(otherwise, dot: dot, into: &out)
                }
            case .rangeBlock(var pipeline, let body, let otherwise):
                scopes.append([])
                defer { scopes.removeLast() }
                let names = pipeline.variables
                pipeline.variables = []
                let value = try evaluate(pipeline, dot: dot)
                var items: [(TemplateValue, TemplateValue)] = []
                switch value {
                case .array(let elements): items = elements.enumerated().map { (.int(Int64($0.offset)), $0.element) }
                case .map(let members):
                    items = members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }.map { (.string($0.0), $0.1) }
                case .int(let n) where n >= 0: items = (0..<n).map { (.int($0), .int($0)) }
                case .missing, .null: items = []
                default:
                    throw failure("range can't iterate over \(value.printed)", at: pipeline.position, context: "")
                }
                if items.isEmpty {
                    if let otherwise { try run(otherwise, dot: dot, into: &out) }
                    continue
                }
                for (key, element) in items {
                    scopes.append([])
                    if names.count == 1 { scopes[scopes.count - 1].append((names[0], element)) }
                    if names.count == 2 {
                        scopes[scopes.count - 1].append((names[0], key))
                        scopes[scopes.count - 1].append((names[1], element))
                    }
                    defer { scopes.removeLast() }
                    try run(body, dot: element, into: &out)
                }
            }
        }
    }

    func lookupVariable(_ name: String) -> TemplateValue? {
        for scope in scopes.reversed() {
            if let found = scope.last(where: { $0.0 == name }) { return found.1 }
        }
        return nil
    }

    mutating func evaluate(_ pipeline: TemplatePipeline, dot: TemplateValue) throws(TemplateError) -> TemplateValue {
        var value: TemplateValue? = nil
        for command in pipeline.commands {
            value = try evaluate(command, dot: dot, piped: value)
        }
        let result = value ?? .missing
        if let name = pipeline.variables.first {
            if pipeline.isAssignment {
                guard let scopeIndex = scopes.lastIndex(where: { $0.contains { $0.0 == name } }),
                      let slot = scopes[scopeIndex].lastIndex(where: { $0.0 == name }) else {
                    throw failure("undefined variable: \(name)", at: pipeline.position, context: name)
                }
                scopes[scopeIndex][slot].1 = result
            } else {
                scopes[scopes.count - 1].append((name, result))
            }
        }
        return result
    }

    mutating func evaluate(_ command: TemplateCommand, dot: TemplateValue, piped: TemplateValue?) throws(TemplateError) -> TemplateValue {
        let first = command.operands[0]
        if case .function(let name) = first.kind {
            var arguments: [TemplateValue] = []
            for operand in command.operands.dropFirst() {
                arguments.append(try evaluate(operand, dot: dot))
            }
            if let piped { arguments.append(piped) }
            do {
                return try functions.call(name, arguments)
            } catch {
                throw failure("error calling \(name): \(error.message)", at: command.position, context: command.text)
            }
        }
        if command.operands.count > 1 || piped != nil, let name = first.fields.last {
            // A method with arguments on a computed row (`{{.Label "x"}}`).
            var receiverOperand = first
            receiverOperand.fields.removeLast()
            let receiver = try evaluate(receiverOperand, dot: dot)
            if case .record(let record) = receiver, let method = record.methods[name] {
                var arguments: [TemplateValue] = []
                for operand in command.operands.dropFirst() { arguments.append(try evaluate(operand, dot: dot)) }
                if let piped { arguments.append(piped) }
                do { return try method(arguments) } catch {
                    throw failure("error calling \(name): \(error.message)", at: command.position, context: command.text)
                }
            }
        }
        if command.operands.count > 1 || piped != nil {
            let what = first.fields.isEmpty ? first.text : first.fields.last!
            throw failure("can't give argument to non-function \(what)", at: first.position, context: first.text)
        }
        return try evaluate(first, dot: dot)
    }

    mutating func evaluate(_ operand: TemplateOperand, dot: TemplateValue) throws(TemplateError) -> TemplateValue {
        var value: TemplateValue
        switch operand.kind {
        case .dot: value = dot
        case .variable(let name):
            guard let found = lookupVariable(name) else {
                throw failure("undefined variable: \(name)", at: operand.position, context: name)
            }
            value = found
        case .string(let s): value = .string(s)
        case .number(let n):
            if let i = Int64(n) { value = .int(i) } else { value = .number(n) }
        case .bool(let b): value = .bool(b)
        case .nilValue: value = .null(.pointer)
        case .function(let name):
            do { return try functions.call(name, []) } catch {
                throw failure("error calling \(name): \(error.message)", at: operand.position, context: operand.text)
            }
        case .pipeline(let inner):
            scopes.append([])
            defer { scopes.removeLast() }
            value = try evaluate(inner, dot: dot)
        }
        var path = ""
        if case .variable(let name) = operand.kind { path = name }
        for field in operand.fields {
            path += "." + field
            value = try lookUp(field, in: value, at: operand.position, context: path)
        }
        return value
    }

    func lookUp(_ field: String, in value: TemplateValue, at position: Int, context: String) throws(TemplateError) -> TemplateValue {
        if let found = value.member(field) { return found }
        switch value {
        case .map, .omitted(.map):
            if options.missingKeyIsError {
                throw failure("map has no entry for key \"\(field)\"", at: position, context: context)
            }
            return .missing
        case .record(let record) where record.isMap:
            return .missing
        case .record(let record):
            throw failure("can't evaluate field \(field) in type \(record.typeName)", at: position, context: context)
        case .missing, .null, .omitted(.null), .omitted(.missing):
            throw failure("nil pointer evaluating interface {}.\(field)", at: position, context: context)
        default:
            throw failure("can't evaluate field \(field) in type \(value.goTypeName)", at: position, context: context)
        }
    }
}
