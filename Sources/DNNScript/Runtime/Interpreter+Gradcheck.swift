import DNNCore
import Foundation

extension Interpreter {
    /// `gradcheck J, dJ at θ { x: 2 }`: compares the user's gradient with two-sided differences.
    ///
    /// θ is a number, a matrix, or a record of matrices; the record's other fields are passed
    /// to J and dJ as named arguments (`epsilon:` and `threshold:` are options instead).
    func gradcheckFunction(cost costExpr: Expr, gradient gradientExpr: Expr, theta thetaExpr: Expr,
                           options optionsExpr: Expr?, at: SourceLocation, in env: Environment) throws -> Value {
        let cost = try evaluate(costExpr, in: env), gradient = try evaluate(gradientExpr, in: env)
        let theta = try evaluate(thetaExpr, in: env)
        let given = try options(optionsExpr, for: .gradcheckFunction, at: at, in: env)
        let epsilon = given.number("epsilon"), threshold = given.number("threshold")
        // The other fields are named arguments of dJ and J (called in that order).
        for other in given.others {
            for function in [gradient, cost] {
                let called: (name: String, parameters: [String])
                switch function {
                case .function(let f): called = (f.declaration.name, f.declaration.parameters.map(\.name))
                case .builtin(let b): called = (b.name, b.parameters.map(\.name))
                default: continue
                }
                guard called.parameters.contains(other.key) else {
                    let (message, notes) = given.table.unknownArgument(other.key, function: called.name, parameters: called.parameters)
                    throw error(message, at: other.keyAt, notes: notes)
                }
            }
        }
        let extra = given.others.map { CallArgument(label: $0.key, labelAt: $0.keyAt, value: $0.value, at: $0.at) }
        // θ as named blocks of numbers.
        var blocks: [(name: String, shape: Shape?, values: [Double])] = []
        switch theta {
        case .int, .float: blocks = [("theta", nil, [theta.number!])]
        case .matrix(let m): blocks = [("theta", m.shape, m.values)]
        case .record(let r):
            for (key, value) in r.fields {
                switch value {
                case .int, .float: blocks.append((key, nil, [value.number!]))
                case .matrix(let m): blocks.append((key, m.shape, m.values))
                default: throw error("gradcheck: field '\(key)' of θ must be a number or matrix, got \(withArticle(value.typeName))", at: thetaExpr.location)
                }
            }
        default:
            throw error("gradcheck: θ must be a number, a matrix or a record of matrices, got \(withArticle(theta.typeName))", at: thetaExpr.location)
        }
        func rebuild(_ flat: [Double]) throws -> Value {
            var offset = 0
            var parts: [(String, Value)] = []
            for block in blocks {
                let slice = Array(flat[offset..<(offset + block.values.count)])
                offset += block.values.count
                let value: Value = block.shape.map { .matrix((try? Matrix(rows: $0.rows, cols: $0.cols, values: slice)) ?? Matrix(row: slice)) } ?? .float(slice[0])
                parts.append((block.name, value))
            }
            if case .record = theta { return .record(Record(parts)) }
            return parts[0].1
        }
        func costAt(_ value: Value) throws -> Double {
            let result = try call(cost, [CallArgument(label: nil, value: value, at: thetaExpr.location)] + extra,
                                  at: costExpr.location, calleeAt: costExpr.location)
            if let x = result.number { return x }
            if case .matrix(let m) = result, m.count == 1 { return m.values[0] }
            if case .record(let r) = result, let x = r["cost"]?.number { return x }
            throw error("gradcheck: the cost function must return a number, got \(withArticle(result.typeName))", at: costExpr.location)
        }
        let flat = blocks.flatMap(\.values)
        guard flat.count <= 1_000_000 else { throw error("gradcheck: θ has too many entries (\(flat.count))", at: thetaExpr.location) }
        // The user's gradient, flattened in θ's order.
        let g = try call(gradient, [CallArgument(label: nil, value: theta, at: thetaExpr.location)] + extra,
                         at: gradientExpr.location, calleeAt: gradientExpr.location)
        var grad: [Double] = []
        for block in blocks {
            var part: Value?
            switch g {
            case .record(let r): part = r["d" + block.name] ?? r[block.name]
            default: part = blocks.count == 1 ? g : nil
            }
            guard let part else {
                throw error("gradcheck: the gradient has no field 'd\(block.name)'", at: gradientExpr.location)
            }
            let values: [Double]
            switch part {
            case .int, .float: values = [part.number!]
            case .matrix(let m): values = m.values
            default: throw error("gradcheck: gradient part for '\(block.name)' must be a number or matrix, got \(withArticle(part.typeName))", at: gradientExpr.location)
            }
            guard values.count == block.values.count else {
                throw error("gradcheck: gradient for '\(block.name)' has \(values.count) entries, θ has \(block.values.count)", at: gradientExpr.location)
            }
            grad += values
        }
        let result = try engine(at: at) {
            try GradientCheck.check(cost: { probe in
                try self.checkInterrupt()
                return try costAt(try rebuild(probe))
            }, gradient: grad, at: flat,
            blocks: blocks.map { GradientCheck.Block(name: $0.name, rows: $0.shape?.rows ?? 1, cols: $0.shape?.cols ?? 1) },
            epsilon: epsilon)
        }
        let approx = result.approximation
        let approxValue: Value = flat.count == 1 && blocks[0].shape == nil ? .float(approx[0]) : try rebuild(approx)
        var value = Interpreter.gradcheckValue(result, approximation: approxValue)
        if case .record(var r) = value, threshold != GradientCheck.passThreshold {
            r["correct"] = .bool(result.difference < threshold)
            value = .record(r)
        }
        return value
    }
}
