import DNNCore

extension Interpreter {
    /// The most of each side a failed expectation's note shows (bytes), so two lists that
    /// share a list 2^60 times are compared and reported, not printed whole.
    static let maxShownValue = 2_000

    /// `expect cond` or `expect actual OP expected [within tol]`: a failure is reported on
    /// stderr with both values and the script goes on (the exit code becomes 1). With a
    /// label (`expect …, "exercise 1"`) a success prints `exercise 1: correct`.
    func expect(_ expr: Expr, tolerance toleranceExpr: Expr?, label labelExpr: Expr?, at: SourceLocation,
                in env: Environment) throws {
        var label: String?
        if let labelExpr {
            guard case .string(let text) = try evaluate(labelExpr, in: env) else {
                throw error("the label of an expectation must be a string", at: labelExpr.location)
            }
            label = text
        }
        let failuresBefore = failedExpectations
        currentExpectationLabel = label
        defer { currentExpectationLabel = nil }
        try checkExpectation(expr, tolerance: toleranceExpr, at: at, in: env)
        if let label, failedExpectations == failuresBefore { try write("\(label): correct\n") }
    }

    private func checkExpectation(_ expr: Expr, tolerance toleranceExpr: Expr?, at: SourceLocation, in env: Environment) throws {
        var tolerance: Double?
        if let toleranceExpr {
            let t = try evaluate(toleranceExpr, in: env)
            guard let x = t.number, x >= 0 else {
                throw error("'within' needs a number ≥ 0, got \(withArticle(t.typeName))", at: toleranceExpr.location)
            }
            tolerance = x
        }
        guard case .binary(let op, let lhsExpr, let rhsExpr, _, _) = expr, op.isComparison else {
            if let toleranceExpr {
                throw error("'within' needs a comparison", at: toleranceExpr.location,
                            notes: ["write: expect actual == expected within 1e-6"])
            }
            let value = try evaluate(expr, in: env)
            switch value {
            case .bool(true): return
            case .bool(false): return try fail(expr, at: at, notes: ["the condition is false"])
            case .matrix(let m):
                let bad = m.values.filter { $0 == 0 }.count
                if bad == 0 { return }
                return try fail(expr, at: at, notes: ["\(bad) of \(m.count) entries are false"])
            default:
                throw error("expect needs a bool, got \(withArticle(value.typeName))", at: expr.location)
            }
        }
        if tolerance != nil, op != .equal, op != .notEqual {
            throw error("'within' only goes with '==' or '!='", at: toleranceExpr!.location)
        }
        let actual = try evaluate(lhsExpr, in: env), expected = try evaluate(rhsExpr, in: env)
        let opText = op == .equal ? "" : "a value \(op.rawValue) "
        func close(_ a: Double, _ b: Double) -> Bool {
            guard let tolerance else { return a == b || (a.isNaN && b.isNaN) }
            if a == b || (a.isNaN && b.isNaN) { return true }
            return abs(a - b) <= tolerance * max(1, abs(b))
        }
        switch (actual, expected) {
        case (.matrix, _), (_, .matrix):
            let a = try toMatrix(actual, at: lhsExpr.location, what: "the actual value")
            let b = try toMatrix(expected, at: rhsExpr.location, what: "the expected value")
            if op == .equal || op == .notEqual {
                guard a.shape == b.shape else {
                    if op == .notEqual { return }
                    return try fail(expr, at: at, notes: ["expected \(withArticle("\(b.shape) matrix")), got \(a.shape)"])
                }
                var worst: (Int, Double) = (-1, 0)
                for i in 0..<a.count where !close(a.values[i], b.values[i]) {
                    let d = abs(a.values[i] - b.values[i])
                    if worst.0 < 0 || d > worst.1 || d.isNaN { worst = (i, d) }
                }
                let equal = worst.0 < 0
                if equal == (op == .equal) { return }
                if op == .notEqual { return try fail(expr, at: at, notes: ["the matrices are equal"]) }
                let (r, c) = (worst.0 / max(1, a.cols), worst.0 % max(1, a.cols))
                return try fail(expr, at: at, notes: [
                    "entry [\(r), \(c)]: expected \(PythonFormat.repr(b.values[worst.0])), got \(PythonFormat.repr(a.values[worst.0])) (difference \(PythonFormat.repr(worst.1)))",
                ])
            }
            let holds: Matrix
            do { holds = try a.compare(comparison(op), b) } catch let e as MatrixError { throw matrixError(e, at: expr.location) }
            let bad = holds.values.filter { $0 == 0 }.count
            if bad == 0 { return }
            return try fail(expr, at: at, notes: ["\(bad) of \(holds.count) entries are not \(op.rawValue) the expected value"])
        default:
            if let a = actual.number, let b = expected.number {
                let holds: Bool
                switch op {
                case .equal: holds = close(a, b)
                case .notEqual: holds = !close(a, b)
                case .less: holds = a < b
                case .lessEqual: holds = a <= b
                case .greater: holds = a > b
                default: holds = a >= b
                }
                if holds { return }
                var note = "expected \(opText)\(expected.repr(upTo: Self.maxShownValue)), got \(actual.repr(upTo: Self.maxShownValue))"
                if op == .equal { note += " (difference \(PythonFormat.repr(abs(a - b))))" }
                return try fail(expr, at: at, notes: [note])
            }
            let result = try binary(op, actual, expected, at: expr.location, opAt: expr.location)
            guard case .bool(let holds) = result else {
                throw error("expect needs a comparison giving a bool, got \(withArticle(result.typeName))", at: expr.location)
            }
            if holds { return }
            return try fail(expr, at: at, notes: [
                "expected \(opText)\(expected.repr(upTo: Self.maxShownValue)), got \(actual.repr(upTo: Self.maxShownValue))",
            ])
        }
    }

    private func comparison(_ op: BinaryOp) -> Matrix.Comparison {
        switch op {
        case .less: return .less
        case .lessEqual: return .lessOrEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterOrEqual
        case .notEqual: return .notEqual
        default: return .equal
        }
    }

    private func fail(_ expr: Expr, at: SourceLocation, notes: [String]) throws {
        failedExpectations += 1
        let message = currentExpectationLabel.map { "expectation failed: \($0)" } ?? "expectation failed"
        let diagnostic = Diagnostic(message, at: expr.location, notes: notes, phase: .expectation)
        do { try host.report([diagnostic], rendered: renderer.render(diagnostic)) } catch { throw OutputFailed() }
    }
}
