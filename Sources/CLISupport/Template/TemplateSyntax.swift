/// The parsed form of a Go text/template, for the subset Docker's `--format`
/// users write: text, `{{pipeline}}`, `if`/`else if`/`else`, `with`, `range`,
/// variables, parentheses, pipes and the function library in TemplateFunctions.
public struct Template: Sendable {
    public let name: String
    let source: String
    let nodes: [TemplateNode]
}

indirect enum TemplateNode: Sendable {
    case text(String)
    case action(TemplatePipeline)
    case ifBlock(TemplatePipeline, then: [TemplateNode], otherwise: [TemplateNode]?)
    case withBlock(TemplatePipeline, then: [TemplateNode], otherwise: [TemplateNode]?)
    case rangeBlock(TemplatePipeline, body: [TemplateNode], otherwise: [TemplateNode]?)
}

struct TemplatePipeline: Sendable {
    /// Variables declared (`:=`) or assigned (`=`) by this pipeline.
    var variables: [String] = []
    var isAssignment = false
    var commands: [TemplateCommand] = []
    var position: Int
}

struct TemplateCommand: Sendable {
    var operands: [TemplateOperand]
    var position: Int
    var text: String
}

struct TemplateOperand: Sendable {
    indirect enum Kind: Sendable {
        case dot
        case variable(String)
        case function(String)
        case string(String)
        case number(String)
        case bool(Bool)
        case nilValue
        case pipeline(TemplatePipeline)
    }
    var kind: Kind
    /// Field names applied after the term: `.A.B`, `$x.A`, `(pipe).A`.
    var fields: [String]
    var position: Int
    var text: String
}

public struct TemplateError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    /// Parse errors make Docker exit 64 in inspect; execution errors do not.
    public let isParseError: Bool
    public var description: String { message }
}
