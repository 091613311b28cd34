import DNNCore

extension Interpreter {
    /// `minimize F, dF from θ { optimizer: …, lr: …, iterations: … }`: the optimizer's steps
    /// on a plain function, for the lecture's pictures. θ is a number, a list of numbers or a
    /// matrix; F(θ) must give a number and dF(θ) as many numbers as θ has, which is checked
    /// at θ before any step. Gives a record: `theta` (the last), `path` (θ before the first
    /// step, then after each), `costs` (F along the path), `iterations`, `optimizer`.
    func minimize(cost costExpr: Expr, gradient gradientExpr: Expr, theta thetaExpr: Expr,
                  options optionsExpr: Expr?, at: SourceLocation, in env: Environment) throws -> Value {
        let cost = try evaluate(costExpr, in: env), gradient = try evaluate(gradientExpr, in: env)
        let start = try evaluate(thetaExpr, in: env)
        let given = try options(optionsExpr, for: .minimize, at: at, in: env)
        let optimizer = given.value("optimizer").flatMap(OptimizerObject.optimizer(from:)) ?? .gd
        let lr = given.number("lr"), iterations = given.int("iterations") ?? 0

        // θ's entries, and how to give them back in θ's own kind.
        var values: [Double]
        let rebuild: ([Double]) -> Value
        switch start {
        case .int, .float:
            values = [start.number!]
            rebuild = { .float($0[0]) }
        case .matrix(let m):
            values = m.values
            rebuild = { .matrix((try? Matrix(rows: m.rows, cols: m.cols, values: $0)) ?? Matrix(row: $0)) }
        case .list(let items) where !items.isEmpty && items.allSatisfy({ $0.number != nil }):
            values = items.map { $0.number! }
            rebuild = { .list($0.map(Value.float)) }
        default:
            throw error("minimize: θ must be a number, a list of numbers or a matrix, got \(withArticle(start.typeName))", at: thetaExpr.location)
        }
        func costAt(_ theta: Value) throws -> Double {
            let result = try call(cost, [CallArgument(label: nil, labelAt: nil, value: theta, at: thetaExpr.location)],
                                  at: costExpr.location, calleeAt: costExpr.location)
            guard let x = result.number else {
                throw error("minimize: \(costExpr.sourceName)(θ) must give a number, got \(withArticle(result.typeName))", at: costExpr.location)
            }
            return x
        }
        func gradientAt(_ theta: Value) throws -> [Double] {
            let result = try call(gradient, [CallArgument(label: nil, labelAt: nil, value: theta, at: thetaExpr.location)],
                                  at: gradientExpr.location, calleeAt: gradientExpr.location)
            let entries: [Double]?
            switch result {
            case .int, .float: entries = [result.number!]
            case .matrix(let m): entries = m.values
            case .list(let items): entries = items.allSatisfy { $0.number != nil } ? items.map { $0.number! } : nil
            default: entries = nil
            }
            guard let entries, entries.count == values.count else {
                var what = withArticle(result.typeName)
                if case .list(let items) = result { what = "a list of \(items.count)" }
                if case .matrix(let m) = result { what = "\(withArticle("\(m.rows)×\(m.cols) matrix"))" }
                throw error("minimize: \(gradientExpr.sourceName)(θ) must give as many numbers as θ has (\(values.count)), got \(what)",
                            at: gradientExpr.location)
            }
            return entries
        }

        let state = OptimizerState(optimizer, counts: [values.count])
        var path = [start]
        var costs = [try costAt(start)]
        var g = try gradientAt(start)
        for step in 0..<iterations {
            try checkInterrupt()
            state.step(&values, gradient: g, learningRate: lr)
            let theta = rebuild(values)
            path.append(theta)
            costs.append(try costAt(theta))
            if step + 1 < iterations { g = try gradientAt(theta) }
        }
        return .record(Record([
            ("theta", path[path.count - 1]), ("path", .list(path)), ("costs", .list(costs.map(Value.float))),
            ("iterations", .int(iterations)), ("optimizer", .object(OptimizerObject(optimizer))),
        ]))
    }
}
