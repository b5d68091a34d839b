/// Lexer and parser for Go's text/template syntax (the subset in TemplateSyntax).
extension Template {
    public init(_ source: String, name: String = "", functions: TemplateFunctions = .basic) throws(TemplateError) {
        var parser = TemplateParser(source: Array(source.utf8), name: name, functionNames: functions.names)
        let (nodes, terminator) = try parser.parseList()
        if let terminator {
            throw parser.parseError(terminator.keyword == "end" ? "unexpected {{end}}" : "unexpected {{else}}", at: terminator.position)
        }
        self.name = name
        self.source = source
        self.nodes = nodes
    }
}

private struct Token {
    enum Kind: Equatable {
        case field(String)      // .Name
        case dot
        case variable(String)   // $name or $
        case identifier(String)
        case string(String)
        case number(String)
        case leftParen, rightParen, pipe, declare, assign, comma
    }
    var kind: Kind
    var position: Int
    var end: Int
    var spaceBefore: Bool
}

private struct Terminator {
    var keyword: String      // "end" or "else"
    var position: Int
    /// For `{{else if …}}` / `{{else with …}}`: the rest of the action.
    var chained: (keyword: String, tokens: [Token])?
}

private struct TemplateParser {
    let source: [UInt8]
    let name: String
    let functionNames: Set<String>
    var position = 0
    /// Set when the previous action ended with ` -}}`.
    var trimNextText = false

    init(source: [UInt8], name: String, functionNames: Set<String>) {
        self.source = source
        self.name = name
        self.functionNames = functionNames
    }

    func line(of offset: Int) -> Int {
        1 + source[..<min(offset, source.count)].filter { $0 == 0x0A }.count
    }

    func parseError(_ message: String, at offset: Int) -> TemplateError {
        TemplateError(message: "template: \(name):\(line(of: offset)): \(message)", isParseError: true)
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: source[range], as: UTF8.self)
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    func startsWith(_ s: String, at offset: Int) -> Bool {
        let bytes = Array(s.utf8)
        guard offset + bytes.count <= source.count else { return false }
        return Array(source[offset..<offset + bytes.count]) == bytes
    }

    /// Parses nodes until end of input or a `{{end}}`/`{{else}}`, which is returned.
    mutating func parseList() throws(TemplateError) -> ([TemplateNode], Terminator?) {
        var nodes: [TemplateNode] = []
        while position < source.count {
            // Text up to the next action.
            var next = position
            while next < source.count && !startsWith("{{", at: next) { next += 1 }
            var textBytes = Array(source[position..<next])
            if trimNextText {
                while let first = textBytes.first, Self.isSpace(first) { textBytes.removeFirst() }
                trimNextText = false
            }
            if next < source.count, next + 3 < source.count, source[next + 2] == UInt8(ascii: "-"), Self.isSpace(source[next + 3]) {
                while let last = textBytes.last, Self.isSpace(last) { textBytes.removeLast() }
            }
            if !textBytes.isEmpty { nodes.append(.text(String(decoding: textBytes, as: UTF8.self))) }
            position = next
            guard position < source.count else { break }

            // The action.
            let actionStart = position
            position += 2
            if position + 1 < source.count, source[position] == UInt8(ascii: "-"), Self.isSpace(source[position + 1]) {
                position += 2
            }
            let tokens = try lexAction(start: actionStart)
            if tokens.isEmpty {
                // A comment, or an empty action (which Go rejects).
                if commentWasLast { commentWasLast = false; continue }
                throw parseError("missing value for command", at: actionStart)
            }
            if case .identifier(let keyword) = tokens[0].kind {
                switch keyword {
                case "end":
                    guard tokens.count == 1 else { throw parseError("unexpected \(describe(tokens[1])) in end", at: tokens[1].position) }
                    return (nodes, Terminator(keyword: "end", position: tokens[0].position))
                case "else":
                    if tokens.count > 1, case .identifier(let next) = tokens[1].kind, next == "if" || next == "with" {
                        return (nodes, Terminator(keyword: "else", position: tokens[0].position, chained: (next, Array(tokens.dropFirst(2)))))
                    }
                    guard tokens.count == 1 else { throw parseError("unexpected \(describe(tokens[1])) in else", at: tokens[1].position) }
                    return (nodes, Terminator(keyword: "else", position: tokens[0].position))
                case "if", "with", "range":
                    nodes.append(try parseBlock(keyword, tokens: Array(tokens.dropFirst()), at: tokens[0].position))
                    continue
                case "define", "template", "block", "break", "continue":
                    throw parseError("{{\(keyword)}} is not supported", at: tokens[0].position)
                default:
                    break
                }
            }
            var index = 0
            let pipeline = try parsePipeline(tokens, &index, allowDeclaration: true, context: "command")
            guard index == tokens.count else { throw parseError("unexpected \(describe(tokens[index])) in command", at: tokens[index].position) }
            nodes.append(.action(pipeline))
        }
        return (nodes, nil)
    }

    var commentWasLast = false

    mutating func parseBlock(_ keyword: String, tokens: [Token], at start: Int) throws(TemplateError) -> TemplateNode {
        var index = 0
        let pipeline = try parsePipeline(tokens, &index, allowDeclaration: true, context: keyword)
        guard index == tokens.count else { throw parseError("unexpected \(describe(tokens[index])) in \(keyword)", at: tokens[index].position) }
        if pipeline.commands.isEmpty { throw parseError("missing value for \(keyword)", at: start) }
        let (body, terminator) = try parseList()
        guard let terminator else { throw parseError("unexpected EOF", at: source.count) }
        var otherwise: [TemplateNode]? = nil
        if terminator.keyword == "else" {
            if let chained = terminator.chained {
                // `{{else if x}}…{{end}}` is `{{else}}{{if x}}…{{end}}{{end}}` sharing one end.
                otherwise = [try parseBlock(chained.keyword, tokens: chained.tokens, at: terminator.position)]
            } else {
                let (elseBody, elseTerminator) = try parseList()
                guard let elseTerminator else { throw parseError("unexpected EOF", at: source.count) }
                guard elseTerminator.keyword == "end" else { throw parseError("expected end; found {{else}}", at: elseTerminator.position) }
                otherwise = elseBody
            }
        }
        switch keyword {
        case "if": return .ifBlock(pipeline, then: body, otherwise: otherwise)
        case "with": return .withBlock(pipeline, then: body, otherwise: otherwise)
        default: return .rangeBlock(pipeline, body: body, otherwise: otherwise)
        }
    }

    func describe(_ token: Token) -> String {
        "\"" + text(token.position..<token.end) + "\""
    }

    /// Lexes one action's tokens; leaves `position` after its `}}`.
    mutating func lexAction(start: Int) throws(TemplateError) -> [Token] {
        var tokens: [Token] = []
        var sawSpace = true
        // Comments: {{/* … */}}
        if startsWith("/*", at: position) {
            guard let close = find("*/", from: position + 2) else { throw parseError("unclosed comment", at: start) }
            position = close + 2
            if position + 1 < source.count, Self.isSpace(source[position]), source[position + 1] == UInt8(ascii: "-"), startsWith("}}", at: position + 2) {
                position += 4
                trimNextText = true
            } else if startsWith("}}", at: position) {
                position += 2
            } else {
                throw parseError("comment ends before closing delimiter", at: start)
            }
            commentWasLast = true
            return []
        }
        while true {
            guard position < source.count else { throw parseError("unclosed action", at: start) }
            let c = source[position]
            if Self.isSpace(c) {
                // ` -}}` closes the action and trims the text after it.
                if position + 1 < source.count, source[position + 1] == UInt8(ascii: "-"), startsWith("}}", at: position + 2) {
                    position += 4
                    trimNextText = true
                    return tokens
                }
                position += 1
                sawSpace = true
                continue
            }
            if startsWith("}}", at: position) {
                position += 2
                return tokens
            }
            let tokenStart = position
            func add(_ kind: Token.Kind, _ end: Int) {
                tokens.append(Token(kind: kind, position: tokenStart, end: end, spaceBefore: sawSpace))
                sawSpace = false
            }
            switch c {
            case UInt8(ascii: "("): position += 1; add(.leftParen, position)
            case UInt8(ascii: ")"): position += 1; add(.rightParen, position)
            case UInt8(ascii: "|"): position += 1; add(.pipe, position)
            case UInt8(ascii: ","): position += 1; add(.comma, position)
            case UInt8(ascii: "="): position += 1; add(.assign, position)
            case UInt8(ascii: ":"):
                guard position + 1 < source.count, source[position + 1] == UInt8(ascii: "=") else {
                    throw parseError("expected :=", at: position)
                }
                position += 2; add(.declare, position)
            case UInt8(ascii: "."):
                position += 1
                if position < source.count, Self.isAlphanumeric(source[position]) {
                    let nameStart = position
                    while position < source.count, Self.isAlphanumeric(source[position]) { position += 1 }
                    add(.field(text(nameStart..<position)), position)
                } else if position < source.count, source[position] >= UInt8(ascii: "0"), source[position] <= UInt8(ascii: "9") {
                    position = tokenStart
                    add(.number(lexNumber()), position)
                } else {
                    add(.dot, position)
                }
            case UInt8(ascii: "$"):
                position += 1
                let nameStart = position
                while position < source.count, Self.isAlphanumeric(source[position]) { position += 1 }
                add(.variable("$" + text(nameStart..<position)), position)
            case UInt8(ascii: "\""):
                add(.string(try lexQuoted(start: start)), position)
            case UInt8(ascii: "`"):
                position += 1
                let contentStart = position
                while position < source.count, source[position] != UInt8(ascii: "`") { position += 1 }
                guard position < source.count else { throw parseError("unterminated raw quoted string", at: start) }
                let content = text(contentStart..<position)
                position += 1
                add(.string(content), position)
            case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                add(.number(lexNumber()), position)
            default:
                if Self.isAlphanumeric(c) {
                    while position < source.count, Self.isAlphanumeric(source[position]) { position += 1 }
                    add(.identifier(text(tokenStart..<position)), position)
                } else {
                    let scalar = String(decoding: [c], as: UTF8.self)
                    throw parseError("unexpected \"\(scalar)\" in command", at: position)
                }
            }
        }
    }

    func find(_ needle: String, from: Int) -> Int? {
        var i = from
        while i < source.count {
            if startsWith(needle, at: i) { return i }
            i += 1
        }
        return nil
    }

    static func isAlphanumeric(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_") || c >= 0x80
    }

    mutating func lexNumber() -> String {
        let start = position
        if source[position] == UInt8(ascii: "-") || source[position] == UInt8(ascii: "+") { position += 1 }
        while position < source.count {
            let c = source[position]
            let isDigitLike = (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: ".") || c == UInt8(ascii: "_")
                || c == UInt8(ascii: "x") || c == UInt8(ascii: "X") || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
                || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
            let isExponentSign = (c == UInt8(ascii: "-") || c == UInt8(ascii: "+")) && position > start
                && (source[position - 1] == UInt8(ascii: "e") || source[position - 1] == UInt8(ascii: "E"))
            guard isDigitLike || isExponentSign else { break }
            position += 1
        }
        return text(start..<position)
    }

    mutating func lexQuoted(start: Int) throws(TemplateError) -> String {
        position += 1
        var out: [UInt8] = []
        while true {
            guard position < source.count, source[position] != 0x0A else { throw parseError("unterminated quoted string", at: start) }
            let c = source[position]
            position += 1
            if c == UInt8(ascii: "\"") { break }
            if c != UInt8(ascii: "\\") { out.append(c); continue }
            guard position < source.count else { throw parseError("unterminated quoted string", at: start) }
            let e = source[position]
            position += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "'"): out.append(0x27)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            default: throw parseError("invalid syntax", at: position)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: pipelines

    func parsePipeline(_ tokens: [Token], _ index: inout Int, allowDeclaration: Bool, context: String) throws(TemplateError) -> TemplatePipeline {
        var pipeline = TemplatePipeline(position: index < tokens.count ? tokens[index].position : position)
        // Declarations: `$x :=`, `$i, $v :=`, `$x =`.
        if allowDeclaration, index < tokens.count, case .variable(let first) = tokens[index].kind {
            var names = [first]
            var look = index + 1
            if look + 1 < tokens.count, tokens[look].kind == .comma, case .variable(let second) = tokens[look + 1].kind {
                names.append(second)
                look += 2
            }
            if look < tokens.count, tokens[look].kind == .declare || tokens[look].kind == .assign {
                pipeline.variables = names
                pipeline.isAssignment = tokens[look].kind == .assign
                index = look + 1
            }
        }
        while index < tokens.count {
            if tokens[index].kind == .rightParen { break }
            let command = try parseCommand(tokens, &index)
            pipeline.commands.append(command)
            if index < tokens.count, tokens[index].kind == .pipe {
                index += 1
                guard index < tokens.count, tokens[index].kind != .rightParen else {
                    throw parseError("missing command after pipe", at: tokens[index - 1].position)
                }
                continue
            }
            break
        }
        if pipeline.commands.isEmpty && !pipeline.variables.isEmpty {
            throw parseError("missing value for \(context)", at: pipeline.position)
        }
        return pipeline
    }

    func parseCommand(_ tokens: [Token], _ index: inout Int) throws(TemplateError) -> TemplateCommand {
        let start = tokens[index].position
        var operands: [TemplateOperand] = []
        var end = start
        while index < tokens.count {
            let kind = tokens[index].kind
            if kind == .pipe || kind == .rightParen { break }
            if !operands.isEmpty && !tokens[index].spaceBefore && kind != .leftParen {
                throw parseError("missing space?", at: tokens[index].position)
            }
            let operand = try parseOperand(tokens, &index)
            end = tokens[index - 1].end
            operands.append(operand)
        }
        if operands.isEmpty { throw parseError("missing value for command", at: start) }
        return TemplateCommand(operands: operands, position: start, text: text(start..<end))
    }

    func parseOperand(_ tokens: [Token], _ index: inout Int) throws(TemplateError) -> TemplateOperand {
        let token = tokens[index]
        index += 1
        var kind: TemplateOperand.Kind
        var fields: [String] = []
        switch token.kind {
        case .dot: kind = .dot
        case .field(let name): kind = .dot; fields = [name]
        case .variable(let name): kind = .variable(name)
        case .string(let s): kind = .string(s)
        case .number(let n): kind = .number(n)
        case .identifier(let id):
            switch id {
            case "true": kind = .bool(true)
            case "false": kind = .bool(false)
            case "nil": kind = .nilValue
            default:
                guard functionNames.contains(id) else {
                    throw parseError("function \"\(id)\" not defined", at: token.position)
                }
                kind = .function(id)
            }
        case .leftParen:
            let inner = try parsePipeline(tokens, &index, allowDeclaration: false, context: "parenthesized pipeline")
            guard index < tokens.count, tokens[index].kind == .rightParen else {
                throw parseError("unclosed left paren", at: token.position)
            }
            index += 1
            kind = .pipeline(inner)
        default:
            throw parseError("unexpected \(describe(token)) in operand", at: token.position)
        }
        // Field chains attach without spaces: .A.B, $x.A, (…).A
        while index < tokens.count, !tokens[index].spaceBefore, case .field(let name) = tokens[index].kind {
            if case .function = kind { throw parseError("unexpected . after term \(describe(token))", at: tokens[index].position) }
            fields.append(name)
            index += 1
        }
        return TemplateOperand(kind: kind, fields: fields, position: token.position, text: text(token.position..<tokens[index - 1].end))
    }
}
