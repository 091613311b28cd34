extension Parser {
    mutating func expression() throws -> Expr {
        try nested(at: peek.location) { try $0.or() }
    }

    /// Parses a left-associative chain, counting each operator as one level of nesting so a
    /// 100000-term sum is refused instead of building an AST too deep to walk.
    mutating func chain(_ operators: [TokenKind: BinaryOp], _ operand: (inout Parser) throws -> Expr) throws -> Expr {
        var lhs = try operand(&self)
        let saved = depth
        defer { depth = saved }
        while let op = operators[peek.kind] {
            let opAt = advance().location
            depth += 1
            if depth > Parser.maxNesting {
                throw error("expression too long or nested too deep (more than \(Parser.maxNesting) levels)",
                            at: opAt, notes: ["split the expression with 'let'"])
            }
            let rhs = try operand(&self)
            lhs = .binary(op, lhs, rhs, opAt: opAt, at: lhs.location.through(rhs.location))
        }
        return lhs
    }

    mutating func or() throws -> Expr {
        try chain([.keyword(.or): .or]) { try $0.and() }
    }

    mutating func and() throws -> Expr {
        try chain([.keyword(.and): .and]) { try $0.not() }
    }

    mutating func not() throws -> Expr {
        if case .keyword(.not) = peek.kind {
            let opAt = advance().location
            let operand = try nested(at: opAt) { try $0.not() }
            return .unary(.not, operand, opAt: opAt, at: opAt.through(operand.location))
        }
        return try comparison()
    }

    static let comparisons: [TokenKind: BinaryOp] = [
        .equalEqual: .equal, .bangEqual: .notEqual, .less: .less, .lessEqual: .lessEqual,
        .greater: .greater, .greaterEqual: .greaterEqual,
    ]

    mutating func comparison() throws -> Expr {
        let lhs = try range()
        guard let op = Parser.comparisons[peek.kind] else { return lhs }
        let opAt = advance().location
        let rhs = try range()
        if Parser.comparisons[peek.kind] != nil {
            throw error("comparisons cannot be chained", at: peek.location,
                        notes: ["write 'a < b and b < c'"])
        }
        return .binary(op, lhs, rhs, opAt: opAt, at: lhs.location.through(rhs.location))
    }

    mutating func range() throws -> Expr {
        let lower = try additive()
        guard match(.dotDot) else { return lower }
        let upper = try additive()
        return .range(lower: lower, upper: upper, at: lower.location.through(upper.location))
    }

    mutating func additive() throws -> Expr {
        try chain([.plus: .add, .minus: .subtract]) { try $0.term() }
    }

    mutating func term() throws -> Expr {
        try chain([.star: .multiply, .slash: .divide, .slashSlash: .floorDivide, .percent: .modulo, .at: .matmul]) {
            try $0.unary()
        }
    }

    mutating func unary() throws -> Expr {
        if check(.minus) || check(.plus) {
            let token = advance()
            let operand = try nested(at: token.location) { try $0.unary() }
            return .unary(token.kind == .minus ? .negate : .plus, operand, opAt: token.location,
                          at: token.location.through(operand.location))
        }
        return try power()
    }

    mutating func power() throws -> Expr {
        let base = try postfix()
        guard check(.caret) || check(.starStar) else { return base }
        let opAt = advance().location
        let exponent = try nested(at: opAt) { try $0.unary() }
        return .binary(.power, base, exponent, opAt: opAt, at: base.location.through(exponent.location))
    }

    mutating func postfix() throws -> Expr {
        var expr = try primary()
        var links = 0
        let saved = depth
        defer { depth = saved }
        while true {
            if check(.leftParen) || check(.leftBracket) || check(.dot) {
                links += 1
                depth += 1
                if depth > Parser.maxNesting {
                    throw error("expression nested too deep (more than \(Parser.maxNesting) levels)", at: peek.location)
                }
            }
            if match(.leftParen) {
                let arguments = try self.arguments()
                let close = try consume(.rightParen, "expected ')' after the arguments")
                expr = .call(callee: expr, arguments: arguments, at: expr.location.through(close.location))
            } else if match(.leftBracket) {
                var items: [IndexItem] = []
                repeat { items.append(try indexItem()) } while match(.comma)
                let close = try consume(.rightBracket, "expected ']' after the index")
                expr = .index(base: expr, items: items, at: expr.location.through(close.location))
            } else if match(.dot) {
                let (name, nameAt) = try identifier("a field name after '.'")
                expr = .member(base: expr, name: name, nameAt: nameAt, at: expr.location.through(nameAt))
            } else {
                return expr
            }
        }
    }

    mutating func arguments() throws -> [Argument] {
        var arguments: [Argument] = []
        var sawNamed = false
        while !check(.rightParen) && !isAtEnd {
            if case .identifier(let label) = peek.kind, peekKind(1) == .colon {
                let labelAt = advance().location
                advance()
                if arguments.contains(where: { $0.label == label }) {
                    _ = error("argument '\(label)' given twice", at: labelAt)
                }
                arguments.append(Argument(label: label, labelAt: labelAt, value: try expression()))
                sawNamed = true
            } else {
                let value = try expression()
                if sawNamed {
                    _ = error("positional argument after a named one", at: value.location,
                              notes: ["put positional arguments first"])
                }
                arguments.append(Argument(label: nil, labelAt: nil, value: value))
            }
            if !match(.comma) { break }
        }
        return arguments
    }

    mutating func indexItem() throws -> IndexItem {
        let start = peek.location
        var lower: Expr?
        if !check(.colon) { lower = try expression() }
        guard match(.colon) else {
            guard let lower else { throw error("expected an index") }
            return .single(lower)
        }
        var upper: Expr?
        if !check(.comma) && !check(.rightBracket) { upper = try expression() }
        return .slice(lower: lower, upper: upper, at: start.through(previous.location))
    }

    mutating func primary() throws -> Expr {
        let token = peek
        let at = token.location
        switch token.kind {
        case .int(let v): advance(); return .literal(.int(v), at: at)
        case .float(let v): advance(); return .literal(.float(v), at: at)
        case .keyword(.true): advance(); return .literal(.bool(true), at: at)
        case .keyword(.false): advance(); return .literal(.bool(false), at: at)
        case .keyword(.none): advance(); return .literal(.none, at: at)
        case .string(let pieces):
            advance()
            return try string(pieces, at: at)
        case .identifier(let name):
            if let command = try commandExpression(name, at: at) { return command }
            advance()
            return .name(name, at: at)
        case .leftParen:
            advance()
            let inner = try expression()
            _ = try consume(.rightParen, "expected ')'", notes: ["the '(' is at line \(at.line), column \(at.column)"])
            return inner
        case .leftBracket:
            advance()
            return try nested(at: at) { parser in
                var items: [Expr] = []
                while !parser.check(.rightBracket) {
                    items.append(try parser.expression())
                    if !parser.match(.comma) { break }
                }
                let close = try parser.consume(.rightBracket, "expected ']' to close the list",
                                               notes: ["the '[' is at line \(at.line), column \(at.column)"])
                return .list(items, at: at.through(close.location))
            }
        case .leftBrace:
            return try record()
        case .keyword(let k):
            throw error("expected an expression, found keyword '\(k.rawValue)'", at: at)
        default:
            throw error("expected an expression")
        }
    }

    /// `{ key: value, … }` — newlines between entries are allowed.
    mutating func record() throws -> Expr {
        let open = try consume(.leftBrace, "expected '{'")
        return try nested(at: open.location) { parser in
            var fields: [RecordField] = []
            parser.skipNewlines()
            while !parser.check(.rightBrace) {
                let key: String
                let keyAt = parser.peek.location
                switch parser.peek.kind {
                case .identifier(let name): key = name
                case .keyword(let k): key = k.rawValue
                case .string(let pieces):
                    guard pieces.count == 1, case .text(let text) = pieces[0] else {
                        throw parser.error("record keys cannot be interpolated", at: keyAt)
                    }
                    key = text
                default:
                    throw parser.error("expected a field name in the record")
                }
                parser.advance()
                _ = try parser.consume(.colon, "expected ':' after field '\(key)'")
                parser.skipNewlines()
                if fields.contains(where: { $0.key == key }) {
                    _ = parser.error("field '\(key)' given twice", at: keyAt)
                }
                fields.append(RecordField(key: key, keyAt: keyAt, value: try parser.expression()))
                let separated = parser.match(.comma)
                parser.skipNewlines()
                if !separated && !parser.check(.rightBrace) && parser.previous.kind != .newline {
                    throw parser.error("expected ',' or '}' in the record")
                }
            }
            let close = parser.advance()
            return .record(fields, at: open.location.through(close.location))
        }
    }

    mutating func string(_ pieces: [StringPiece], at: SourceLocation) throws -> Expr {
        if pieces.count == 1, case .text(let text) = pieces[0] { return .literal(.string(text), at: at) }
        var parts: [InterpolationPart] = []
        for piece in pieces {
            switch piece {
            case .text(let text): parts.append(.text(text))
            case .code(let text, let codeAt):
                // `{cost:.6f}`: after the first colon outside brackets and strings comes a
                // format spec, read as text.
                let (code, specText, colonAt) = Self.splitFormatSpec(text, at: codeAt)
                var lexer = Lexer(interpolation: code, at: codeAt)
                let lexed = lexer.scan()
                var sub = Parser(tokens: lexed.tokens, depth: depth + 1)
                diagnostics += lexed.diagnostics
                if sub.isAtEnd {
                    diagnostics.append(Diagnostic("empty interpolation '{}' in string", at: codeAt, phase: .syntax))
                    continue
                }
                do {
                    let expr = try sub.expression()
                    if !sub.isAtEnd { throw sub.error("expected '}' after the interpolated expression") }
                    if let specText, let colonAt {
                        switch FormatSpec.parse(specText) {
                        case .success(let format): parts.append(.formatted(expr, format))
                        case .failure(let why):
                            diagnostics.append(Diagnostic(why.message, at: colonAt, phase: .syntax))
                        }
                    } else {
                        parts.append(.expr(expr))
                    }
                } catch {}
                diagnostics += sub.diagnostics
            }
        }
        return .interpolation(parts, at: at)
    }

    /// Splits interpolated code at its first colon outside brackets and strings: the
    /// expression, the format spec after the colon, and the colon's location.
    static func splitFormatSpec(_ code: String, at start: SourceLocation) -> (String, String?, SourceLocation?) {
        let scalars = Array(code.unicodeScalars)
        var depth = 0, inString = false, escaped = false
        for (i, c) in scalars.enumerated() {
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            switch c {
            case "\"": inString = true
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case ":" where depth == 0:
                let at = SourceLocation(file: start.file, line: start.line, column: start.column + i,
                                        offset: start.offset + i, length: 1)
                return (String(String.UnicodeScalarView(scalars[..<i])), String(String.UnicodeScalarView(scalars[(i + 1)...])), at)
            default: break
            }
        }
        return (code, nil, nil)
    }

    static let modelCommands: Set<String> = ["train", "evaluate", "predict", "gradcheck", "diagnose", "load", "minimize"]

    /// `train m on d {…}` and the other command expressions, or nil when the word is a name.
    mutating func commandExpression(_ word: String, at: SourceLocation) throws -> Expr? {
        guard Parser.modelCommands.contains(word) else { return nil }
        let operandAhead: Bool
        switch peekKind(1) {
        case .identifier: operandAhead = true
        case .string, .leftBracket: operandAhead = word == "load" || word == "diagnose"
        case .leftBrace: operandAhead = word == "diagnose"
        default: operandAhead = false
        }
        guard operandAhead, tokens[current + 1].location.line == at.line else { return nil }
        advance()
        if word == "load" {
            let path = try expression()
            return .load(path: path, at: at.through(path.location))
        }
        let subject = try expression()
        if word == "minimize" {
            guard match(.comma) else {
                throw error("expected ',' and the gradient after 'minimize \(subject.sourceName)'", notes: ["write: minimize F, dF from theta { lr: 0.1 }"])
            }
            let gradient = try expression()
            guard isWord("from") else {
                throw error("expected 'from' after 'minimize \(subject.sourceName), \(gradient.sourceName)'",
                            notes: ["write: minimize F, dF from theta { lr: 0.1 }"])
            }
            advance()
            let theta = try expression()
            let options = check(.leftBrace) ? try record() : nil
            return .minimize(cost: subject, gradient: gradient, theta: theta, options: options, at: at.through(previous.location))
        }
        if word == "gradcheck", match(.comma) {
            let gradient = try expression()
            guard isWord("at") else {
                throw error("expected 'at' after 'gradcheck \(subject.sourceName), \(gradient.sourceName)'",
                            notes: ["write: gradcheck J, dJ at theta { x: 2 }"])
            }
            advance()
            let theta = try expression()
            let options = check(.leftBrace) ? try record() : nil
            return .gradcheck(.function(cost: subject, gradient: gradient, theta: theta), options: options,
                              at: at.through(previous.location))
        }
        var data: Expr?
        if isWord("on") {
            advance()
            data = try expression()
        } else if word != "diagnose" {
            throw error("expected 'on' after '\(word) \(subject.sourceName)'",
                        notes: ["write: \(word) model on dataset"])
        }
        let options = (word == "train" || word == "gradcheck" || word == "diagnose") && check(.leftBrace) ? try record() : nil
        let span = at.through(previous.location)
        switch word {
        case "train": return .train(model: subject, data: data!, options: options, at: span)
        case "evaluate": return .evaluate(model: subject, data: data!, at: span)
        case "predict": return .predict(model: subject, data: data!, at: span)
        case "gradcheck": return .gradcheck(.network(model: subject, data: data!), options: options, at: span)
        default: return .diagnose(subject: subject, data: data, options: options, at: span)
        }
    }
}
