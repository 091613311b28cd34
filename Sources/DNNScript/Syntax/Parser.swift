// The grammar of dnnscript (also in docs/language.md). Words in quotes without a keyword
// colour are contextual: they are ordinary names everywhere else.
//
//   program      → sep* ( statement ( sep+ statement )* )? sep* EOF
//   sep          → NEWLINE | ";"
//   statement    → "let" IDENT "=" expr
//                | "fn" IDENT "(" params? ")" ( "=" expr | block )
//                | "if" expr block ( "else" ( ifStmt | block ) )?
//                | "for" IDENT "in" expr block
//                | "while" expr block
//                | "return" expr? | "break" | "continue"
//                | "print" ( expr ( "," expr )* )?
//                | "expect" expr ( "within" expr )? ( "," expr )?
//                | "seed" expr
//                | "dataset" IDENT "=" expr
//                | "network" IDENT "{" sep* layer ( sep+ layer )* sep* "}"
//                | "regularizer" IDENT "=" expr
//                | "optimizer" IDENT "=" expr
//                | "plot" ( "boundary" expr "on" expr | "contour" expr | expr ) record?
//                | "save" expr "to" expr
//                | IDENT ( "=" | "+=" | "-=" | "*=" | "/=" ) expr
//                | expr
//   params       → param ( "," param )* ;  param → IDENT ( "=" expr )?
//   block        → "{" sep* ( statement ( sep+ statement )* )? sep* "}"
//   layer        → "input" expr
//                | "dense" expr IDENT? ( IDENT ":" expr ","? )*
//                | "dropout" expr
//   expr         → or
//   or           → and ( "or" and )*
//   and          → not ( "and" not )*
//   not          → "not" not | comparison
//   comparison   → range ( ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) range )?
//   range        → additive ( ".." additive )?
//   additive     → term ( ( "+" | "-" ) term )*
//   term         → unary ( ( "*" | "/" | "//" | "%" | "@" ) unary )*
//   unary        → ( "-" | "+" ) unary | power
//   power        → postfix ( ( "^" | "**" ) unary )?
//   postfix      → primary ( "(" arguments? ")" | "[" index ( "," index )* "]" | "." IDENT )*
//   arguments    → argument ( "," argument )* ","? ;  argument → ( IDENT ":" )? expr
//   index        → expr | expr? ":" expr?
//   primary      → INT | FLOAT | STRING | "true" | "false" | "none" | IDENT
//                | "(" expr ")" | "[" ( expr ( "," expr )* ","? )? "]" | record
//                | "train" expr "on" expr record?
//                | "evaluate" expr "on" expr | "predict" expr "on" expr
//                | "gradcheck" ( expr "on" expr | expr "," expr "at" expr ) record?
//                | "minimize" expr "," expr "from" expr record?
//                | "diagnose" expr ( "on" expr )? record?
//                | "load" expr
//   record       → "{" ( ( IDENT | STRING ) ":" expr ( ( "," | NEWLINE ) … )* )? "}"
//
// A command word (`print`, `train`, …) is a command only when the next token on the same
// line can start its operand; `train = 3` or `f(train)` use it as a plain name.

/// Recursive-descent parser with statement-level recovery: it reports every syntax error.
public struct Parser {
    /// Deepest nesting of brackets, blocks, unary and binary operators accepted; beyond it
    /// the parser reports an error instead of risking the stack.
    public static let maxNesting = 256
    /// More errors than this in one file stop the parse (binary garbage).
    public static let maxErrors = 50

    struct Failure: Error {}

    var tokens: [Token]
    var current = 0
    var depth = 0
    var diagnostics: [Diagnostic] = []

    init(tokens: [Token], depth: Int = 0) {
        self.tokens = tokens
        self.depth = depth
    }

    /// Parses a whole source text.
    /// - Returns: the program, or throws every lexical and syntax error found.
    /// - Throws: ``Diagnostics`` with all errors, in source order.
    public static func parse(source: String, file: String) throws -> Program {
        var lexer = Lexer(source: source, file: file)
        let lexed = lexer.scan()
        var parser = Parser(tokens: lexed.tokens)
        let statements = parser.program()
        // A line the lexer already complained about yields no second, derived parse error.
        let lexedLines = Set(lexed.diagnostics.map(\.location.line))
        var all = lexed.diagnostics + parser.diagnostics.filter { !lexedLines.contains($0.location.line) }
        if !all.isEmpty {
            all.sort { ($0.location.offset, $0.location.line) < ($1.location.offset, $1.location.line) }
            if all.count > maxErrors {
                let last = all[maxErrors - 1]
                all = Array(all.prefix(maxErrors))
                all.append(Diagnostic("too many errors; stopping", at: last.location, phase: .syntax))
            }
            throw Diagnostics(all)
        }
        return Program(statements: statements, cells: lexed.cells)
    }

    // MARK: - Token helpers

    var peek: Token { tokens[current] }
    var previous: Token { tokens[max(0, current - 1)] }
    var isAtEnd: Bool { peek.kind == .eof }

    func peekKind(_ ahead: Int) -> TokenKind {
        let i = current + ahead
        return i < tokens.count ? tokens[i].kind : .eof
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[current]
        if !isAtEnd { current += 1 }
        return token
    }

    func check(_ kind: TokenKind) -> Bool { peek.kind == kind }

    mutating func match(_ kinds: TokenKind...) -> Bool {
        if kinds.contains(peek.kind) { advance(); return true }
        return false
    }

    func isWord(_ word: String, _ ahead: Int = 0) -> Bool {
        if case .identifier(let name) = peekKind(ahead) { return name == word }
        return false
    }

    mutating func consume(_ kind: TokenKind, _ message: String, notes: [String] = []) throws -> Token {
        if check(kind) { return advance() }
        throw error(message, notes: notes)
    }

    mutating func identifier(_ what: String) throws -> (String, SourceLocation) {
        if case .identifier(let name) = peek.kind { return (name, advance().location) }
        if case .keyword(let k) = peek.kind {
            throw error("expected \(what), found keyword '\(k.rawValue)'", at: peek.location,
                        notes: ["'\(k.rawValue)' is reserved; choose another name"])
        }
        throw error("expected \(what)")
    }

    /// Records an error at the current token and returns the unwinding signal.
    mutating func error(_ message: String, at location: SourceLocation? = nil, notes: [String] = []) -> Failure {
        let token = peek
        var text = message
        if location == nil { text += ", found \(token.kind.display)" }
        var at = location ?? token.location
        if location == nil, token.kind == .newline || token.kind == .eof {
            at = endOfLastToken
        }
        diagnostics.append(Diagnostic(text, at: at, notes: notes, phase: .syntax))
        return Failure()
    }

    mutating func nested<T>(at location: SourceLocation, _ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxNesting {
            throw error("nesting too deep (more than \(Parser.maxNesting) levels)", at: location,
                        notes: ["split the expression with 'let'"])
        }
        return try body(&self)
    }

    /// Just after the last token that is not a line break (where "found end of …" points).
    var endOfLastToken: SourceLocation {
        var i = current - 1
        while i > 0, tokens[i].kind == .newline { i -= 1 }
        var at = tokens[max(0, i)].location.end
        at.length = 1
        return at
    }

    var atSeparator: Bool {
        switch peek.kind {
        case .newline, .semicolon, .eof, .rightBrace: return true
        default: return false
        }
    }

    mutating func skipSeparators() {
        while check(.newline) || check(.semicolon) { advance() }
    }

    mutating func skipNewlines() {
        while check(.newline) { advance() }
    }

    // MARK: - Program, blocks, recovery

    mutating func program() -> [Stmt] {
        var statements: [Stmt] = []
        skipSeparators()
        while !isAtEnd && diagnostics.count <= Parser.maxErrors {
            if check(.rightBrace) {
                _ = error("unexpected '}' with no block open", at: peek.location)
                advance()
            } else if let statement = statementRecovering() {
                statements.append(statement)
            }
            skipSeparators()
        }
        return statements
    }

    /// Parses one statement, or records the error and skips to the next statement.
    /// Words a statement can start with, for "did you mean" on a misspelt one.
    static let statementWords = Keyword.allCases.map(\.rawValue)
        + ["print", "expect", "seed", "dataset", "network", "regularizer", "optimizer", "plot", "save", "train", "gradcheck", "diagnose", "minimize"]

    /// Words other languages start these statements with (`var x = 1`, `def f(x)`): too far
    /// from ours to be typos, so named outright.
    static let foreignStatementWords = ["var": "let", "val": "let", "const": "let", "def": "fn", "func": "fn",
                                        "function": "fn", "elif": "else if"]

    mutating func statementRecovering() -> Stmt? {
        let first = peek
        // A misspelt statement word shows as a word followed directly by an operand
        // (`prnt x`, `sed 3`); a word followed by `.`, `,`, `(`, `=`… is a name in use.
        let juxtaposed: Bool
        switch peekKind(1) {
        case .identifier, .keyword, .int, .float, .string: juxtaposed = true
        default: juxtaposed = false
        }
        let errorsBefore = diagnostics.count
        defer {
            if diagnostics.count > errorsBefore, juxtaposed, case .identifier(let word) = first.kind,
               let match = Parser.foreignStatementWords[word] ?? Suggestions.closest(to: word, in: Parser.statementWords) {
                diagnostics[errorsBefore].notes.append("did you mean '\(match)'?")
            }
        }
        do {
            let statement = try self.statement()
            if !atSeparator {
                throw error("expected end of statement")
            }
            return statement
        } catch {
            synchronize()
            return nil
        }
    }

    /// Skips to the end of the current statement (jlox's `synchronize`).
    mutating func synchronize() {
        var braces = 0
        while !isAtEnd {
            switch peek.kind {
            case .newline, .semicolon:
                if braces <= 0 { return }
            case .leftBrace: braces += 1
            case .rightBrace:
                if braces <= 0 { return }
                braces -= 1
            default: break
            }
            advance()
        }
    }

    mutating func block(_ what: String) throws -> [Stmt] {
        let open = try consume(.leftBrace, "expected '{' to start \(what)")
        return try nested(at: open.location) { parser in
            var statements: [Stmt] = []
            parser.skipSeparators()
            while !parser.check(.rightBrace) {
                if parser.isAtEnd {
                    throw parser.error("expected '}' to close the block opened at line \(open.location.line)",
                                       at: parser.endOfLastToken)
                }
                if let statement = parser.statementRecovering() { statements.append(statement) }
                parser.skipSeparators()
            }
            parser.advance()
            return statements
        }
    }
}
