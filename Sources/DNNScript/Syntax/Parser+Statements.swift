import DNNCore

extension Parser {
    /// True when the current token can start an expression operand on this line.
    func startsOperand(_ ahead: Int = 0, allowParen: Bool = true, allowBrace: Bool = false) -> Bool {
        switch peekKind(ahead) {
        case .identifier, .int, .float, .string, .leftBracket, .minus, .plus: return true
        case .keyword(let k): return [.true, .false, .none, .not].contains(k)
        case .leftParen: return allowParen
        case .leftBrace: return allowBrace
        default: return false
        }
    }

    mutating func statement() throws -> Stmt {
        let start = peek.location
        switch peek.kind {
        case .keyword(.let):
            advance()
            let (name, nameAt) = try identifier("a name after 'let'")
            _ = try consume(.equal, "expected '=' after 'let \(name)'")
            let value = try expression()
            return .let(name: name, nameAt: nameAt, value: value, at: start.through(value.location))
        case .keyword(.fn):
            advance()
            return try functionDeclaration(start: start)
        case .keyword(.if):
            return try ifStatement()
        case .keyword(.for):
            advance()
            let (name, nameAt) = try identifier("a loop variable after 'for'")
            guard case .keyword(.in) = peek.kind else { throw error("expected 'in' after 'for \(name)'") }
            advance()
            let sequence = try expression()
            let body = try block("the loop body")
            return .for(name: name, nameAt: nameAt, sequence: sequence, body: body, at: start)
        case .keyword(.while):
            advance()
            let condition = try expression()
            let body = try block("the loop body")
            return .while(condition: condition, body: body, at: start)
        case .keyword(.return):
            advance()
            if atSeparator { return .return(nil, at: start) }
            let value = try expression()
            return .return(value, at: start.through(value.location))
        case .keyword(.break):
            advance()
            return .break(at: start)
        case .keyword(.continue):
            advance()
            return .continue(at: start)
        case .keyword(.else):
            throw error("'else' without a matching 'if'", at: start,
                        notes: ["'else' must follow the '}' of an 'if' block on the same line"])
        case .identifier(let word):
            if let statement = try commandStatement(word, start: start) { return statement }
            if [.equal, .plusEqual, .minusEqual, .starEqual, .slashEqual].contains(peekKind(1)) {
                advance()
                let opToken = advance()
                let op: BinaryOp? = switch opToken.kind {
                case .plusEqual: .add
                case .minusEqual: .subtract
                case .starEqual: .multiply
                case .slashEqual: .divide
                default: nil
                }
                let value = try expression()
                return .assign(name: word, nameAt: start, op: op, value: value, at: start.through(value.location))
            }
        default:
            break
        }
        let expr = try expression()
        if check(.equal) {
            throw error("cannot assign to this expression", at: expr.location,
                        notes: ["only names can be assigned: 'x = …'"])
        }
        return .expression(expr, at: expr.location)
    }

    /// The statements introduced by a contextual command word, or nil for a plain name.
    mutating func commandStatement(_ word: String, start: SourceLocation) throws -> Stmt? {
        switch word {
        case "print":
            guard startsOperand(1, allowBrace: true) || [.newline, .semicolon, .eof, .rightBrace].contains(peekKind(1)) else { return nil }
            advance()
            var values: [Expr] = []
            if check(.leftParen), let call = printCall() { return .print(call, at: start) }
            if !atSeparator {
                repeat { values.append(try expression()) } while match(.comma)
            }
            return .print(values, at: start)
        case "expect":
            guard startsOperand(1) else { return nil }
            advance()
            let condition = try expression()
            var tolerance: Expr?
            if isWord("within") {
                advance()
                tolerance = try expression()
            }
            let label = match(.comma) ? try expression() : nil
            return .expect(condition, tolerance: tolerance, label: label, at: start.through(previous.location))
        case "seed":
            guard startsOperand(1) else { return nil }
            advance()
            let value = try expression()
            return .seed(value, at: start.through(value.location))
        case "dataset", "regularizer", "optimizer":
            guard case .identifier = peekKind(1) else { return nil }
            advance()
            let (name, nameAt) = try identifier(withArticle("\(word) name"))
            _ = try consume(.equal, "expected '=' after '\(word) \(name)'")
            let value = try expression()
            let at = start.through(value.location)
            switch word {
            case "dataset": return .dataset(name: name, nameAt: nameAt, value: value, at: at)
            case "regularizer": return .regularizer(name: name, nameAt: nameAt, value: value, at: at)
            default: return .optimizer(name: name, nameAt: nameAt, value: value, at: at)
            }
        case "network":
            guard case .identifier = peekKind(1) else { return nil }
            advance()
            let (name, nameAt) = try identifier("a network name")
            return try networkBody(name: name, nameAt: nameAt, start: start)
        case "plot":
            guard startsOperand(1) else { return nil }
            advance()
            let subject: PlotSubject
            if isWord("boundary") && startsOperand(1, allowParen: false) {
                advance()
                let model = try expression()
                guard isWord("on") else { throw error("expected 'on' after 'plot boundary \(model.sourceName)'") }
                advance()
                subject = .boundary(model: model, data: try expression())
            } else if isWord("contour") && startsOperand(1, allowParen: false) {
                advance()
                subject = .contour(function: try expression())
            } else if isWord("hist") && startsOperand(1, allowParen: false) {
                advance()
                subject = .hist(try expression())
            } else if isWord("bars") && startsOperand(1, allowParen: false) {
                advance()
                subject = .bars(try expression())
            } else {
                let first = try expression()
                if check(.comma) {
                    advance()
                    subject = .xy(x: first, y: try expression())
                } else {
                    subject = .value(first)
                }
            }
            let options = check(.leftBrace) ? try record() : nil
            return .plot(subject, options: options, at: start.through(previous.location))
        case "save":
            guard startsOperand(1) else { return nil }
            advance()
            let model = try expression()
            guard isWord("to") else { throw error("expected 'to' after 'save \(model.sourceName)'",
                                                  notes: ["write: save model to \"file.json\""]) }
            advance()
            let path = try expression()
            return .save(model: model, path: path, at: start.through(path.location))
        default:
            return nil
        }
    }

    /// `print(a, b)` written like a call: tried first, undone when it is not the whole statement.
    mutating func printCall() -> [Expr]? {
        let saved = (current, diagnostics.count, depth)
        advance()
        var values: [Expr] = []
        do {
            while !check(.rightParen) {
                values.append(try expression())
                if !match(.comma) { break }
            }
            _ = try consume(.rightParen, "expected ')'")
        } catch {}
        if diagnostics.count == saved.1, atSeparator { return values }
        (current, depth) = (saved.0, saved.2)
        diagnostics.removeSubrange(saved.1...)
        return nil
    }

    mutating func functionDeclaration(start: SourceLocation) throws -> Stmt {
        let (name, nameAt) = try identifier("a function name after 'fn'")
        _ = try consume(.leftParen, "expected '(' after 'fn \(name)'")
        var parameters: [Parameter] = []
        if !check(.rightParen) {
            repeat {
                if check(.rightParen) { break }
                let (param, at) = try identifier("a parameter name")
                if parameters.contains(where: { $0.name == param }) {
                    _ = error("duplicate parameter '\(param)'", at: at)
                }
                var defaultValue: Expr?
                if match(.equal) { defaultValue = try expression() } else if parameters.last?.defaultValue != nil {
                    _ = error("parameter '\(param)' without a default follows one with a default", at: at)
                }
                parameters.append(Parameter(name: param, at: at, defaultValue: defaultValue))
            } while match(.comma)
        }
        _ = try consume(.rightParen, "expected ')' after the parameters of '\(name)'")
        let body: FunctionBody
        if match(.equal) {
            body = .expression(try expression())
        } else if check(.leftBrace) {
            body = .block(try block("the body of '\(name)'"))
        } else {
            throw error("expected '=' or '{' after 'fn \(name)(…)'")
        }
        return .function(FunctionDecl(name: name, nameAt: nameAt, parameters: parameters, body: body), at: start)
    }

    mutating func ifStatement() throws -> Stmt {
        let start = advance().location
        let condition = try expression()
        let then = try block("the 'if' body")
        var otherwise: [Stmt]?
        if case .keyword(.else) = peek.kind {
            advance()
            if case .keyword(.if) = peek.kind {
                let nestedIf = try nested(at: peek.location) { try $0.ifStatement() }
                otherwise = [nestedIf]
            } else {
                otherwise = try block("the 'else' body")
            }
        }
        return .if(condition: condition, then: then, else: otherwise, at: start)
    }

    mutating func networkBody(name: String, nameAt: SourceLocation, start: SourceLocation) throws -> Stmt {
        let open = try consume(.leftBrace, "expected '{' after 'network \(name)'")
        var layers: [LayerDecl] = []
        skipSeparators()
        while !check(.rightBrace) {
            if isAtEnd {
                throw error("expected '}' to close network '\(name)' opened at line \(open.location.line)",
                            at: endOfLastToken)
            }
            do {
                layers.append(try layer())
                if !atSeparator { throw error("expected end of layer") }
            } catch {
                synchronize()
            }
            skipSeparators()
        }
        advance()
        return .network(name: name, nameAt: nameAt, layers: layers, at: start)
    }

    static let layerKinds = ["input", "dense", "dropout"]

    mutating func layer() throws -> LayerDecl {
        let (kind, at) = try identifier("a layer (dense, dropout or input)")
        switch kind {
        case "input":
            let size = try expression()
            return .input(size: size, at: at.through(size.location))
        case "dropout":
            let keep = try expression()
            return .dropout(keepProb: keep, at: at.through(keep.location))
        case "dense":
            let units = try expression()
            var activation: String?
            var activationAt: SourceLocation?
            if case .identifier(let act) = peek.kind, peekKind(1) != .colon {
                activation = act
                activationAt = advance().location
            }
            var options: [Argument] = []
            while case .identifier(let label) = peek.kind, peekKind(1) == .colon {
                let labelAt = advance().location
                advance()
                options.append(Argument(label: label, labelAt: labelAt, value: try expression()))
                _ = match(.comma)
            }
            return .dense(units: units, activation: activation, activationAt: activationAt,
                          options: options, at: at.through(previous.location))
        default:
            let note = Suggestions.note(for: kind, in: Parser.layerKinds, listing: "layers")
            throw error("unknown layer '\(kind)'", at: at, notes: note.map { [$0] } ?? [])
        }
    }
}

extension Expr {
    /// Whether this is a command that prints its own report (`gradcheck`, `evaluate`, …).
    var isCommand: Bool {
        switch self {
        case .gradcheck, .diagnose, .evaluate, .train: return true
        default: return false
        }
    }

    /// Whether this is a `train … on …` expression.
    var isTrain: Bool {
        if case .train = self { return true }
        return false
    }

    /// A short rendering of simple expressions for messages (`m`, `m.W1`, …).
    var sourceName: String {
        switch self {
        case .name(let n, _): return n
        case .member(let base, let n, _, _): return "\(base.sourceName).\(n)"
        default: return "…"
        }
    }
}
