/// The reserved words of dnnscript. Command words (`train`, `plot`, …) are not reserved:
/// they are recognised by position, so `dataset train = …` and `train m on train` both work.
public enum Keyword: String, CaseIterable, Sendable {
    case `let`, fn, `if`, `else`, `for`, `in`, `while`, `return`, `break`, `continue`
    case `true`, `false`, none, and, or, not
}

/// One piece of a string literal: literal text, or the source of an interpolated `{expr}`.
public enum StringPiece: Hashable, Sendable {
    case text(String)
    /// The scalars of the expression between the braces and where they start.
    case code(String, at: SourceLocation)
}

/// What kind of token this is, with its value for literals and names.
public enum TokenKind: Hashable, Sendable {
    case identifier(String)
    case keyword(Keyword)
    case int(Int)
    case float(Double)
    case string([StringPiece])
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, dot, colon, semicolon, newline
    case plus, minus, star, slash, slashSlash, percent, caret, starStar, at
    case equal, equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    case plusEqual, minusEqual, starEqual, slashEqual
    case dotDot
    case eof

    /// How the token reads in an error message.
    public var display: String {
        switch self {
        case .identifier(let name): return "'\(name)'"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .int(let v): return "'\(v)'"
        case .float(let v): return "'\(v)'"
        case .string: return "string"
        case .newline: return "end of line"
        case .eof: return "end of file"
        default: return "'\(symbol)'"
        }
    }

    var symbol: String {
        switch self {
        case .leftParen: return "("
        case .rightParen: return ")"
        case .leftBracket: return "["
        case .rightBracket: return "]"
        case .leftBrace: return "{"
        case .rightBrace: return "}"
        case .comma: return ","
        case .dot: return "."
        case .colon: return ":"
        case .semicolon: return ";"
        case .plus: return "+"
        case .minus: return "-"
        case .star: return "*"
        case .slash: return "/"
        case .slashSlash: return "//"
        case .percent: return "%"
        case .caret: return "^"
        case .starStar: return "**"
        case .at: return "@"
        case .equal: return "="
        case .equalEqual: return "=="
        case .bangEqual: return "!="
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .plusEqual: return "+="
        case .minusEqual: return "-="
        case .starEqual: return "*="
        case .slashEqual: return "/="
        case .dotDot: return ".."
        default: return ""
        }
    }
}

/// A token and where it is.
public struct Token: Equatable, Sendable {
    public var kind: TokenKind
    public var location: SourceLocation
    /// True when a newline (or the start of the file) comes right before this token.
    public var startsLine: Bool

    public init(kind: TokenKind, location: SourceLocation, startsLine: Bool = false) {
        self.kind = kind
        self.location = location
        self.startsLine = startsLine
    }
}

/// A notebook cell boundary found by the lexer (`# %%` or `# %% [markdown]`).
public struct Cell: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case code, markdown }
    public var kind: Kind
    /// The 1-based line of the `# %%` marker.
    public var line: Int
    /// For markdown cells: the text of the following comment lines, without their `# `.
    public var markdown: String
    /// The title written after `# %%` on the marker line, if any.
    public var title: String
}
