import DNNCore
import Foundation

extension Interpreter {
    /// The most bytes a string, or items a list, repetition with `*` may make.
    static let maxRepetition = 10_000_000

    func unary(_ op: UnaryOp, _ operand: Value, at: SourceLocation, opAt: SourceLocation) throws -> Value {
        switch (op, operand) {
        case (.not, .bool(let b)): return .bool(!b)
        case (.negate, .int(let i)):
            guard i != Int.min else { throw error("integer overflow in '-'", at: at) }
            return .int(-i)
        case (.negate, .float(let d)): return .float(-d)
        case (.negate, .matrix(let m)): return .matrix(-m)
        case (.plus, .int), (.plus, .float), (.plus, .matrix): return operand
        default:
            throw error("'\(op.rawValue)' cannot be applied to \(withArticle(operand.typeName))", at: at, point: opAt)
        }
    }

    func binary(_ op: BinaryOp, _ lhs: Value, _ rhs: Value, at: SourceLocation, opAt: SourceLocation) throws -> Value {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)):
            return try intArithmetic(op, a, b, at: at, opAt: opAt)
        case (.int, .float), (.float, .int), (.float, .float):
            return try floatArithmetic(op, lhs.number!, rhs.number!, at: at, opAt: opAt)
        case (.matrix, _), (_, .matrix):
            return try matrixArithmetic(op, lhs, rhs, at: at, opAt: opAt)
        default:
            break
        }
        switch op {
        case .equal: return .bool(lhs == rhs)
        case .notEqual: return .bool(lhs != rhs)
        default: break
        }
        switch (op, lhs, rhs) {
        case let (.add, .string(a), .string(b)): return .string(a + b)
        case let (.add, .list(a), .list(b)): return .list(a + b)
        case let (.multiply, .string(s), .int(n)), let (.multiply, .int(n), .string(s)):
            // Bytes, not characters: combining marks repeated join one character of any size.
            guard n <= Interpreter.maxRepetition / max(1, s.utf8.count) else { throw error("string repetition too large", at: at) }
            return .string(String(repeating: s, count: max(0, n)))
        case let (.multiply, .list(items), .int(n)), let (.multiply, .int(n), .list(items)):
            guard n <= Interpreter.maxRepetition / max(1, items.count) else { throw error("list repetition too large", at: at) }
            return .list(Value.repeated(items, count: n))
        case let (.less, .string(a), .string(b)): return .bool(a < b)
        case let (.lessEqual, .string(a), .string(b)): return .bool(a <= b)
        case let (.greater, .string(a), .string(b)): return .bool(a > b)
        case let (.greaterEqual, .string(a), .string(b)): return .bool(a >= b)
        default:
            var notes: [String] = []
            if op == .add, case .string = lhs { notes.append("use interpolation: \"…{x}…\"") }
            if op == .add, case .string = rhs { notes.append("use interpolation: \"…{x}…\"") }
            throw error("'\(op.rawValue)' cannot be applied to \(withArticle(lhs.typeName)) and \(withArticle(rhs.typeName))",
                        at: at, point: opAt, notes: notes)
        }
    }

    private func overflow(_ op: BinaryOp, at: SourceLocation, opAt: SourceLocation) -> Diagnostic {
        error("integer overflow in '\(op.rawValue)'", at: at, point: opAt,
              notes: ["ints are 64-bit; use a float (write 2.0 instead of 2)"])
    }

    private func divisionByZero(at: SourceLocation, opAt: SourceLocation) -> Diagnostic {
        error("division by zero", at: at, point: opAt)
    }

    private func intArithmetic(_ op: BinaryOp, _ a: Int, _ b: Int, at: SourceLocation, opAt: SourceLocation) throws -> Value {
        func checked(_ result: (partialValue: Int, overflow: Bool)) throws -> Value {
            if result.overflow { throw overflow(op, at: at, opAt: opAt) }
            return .int(result.partialValue)
        }
        switch op {
        case .add: return try checked(a.addingReportingOverflow(b))
        case .subtract: return try checked(a.subtractingReportingOverflow(b))
        case .multiply: return try checked(a.multipliedReportingOverflow(by: b))
        case .divide:
            guard b != 0 else { throw divisionByZero(at: at, opAt: opAt) }
            return .float(Double(a) / Double(b))
        case .floorDivide:
            guard b != 0 else { throw divisionByZero(at: at, opAt: opAt) }
            if a == Int.min && b == -1 { throw overflow(op, at: at, opAt: opAt) }
            let q = a / b
            return .int((a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q)
        case .modulo:
            guard b != 0 else { throw divisionByZero(at: at, opAt: opAt) }
            if b == -1 { return .int(0) }
            let r = a % b
            return .int(r != 0 && (r < 0) != (b < 0) ? r + b : r)
        case .power:
            if b < 0 {
                guard a != 0 else { throw divisionByZero(at: at, opAt: opAt) }
                return .float(Foundation.pow(Double(a), Double(b)))
            }
            var result = 1, base = a, e = b
            while e > 0 {
                if e & 1 == 1 {
                    let (r, o) = result.multipliedReportingOverflow(by: base)
                    if o { throw overflow(op, at: at, opAt: opAt) }
                    result = r
                }
                e >>= 1
                if e > 0 {
                    let (s, o) = base.multipliedReportingOverflow(by: base)
                    if o { throw overflow(op, at: at, opAt: opAt) }
                    base = s
                }
            }
            return .int(result)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            return .bool(compare(op, a, b))
        case .matmul:
            throw error("'@' needs two matrices, got an int and an int", at: at, point: opAt,
                        notes: ["use '*' to multiply numbers"])
        case .and, .or:
            throw error("'\(op.rawValue)' needs bools, got int", at: at, point: opAt)
        }
    }

    /// A comparison operator on two numbers of one kind.
    private func compare<T: Comparable>(_ op: BinaryOp, _ a: T, _ b: T) -> Bool {
        switch op {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        default: return a >= b
        }
    }

    private func floatArithmetic(_ op: BinaryOp, _ a: Double, _ b: Double, at: SourceLocation, opAt: SourceLocation) throws -> Value {
        switch op {
        case .add: return .float(a + b)
        case .subtract: return .float(a - b)
        case .multiply: return .float(a * b)
        case .divide:
            guard b != 0 else { throw divisionByZero(at: at, opAt: opAt) }
            return .float(a / b)
        case .floorDivide:
            guard b != 0 else { throw divisionByZero(at: at, opAt: opAt) }
            return .float(pythonFloorDivide(a, b))
        case .modulo:
            guard b != 0 else { throw divisionByZero(at: at, opAt: opAt) }
            return .float(pythonModulo(a, b))
        case .power:
            if a == 0 && b < 0 { throw divisionByZero(at: at, opAt: opAt) }
            return .float(Foundation.pow(a, b))
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            return .bool(compare(op, a, b))
        case .matmul:
            throw error("'@' needs two matrices, got numbers", at: at, point: opAt,
                        notes: ["use '*' to multiply numbers"])
        case .and, .or:
            throw error("'\(op.rawValue)' needs bools, got a number", at: at, point: opAt)
        }
    }

    private func matrixArithmetic(_ op: BinaryOp, _ lhs: Value, _ rhs: Value, at: SourceLocation, opAt: SourceLocation) throws -> Value {
        func asMatrix(_ v: Value) throws -> Matrix {
            switch v {
            case .matrix(let m): return m
            case .int, .float: return Matrix(scalar: v.number!)
            case .bool(let b): return Matrix(scalar: b ? 1 : 0)
            default:
                throw error("'\(op.rawValue)' cannot be applied to \(withArticle(lhs.typeName)) and \(withArticle(rhs.typeName))",
                            at: at, point: opAt)
            }
        }
        let a = try asMatrix(lhs), b = try asMatrix(rhs)
        do {
            switch op {
            case .add: return .matrix(try a + b)
            case .subtract: return .matrix(try a - b)
            case .multiply: return .matrix(try a * b)
            case .divide: return .matrix(try a / b)
            case .floorDivide: return .matrix(try a.zipWith(b, operation: "divide", pythonFloorDivide))
            case .modulo: return .matrix(try a.zipWith(b, operation: "take the remainder of", pythonModulo))
            case .power: return .matrix(try a.power(b))
            case .matmul:
                guard case .matrix = lhs, case .matrix = rhs else {
                    throw error("'@' needs two matrices, got \(withArticle(lhs.typeName)) and \(withArticle(rhs.typeName))", at: at, point: opAt,
                                notes: ["use '*' to scale a matrix by a number"])
                }
                return .matrix(try a.matmul(b, checkpoint: stopIfInterrupted))
            case .equal: return .matrix(try a.compare(.equal, b))
            case .notEqual: return .matrix(try a.compare(.notEqual, b))
            case .less: return .matrix(try a.compare(.less, b))
            case .lessEqual: return .matrix(try a.compare(.lessOrEqual, b))
            case .greater: return .matrix(try a.compare(.greater, b))
            case .greaterEqual: return .matrix(try a.compare(.greaterOrEqual, b))
            case .and, .or:
                throw error("'\(op.rawValue)' needs bools, got a matrix", at: at, point: opAt,
                            notes: ["use '*' for elementwise and of 0/1 matrices"])
            }
        } catch let e as MatrixError {
            throw matrixError(e, at: at, point: opAt, lhs: a, rhs: b)
        } catch let e as OpenBLASUnavailable {
            throw unavailable(e, at: at)
        }
    }

    /// A shape error with both shapes named.
    func matrixError(_ e: MatrixError, at: SourceLocation, point: SourceLocation? = nil,
                     lhs: Matrix? = nil, rhs: Matrix? = nil) -> Diagnostic {
        var notes: [String] = []
        if case .shapeMismatch(let operation, let l, let r) = e {
            notes.append("left operand is \(l), right operand is \(r)")
            if operation == "multiply", l.cols == r.cols {
                notes.append("did you mean to transpose the right operand (.T)?")
            }
        }
        return error(e.description, at: at, point: point, notes: notes)
    }
}

func pythonFloorDivide(_ a: Double, _ b: Double) -> Double {
    (a / b).rounded(.down)
}

func pythonModulo(_ a: Double, _ b: Double) -> Double {
    let r = fmod(a, b)
    return r != 0 && (r < 0) != (b < 0) ? r + b : r
}
