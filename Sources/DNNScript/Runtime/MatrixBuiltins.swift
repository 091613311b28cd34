import DNNCore

/// Matrix constructors, reductions and reshaping: the numpy subset the course uses.
enum MatrixBuiltins {
    static func fn(_ name: String, _ params: [String], optional: [String] = [],
                   _ body: @escaping (inout CallContext) throws -> Value) -> Builtin {
        Builtins.fn(name, params, optional: optional, body)
    }

    static func axis(_ c: CallContext) throws -> Matrix.Axis? {
        guard c.has("axis") else { return nil }
        if case .none? = c.value("axis") { return nil }
        let a = try c.int("axis")
        guard let axis = Matrix.Axis(rawValue: a) else {
            throw c.error("axis must be 0 (down the rows) or 1 (along the columns), got \(a)", "axis")
        }
        _ = try c.bool("keepdims", default: true)
        return axis
    }

    /// A reduction of `x`: a float over every entry, or a matrix along `axis:` (numpy's
    /// summation order, docs/engine.md).
    static func reduce(_ c: CallContext, whole: (Matrix) -> Double,
                       along: @escaping (Matrix, Matrix.Axis) throws -> Matrix) throws -> Value {
        let m = try c.matrix("x")
        guard let axis = try axis(c) else { return .float(whole(m)) }
        return .matrix(try c.shaped { try along(m, axis) })
    }

    static func reduction(_ name: String, whole: @escaping (Matrix) -> Double,
                          along: @escaping (Matrix, Matrix.Axis) throws -> Matrix) -> Builtin {
        fn(name, ["x"], optional: ["axis", "keepdims"]) { c in try reduce(c, whole: whole, along: along) }
    }

    static func size(_ c: CallContext) throws -> (Int, Int) {
        let rows = try c.int("rows"), cols = try c.int("cols", default: 1)
        try c.shaped { try Matrix.checkSize(rows: rows, cols: cols) }
        return (rows, cols)
    }

    static var all: [Builtin] {
        [
            fn("matrix", ["x"]) { c in
                let v = try c.argument("x")
                if case .list(let items) = v, items.allSatisfy({ if case .list = $0 { return true } else { return false } }), !items.isEmpty {
                    // Before any row is converted: [[0] * 10000000] * 10000000 shares one row in
                    // memory but would be 10^14 numbers.
                    if case .list(let first) = items[0] {
                        try c.shaped { try Matrix.checkSize(rows: items.count, cols: first.count) }
                    }
                    var rows: [[Double]] = []
                    for item in items {
                        guard case .list(let row) = item else { continue }
                        rows.append(try row.map { x in
                            guard let d = x.number else { throw c.error("matrix() needs numbers, got \(withArticle(x.typeName))", "x") }
                            return d
                        })
                    }
                    return .matrix(try c.shaped { try Matrix(rows) })
                }
                return .matrix(try c.matrix("x"))
            },
            fn("zeros", ["rows"], optional: ["cols"]) { c in
                let (r, k) = try size(c)
                return .matrix(try c.shaped { try Matrix.zeros(r, k) })
            },
            fn("ones", ["rows"], optional: ["cols"]) { c in
                let (r, k) = try size(c)
                return .matrix(try c.shaped { try Matrix.ones(r, k) })
            },
            fn("full", ["rows", "cols", "value"]) { c in
                let (r, k) = try size(c)
                let value = try c.double("value")
                return .matrix(try c.shaped { try Matrix(rows: r, cols: k, repeating: value) })
            },
            fn("eye", ["n"]) { c in
                let n = try c.int("n")
                return .matrix(try c.shaped { try Matrix.identity(n) })
            },
            fn("randn", [], optional: ["rows", "cols"]) { c in
                guard c.has("rows") else { return .float(c.interpreter.random.randn()) }
                let (r, k) = try size(c)
                return .matrix(try c.shaped { try c.interpreter.random.randn(r, k, checkpoint: c.interpreter.stopIfInterrupted) })
            },
            fn("rand", [], optional: ["rows", "cols"]) { c in
                guard c.has("rows") else { return .float(c.interpreter.random.rand()) }
                let (r, k) = try size(c)
                return .matrix(try c.shaped { try c.interpreter.random.rand(r, k, checkpoint: c.interpreter.stopIfInterrupted) })
            },
            fn("shape", ["x"]) { c in
                let m = try c.matrix("x")
                return .list([.int(m.rows), .int(m.cols)])
            },
            fn("sum", ["x"], optional: ["axis", "keepdims"]) { c in
                if case .list(let items)? = c.value("x") {
                    var total: Value = .int(0)
                    for item in items {
                        total = try c.interpreter.binary(.add, total, item, at: c.location("x"), opAt: c.location("x"))
                    }
                    return total
                }
                return try reduce(c, whole: { $0.sum() }, along: { try $0.sum(axis: $1) })
            },
            reduction("mean", whole: { $0.mean() }, along: { try $0.mean(axis: $1) }),
            reduction("var", whole: { $0.variance() }, along: { try $0.variance(axis: $1) }),
            reduction("std", whole: { $0.standardDeviation() }, along: { try $0.standardDeviation(axis: $1) }),
            fn("argmax", ["x"], optional: ["axis"]) { c in
                let m = try c.matrix("x")
                let axis = try axis(c) ?? .rows
                return .matrix(try c.shaped { try m.argmax(axis: axis) })
            },
            fn("maximum", ["a", "b"]) { c in
                let a = try c.matrix("a"), b = try c.matrix("b")
                return .matrix(try c.shaped { try a.maximum(b) })
            },
            fn("minimum", ["a", "b"]) { c in
                let a = try c.matrix("a"), b = try c.matrix("b")
                return .matrix(try c.shaped { try a.minimum(b) })
            },
            fn("norm", ["x"]) { c in .float(try c.matrix("x").norm()) },
            fn("transpose", ["x"]) { c in .matrix(try c.matrix("x").transposed) },
            fn("reshape", ["x", "rows", "cols"]) { c in
                let m = try c.matrix("x")
                var rows = try c.int("rows"), cols = try c.int("cols")
                if rows == -1, cols > 0, m.count % cols == 0 { rows = m.count / cols }
                if cols == -1, rows > 0, m.count % rows == 0 { cols = m.count / rows }
                let (entries, overflow) = rows.multipliedReportingOverflow(by: cols)
                guard !overflow, rows >= 0, cols >= 0, entries == m.count else {
                    throw c.error("cannot reshape \(m.shape) into \(rows)×\(cols)")
                }
                return .matrix(try c.shaped { try m.reshaped(rows, cols) })
            },
            fn("flatten", ["x"]) { c in .matrix(try c.matrix("x").flattenedColumn) },
            fn("hstack", ["parts"]) { c in .matrix(try c.shaped { try Matrix.hstack(try matrices(c)) }) },
            fn("vstack", ["parts"]) { c in .matrix(try c.shaped { try Matrix.vstack(try matrices(c)) }) },
            fn("all", ["x"]) { c in
                if case .list(let items)? = c.value("x") { return .bool(items.allSatisfy { $0 == .bool(true) }) }
                return .bool(try c.matrix("x").values.allSatisfy { $0 != 0 })
            },
            fn("any", ["x"]) { c in
                if case .list(let items)? = c.value("x") { return .bool(items.contains { $0 == .bool(true) }) }
                return .bool(try c.matrix("x").values.contains { $0 != 0 })
            },
            fn("dot", ["a", "b"]) { c in
                let a = try c.matrix("a"), b = try c.matrix("b")
                return .matrix(try c.shaped { try a.matmul(b, checkpoint: c.interpreter.stopIfInterrupted) })
            },
        ]
    }

    static func matrices(_ c: CallContext) throws -> [Matrix] {
        guard case .list(let items)? = c.value("parts") else { throw c.typeError("parts", expected: "a list of matrices") }
        return try items.map { try c.interpreter.toMatrix($0, at: c.location("parts"), what: "each part") }
    }
}
