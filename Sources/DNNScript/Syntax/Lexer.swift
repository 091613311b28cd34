/// Turns source text into tokens, collecting every lexical error instead of stopping.
///
/// Newlines separate statements, except inside `(` `)` and `[` `]` (the parser also skips
/// them inside record literals). `#` starts a comment; `# %%` at the start of a line opens a
/// notebook cell and `# %% [markdown]` a markdown cell whose comment lines are kept.
public struct Lexer {
    /// What a lexing pass produced.
    public struct Output: Sendable {
        public var tokens: [Token]
        public var cells: [Cell]
        public var diagnostics: [Diagnostic]
    }

    private let scalars: [Unicode.Scalar]
    private let file: String
    private var index: Int
    private let endIndex: Int
    private var line: Int
    private var lineStart: Int
    private var tokens: [Token] = []
    private var cells: [Cell] = []
    private var diagnostics: [Diagnostic] = []
    private var brackets: [Unicode.Scalar] = []
    private var atLineStart = true
    private let offsetBase: Int

    /// A lexer over a whole source file.
    public init(source: String, file: String) {
        self.scalars = Array(source.unicodeScalars)
        self.file = file
        self.index = 0
        self.endIndex = scalars.count
        self.line = 1
        self.lineStart = 0
        self.offsetBase = 0
    }

    /// A lexer over the text of an interpolated `{expr}`, keeping its real location.
    init(interpolation code: String, at start: SourceLocation) {
        self.scalars = Array(code.unicodeScalars)
        self.file = start.file
        self.index = 0
        self.endIndex = scalars.count
        self.line = start.line
        self.lineStart = -(start.column - 1)
        self.offsetBase = start.offset
        self.brackets = ["("]   // one expression: no statement separators inside
    }

    /// Scans everything.
    public mutating func scan() -> Output {
        while index < endIndex {
            scanToken()
        }
        tokens.append(Token(kind: .eof, location: location(from: index, length: 0), startsLine: atLineStart))
        return Output(tokens: tokens, cells: cells, diagnostics: diagnostics)
    }

    // MARK: - Scanning

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let i = index + ahead
        return i < endIndex ? scalars[i] : nil
    }

    private func location(from start: Int, length: Int? = nil) -> SourceLocation {
        SourceLocation(file: file, line: line, column: start - lineStart + 1, offset: start + offsetBase,
                       length: length ?? (index - start))
    }

    private mutating func add(_ kind: TokenKind, from start: Int) {
        tokens.append(Token(kind: kind, location: location(from: start), startsLine: atLineStart))
        atLineStart = false
    }

    private mutating func error(_ message: String, from start: Int, length: Int? = nil, notes: [String] = []) {
        diagnostics.append(Diagnostic(message, at: location(from: start, length: length), notes: notes, phase: .syntax))
    }

    private mutating func newline() {
        index += 1
        line += 1
        lineStart = index
    }

    private mutating func scanToken() {
        let start = index
        guard let c = peek() else { return }
        switch c {
        case " ", "\t", "\r":
            index += 1
        case "\n":
            if (brackets.last == "(" || brackets.last == "[") && offsetBase == 0 && nextLineStartsStatement() {
                // An unclosed bracket before a line that can only start a statement: close it
                // here so the parser reports it and goes on with the next statement.
                while let last = brackets.last, last != "{" { brackets.removeLast() }
            }
            if brackets.last != "(" && brackets.last != "[" {
                if let last = tokens.last, last.kind != .newline {
                    tokens.append(Token(kind: .newline, location: location(from: start, length: 1)))
                }
                atLineStart = true
            }
            newline()
        case "#":
            scanComment()
        case "\"":
            scanString()
        case "0"..."9":
            scanNumber()
        case "a"..."z", "A"..."Z", "_":
            while let d = peek(), isIdentifierPart(d) { index += 1 }
            let word = String(String.UnicodeScalarView(scalars[start..<index]))
            if let keyword = Keyword(rawValue: word) { add(.keyword(keyword), from: start) } else { add(.identifier(word), from: start) }
        default:
            if c.properties.isAlphabetic {   // non-ASCII letters (θ, λ) in names
                while let d = peek(), isIdentifierPart(d) { index += 1 }
                add(.identifier(String(String.UnicodeScalarView(scalars[start..<index]))), from: start)
            } else {
                scanSymbol(c, start: start)
            }
        }
    }

    /// Whether the line after the current newline begins with a statement-only keyword.
    private func nextLineStartsStatement() -> Bool {
        var i = index + 1
        while i < endIndex, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
        var word = ""
        while i < endIndex, isIdentifierPart(scalars[i]) { word.unicodeScalars.append(scalars[i]); i += 1 }
        return ["let", "fn", "for", "while", "return", "break", "continue", "network", "dataset", "regularizer", "optimizer"].contains(word)
            && (i >= endIndex || scalars[i] == " " || scalars[i] == "\t")
    }

    private func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9", "_": return true
        default: return !c.isASCII && (c.properties.isAlphabetic || c.properties.numericType != nil)
        }
    }

    private mutating func scanSymbol(_ c: Unicode.Scalar, start: Int) {
        index += 1
        let next = peek()
        func two(_ second: Unicode.Scalar, _ double: TokenKind, _ single: TokenKind) -> TokenKind {
            if next == second { index += 1; return double }
            return single
        }
        let kind: TokenKind
        switch c {
        case "(": brackets.append("("); kind = .leftParen
        case "[": brackets.append("["); kind = .leftBracket
        case "{": brackets.append("{"); kind = .leftBrace
        case ")", "]", "}":
            if !brackets.isEmpty { brackets.removeLast() }
            kind = c == ")" ? .rightParen : c == "]" ? .rightBracket : .rightBrace
        case ",": kind = .comma
        case ":": kind = .colon
        case ";": kind = .semicolon
        case ".": kind = two(".", .dotDot, .dot)
        case "+": kind = two("=", .plusEqual, .plus)
        case "-": kind = two("=", .minusEqual, .minus)
        case "*":
            if next == "*" { index += 1; kind = .starStar } else { kind = two("=", .starEqual, .star) }
        case "/":
            if next == "/" { index += 1; kind = .slashSlash } else { kind = two("=", .slashEqual, .slash) }
        case "%": kind = .percent
        case "^": kind = .caret
        case "@": kind = .at
        case "=": kind = two("=", .equalEqual, .equal)
        case "!":
            if next == "=" { index += 1; kind = .bangEqual } else {
                error("unexpected character '!'", from: start, notes: ["use 'not' for negation"])
                return
            }
        case "<": kind = two("=", .lessEqual, .less)
        case ">": kind = two("=", .greaterEqual, .greater)
        default:
            // Collapse a run of unexpected characters (binary garbage) into one error.
            while let d = peek(), !isStartOfToken(d) { index += 1 }
            let shown = c.properties.isAlphabetic || (c.value >= 0x21 && c.value < 0x7F)
                ? "'\(Character(c))'" : "U+" + String(c.value, radix: 16, uppercase: true).leftPadded(to: 4)
            error(index - start > 1 ? "unexpected characters starting with \(shown)" : "unexpected character \(shown)",
                  from: start)
            return
        }
        add(kind, from: start)
    }

    private func isStartOfToken(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case " ", "\t", "\r", "\n", "#", "\"", "0"..."9", "a"..."z", "A"..."Z", "_",
             "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "+", "-", "*", "/", "%", "^", "@", "=", "<", ">":
            return true
        default: return c.properties.isAlphabetic
        }
    }

    private mutating func scanComment() {
        let start = index
        while let c = peek(), c != "\n" { index += 1 }
        let text = String(String.UnicodeScalarView(scalars[start..<index]))
        let lineIsBlank = scalars[max(0, lineStart)..<start].allSatisfy { $0 == " " || $0 == "\t" }
        guard lineIsBlank, text.hasPrefix("# %%") || text.hasPrefix("#%%") else { return }
        var rest = Substring(text.drop { $0 == "#" }.dropFirst(text.hasPrefix("# ") ? 1 : 0).dropFirst(2))
        rest = rest.drop { $0 == " " }
        if rest.hasPrefix("[markdown]") || rest.hasPrefix("[md]") {
            let title = rest.drop { $0 != "]" }.dropFirst().trimmingSpaces
            cells.append(Cell(kind: .markdown, line: line, markdown: scanMarkdownLines(), title: title))
        } else {
            cells.append(Cell(kind: .code, line: line, markdown: "", title: rest.trimmingSpaces))
        }
    }

    /// Reads the comment lines after a markdown marker (they stay comments for the parser).
    private func scanMarkdownLines() -> String {
        var lines: [String] = []
        var i = index
        while i < endIndex, scalars[i] == "\n" {
            var j = i + 1
            while j < endIndex, scalars[j] == " " || scalars[j] == "\t" { j += 1 }
            guard j < endIndex, scalars[j] == "#" else { break }
            var k = j
            while k < endIndex, scalars[k] != "\n" { k += 1 }
            let text = String(String.UnicodeScalarView(scalars[j..<k]))
            if text.hasPrefix("# %%") || text.hasPrefix("#%%") { break }
            var body = text.dropFirst()
            if body.hasPrefix(" ") { body = body.dropFirst() }
            lines.append(String(body))
            i = k
        }
        return lines.joined(separator: "\n")
    }

    private mutating func scanNumber() {
        let start = index
        while let c = peek(), ("0"..."9").contains(c) { index += 1 }
        var isFloat = false
        if peek() == ".", let d = peek(1), ("0"..."9").contains(d) {
            isFloat = true
            index += 1
            while let c = peek(), ("0"..."9").contains(c) { index += 1 }
        }
        if peek() == "e" || peek() == "E" {
            var j = 1
            if peek(1) == "+" || peek(1) == "-" { j = 2 }
            if let d = peek(j), ("0"..."9").contains(d) {
                isFloat = true
                index += j
                while let c = peek(), ("0"..."9").contains(c) { index += 1 }
            }
        }
        let text = String(String.UnicodeScalarView(scalars[start..<index]))
        if let c = peek(), isIdentifierPart(c) {
            while let d = peek(), isIdentifierPart(d) { index += 1 }
            error("invalid number literal", from: start)
            return
        }
        if isFloat {
            guard let value = Double(text), value.isFinite else {
                error("number \(text) is out of range", from: start)
                return
            }
            add(.float(value), from: start)
        } else if let value = Int(text) {
            add(.int(value), from: start)
        } else {
            error("integer \(text) is out of range", from: start,
                  notes: ["integers are 64-bit (at most 9223372036854775807); write \(text).0 for a float"])
            add(.int(0), from: start)
        }
    }

    private mutating func scanString() {
        let start = index
        let startLine = line, startLineStart = lineStart
        index += 1
        var pieces: [StringPiece] = []
        var text = ""
        while true {
            guard let c = peek(), c != "\n" else {
                line = startLine; lineStart = startLineStart
                error("unterminated string", from: start, length: 1,
                      notes: ["strings end with '\"' on the same line"])
                atLineStart = false
                return
            }
            if c == "\"" { index += 1; break }
            if c == "\\" {
                let escStart = index
                index += 1
                switch peek() {
                case "n": text += "\n"
                case "t": text += "\t"
                case "\"": text += "\""
                case "\\": text += "\\"
                case "{": text += "{"
                case "}": text += "}"
                case "0": text += "\0"
                default:
                    error("invalid escape sequence in string", from: escStart, length: 2,
                          notes: ["valid escapes: \\n \\t \\\" \\\\ \\{ \\}"])
                }
                if peek() != nil && peek() != "\n" { index += 1 }
                continue
            }
            if c == "{" {
                let open = index
                index += 1
                var depth = 1
                var inString = false
                while let d = peek(), d != "\n" {
                    if inString {
                        if d == "\\" { index += 1 } else if d == "\"" { inString = false }
                    } else if d == "\"" { inString = true } else if d == "{" { depth += 1 } else if d == "}" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    index += 1
                }
                guard peek() == "}" else {
                    error("unterminated '{' in string interpolation", from: open, length: 1,
                          notes: ["write \\{ for a literal brace"])
                    atLineStart = false
                    return
                }
                if !text.isEmpty { pieces.append(.text(text)); text = "" }
                let code = String(String.UnicodeScalarView(scalars[(open + 1)..<index]))
                pieces.append(.code(code, at: location(from: open + 1, length: index - open - 1)))
                index += 1
                continue
            }
            text.unicodeScalars.append(c)
            index += 1
        }
        if !text.isEmpty || pieces.isEmpty { pieces.append(.text(text)) }
        add(.string(pieces), from: start)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
