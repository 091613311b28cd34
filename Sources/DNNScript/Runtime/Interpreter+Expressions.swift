import DNNCore

extension Interpreter {
    /// Matrices of at least this many entries take long to make (2^28 entries: seconds).
    static let largeMatrixEntries = 1 << 20

    /// `value`, after asking the host whether to stop when it is a large matrix: a chain of
    /// operations on huge matrices stops on Ctrl-C after the one running, not at its end.
    @inline(__always)
    func askedHostAfter(_ value: Value) throws -> Value {
        if case .matrix(let m) = value, m.count >= Interpreter.largeMatrixEntries { try stopIfInterrupted() }
        return value
    }

    func evaluate(_ expr: Expr, in env: Environment) throws -> Value {
        switch expr {
        case .literal(let literal, _):
            switch literal {
            case .int(let v): return .int(v)
            case .float(let v): return .float(v)
            case .string(let v): return .string(v)
            case .bool(let v): return .bool(v)
            case .none: return .none
            }
        case .interpolation(let parts, _):
            var text = ""
            for part in parts {
                switch part {
                case .text(let t): text += t
                case .expr(let e): text += try printed(try evaluate(e, in: env), at: e.location)
                case .formatted(let e, let spec):
                    do { text += try spec.format(try evaluate(e, in: env)) } catch let failure as FormatError {
                        throw error(failure.message, at: e.location)
                    }
                }
            }
            return .string(text)
        case .name(let name, let at):
            guard let value = env.lookup(name) else { throw unknownName(name, at: at, env: env) }
            return value
        case .list(let items, let at):
            let values = try items.map { try evaluate($0, in: env) }
            if let matrix = try matrixLiteral(values, items: items, at: at) { return matrix }
            return try checkedNesting(.list(values), at: at)
        case .record(let fields, let at):
            var record = Record()
            for field in fields { record[field.key] = try evaluate(field.value, in: env) }
            return try checkedNesting(.record(record), at: at)
        case .unary(let op, let operandExpr, let opAt, let at):
            let operand = try evaluate(operandExpr, in: env)
            return try askedHostAfter(try unary(op, operand, at: at, opAt: opAt))
        case .binary(let op, let lhsExpr, let rhsExpr, let opAt, let at):
            let lhs = try evaluate(lhsExpr, in: env)
            if op == .and || op == .or {
                guard case .bool(let l) = lhs else {
                    throw error("'\(op.rawValue)' needs bools, got \(withArticle(lhs.typeName))", at: lhsExpr.location)
                }
                if op == .and && !l { return .bool(false) }
                if op == .or && l { return .bool(true) }
                let rhs = try evaluate(rhsExpr, in: env)
                guard case .bool = rhs else {
                    throw error("'\(op.rawValue)' needs bools, got \(withArticle(rhs.typeName))", at: rhsExpr.location)
                }
                return rhs
            }
            let rhs = try evaluate(rhsExpr, in: env)
            return try askedHostAfter(try binary(op, lhs, rhs, at: at, opAt: opAt))
        case .range(let lowerExpr, let upperExpr, _):
            let lower = try evaluate(lowerExpr, in: env), upper = try evaluate(upperExpr, in: env)
            guard case .int(let l) = lower else { throw error("a range needs ints, got \(withArticle(lower.typeName))", at: lowerExpr.location) }
            guard case .int(let u) = upper else { throw error("a range needs ints, got \(withArticle(upper.typeName))", at: upperExpr.location) }
            return .range(l, u)
        case .call(let calleeExpr, let argumentExprs, let at):
            let callee = try evaluate(calleeExpr, in: env)
            var arguments: [CallArgument] = []
            for argument in argumentExprs {
                let value = try evaluate(argument.value, in: env)
                arguments.append(CallArgument(label: argument.label, labelAt: argument.labelAt,
                                              value: value, at: argument.value.location))
            }
            return try askedHostAfter(try call(callee, arguments, at: at, calleeAt: calleeExpr.location))
        case .index(let baseExpr, let items, let at):
            let base = try evaluate(baseExpr, in: env)
            return try index(base, items, at: at, in: env)
        case .member(let baseExpr, let name, let nameAt, _):
            let base = try evaluate(baseExpr, in: env)
            return try member(base, name, at: nameAt)
        case .train(let model, let data, let options, let at):
            return try train(model, on: data, options: options, at: at, in: env)
        case .evaluate(let model, let data, let at):
            return try evaluateModel(model, on: data, at: at, in: env)
        case .predict(let model, let data, let at):
            return try predict(model, on: data, at: at, in: env)
        case .gradcheck(let subject, let options, let at):
            return try gradcheck(subject, options: options, at: at, in: env)
        case .minimize(let cost, let gradient, let theta, let options, let at):
            return try minimize(cost: cost, gradient: gradient, theta: theta, options: options, at: at, in: env)
        case .diagnose(let subject, let data, let options, let at):
            return try diagnose(subject, data: data, options: options, at: at, in: env)
        case .load(let path, let at):
            return try load(path, at: at, in: env)
        }
    }

    /// Refuses lists and records nested deeper than ``Value/maxNesting``.
    func checkedNesting(_ value: Value, at: SourceLocation) throws -> Value {
        guard value.nesting() <= Value.maxNesting else {
            throw error("lists and records nested more than \(Value.maxNesting) deep", at: at)
        }
        return value
    }

    /// `[[1, 2], [3, 4]]`: a list whose items are all lists of numbers is a matrix.
    private func matrixLiteral(_ values: [Value], items: [Expr], at: SourceLocation) throws -> Value? {
        guard !values.isEmpty else { return nil }
        if case .list(let first) = values[0] {
            do { try Matrix.checkSize(rows: values.count, cols: first.count) } catch let e as MatrixError { throw matrixError(e, at: at) }
        }
        var rows: [[Double]] = []
        for value in values {
            guard case .list(let row) = value, !row.isEmpty else { return nil }
            var numbers: [Double] = []
            for item in row {
                guard let x = item.number else { return nil }
                numbers.append(x)
            }
            rows.append(numbers)
        }
        for (i, row) in rows.enumerated() where row.count != rows[0].count {
            throw error("matrix row \(i) has \(row.count) values, expected \(rows[0].count)", at: items[i].location,
                        notes: ["every row of a matrix literal has the same length"])
        }
        return .matrix(try Matrix(rows))
    }

    // MARK: - Indexing and members

    private func index(_ base: Value, _ items: [IndexItem], at: SourceLocation, in env: Environment) throws -> Value {
        enum Position { case single(Int, SourceLocation), slice(Int?, Int?, SourceLocation) }
        var positions: [Position] = []
        for item in items {
            switch item {
            case .single(let e):
                let v = try evaluate(e, in: env)
                guard case .int(let i) = v else {
                    if case .string(let key) = v, case .record = base, items.count == 1 {
                        return try member(base, key, at: e.location)
                    }
                    throw error("an index must be an int, got \(withArticle(v.typeName))", at: e.location)
                }
                positions.append(.single(i, e.location))
            case .slice(let lower, let upper, let sliceAt):
                func bound(_ e: Expr?) throws -> Int? {
                    guard let e else { return nil }
                    let v = try evaluate(e, in: env)
                    guard case .int(let i) = v else { throw error("a slice bound must be an int, got \(withArticle(v.typeName))", at: e.location) }
                    return i
                }
                positions.append(.slice(try bound(lower), try bound(upper), sliceAt))
            }
        }
        func resolve(_ i: Int, count: Int, at: SourceLocation, what: String) throws -> Int {
            let j = i < 0 ? i + count : i
            guard j >= 0, j < count else {
                throw error("index \(i) is out of range for \(what)", at: at)
            }
            return j
        }
        func clamp(_ lower: Int?, _ upper: Int?, count: Int) -> Range<Int> {
            func norm(_ v: Int) -> Int { v < 0 ? max(0, v + count) : min(v, count) }
            let l = lower.map(norm) ?? 0, u = upper.map(norm) ?? count
            return l..<max(l, u)
        }
        switch base {
        case .list(let values):
            guard positions.count == 1 else { throw error("a list takes one index", at: at) }
            switch positions[0] {
            case .single(let i, let iAt): return values[try resolve(i, count: values.count, at: iAt, what: "a list of \(values.count) items")]
            case .slice(let l, let u, _): return .list(Array(values[clamp(l, u, count: values.count)]))
            }
        case .string(let s):
            let chars = Array(s)
            guard positions.count == 1 else { throw error("a string takes one index", at: at) }
            switch positions[0] {
            case .single(let i, let iAt): return .string(String(chars[try resolve(i, count: chars.count, at: iAt, what: "a string of \(chars.count) characters")]))
            case .slice(let l, let u, _): return .string(String(chars[clamp(l, u, count: chars.count)]))
            }
        case .range(let lower, let upper):
            guard positions.count == 1, case .single(let i, let iAt) = positions[0] else { throw error("a range takes one index", at: at) }
            // Counted from the end when negative, so a range longer than Int.max still indexes
            // and an empty one (9223372036854775807..-2) has no items rather than a wrapped length.
            let (value, overflow) = i < 0 ? upper.addingReportingOverflow(i) : lower.addingReportingOverflow(i)
            guard !overflow, value >= lower, value < upper else {
                let (span, tooLong) = upper.subtractingReportingOverflow(lower)
                let what = upper <= lower ? "0" : tooLong ? "more than \(Int.max)" : "\(span)"
                throw error("index \(i) is out of range for a range of \(what) items", at: iAt)
            }
            return .int(value)
        case .matrix(let m):
            guard positions.count <= 2 else {
                throw error("a matrix takes at most two indices, got \(positions.count)", at: at)
            }
            var ranges: [Range<Int>] = []
            var singles = 0
            for (axis, position) in positions.enumerated() {
                let count = axis == 0 ? m.rows : m.cols
                let what = "axis \(axis) of \(withArticle("\(m.shape) matrix"))"
                switch position {
                case .single(let i, let iAt):
                    // A row taken from a list of number lists (`for c in [[0.02, 0.04], …]`) is a
                    // 1×n matrix, where numpy and Python would give a flat row: say how to index it.
                    if positions.count == 1, m.rows == 1, i != 0, i != -1, (-m.cols..<m.cols).contains(i) {
                        throw error("index \(i) is out of range for \(what)", at: iAt, notes: [
                            "a 1×\(m.cols) matrix is one row: its entry \(i) is [0, \(i)]",
                            "a list of number lists is a matrix, and a loop over it gives its rows as 1×n matrices",
                        ])
                    }
                    let j = try resolve(i, count: count, at: iAt, what: what)
                    ranges.append(j..<(j + 1))
                    singles += 1
                case .slice(let l, let u, _):
                    ranges.append(clamp(l, u, count: count))
                }
            }
            if ranges.count == 1 { ranges.append(0..<m.cols) }
            if singles == 2 { return .float(m[ranges[0].lowerBound, ranges[1].lowerBound]) }
            return .matrix(try m.slice(rows: ranges[0], cols: ranges[1]))
        case .record:
            throw error("index a record with a string key or '.name'", at: at)
        default:
            throw error("\(withArticle(base.typeName)) cannot be indexed", at: at)
        }
    }

    func member(_ base: Value, _ name: String, at: SourceLocation) throws -> Value {
        switch base {
        case .matrix(let m):
            switch name {
            case "T": return .matrix(m.transposed)
            case "shape": return .list([.int(m.rows), .int(m.cols)])
            case "rows": return .int(m.rows)
            case "cols": return .int(m.cols)
            case "size": return .int(m.count)
            default:
                throw noMember(name, of: base, among: ["T", "shape", "rows", "cols", "size"], at: at)
            }
        case .record(let r):
            if let value = r[name] { return value }
            throw noMember(name, of: base, among: r.keys, at: at)
        case .object(let o):
            if let value = o.member(name) { return value }
            if let model = o as? ModelObject, let unbuilt = model.notYetBuilt(name) {
                throw error(unbuilt.message, at: at, notes: unbuilt.notes)
            }
            throw noMember(name, of: base, among: o.memberNames, at: at)
        case .list(let items) where name == "length":
            return .int(items.count)
        default:
            throw error("\(withArticle(base.typeName)) has no field '\(name)'", at: at)
        }
    }

    private func noMember(_ name: String, of base: Value, among names: [String], at: SourceLocation) -> Diagnostic {
        var notes: [String] = []
        if let match = Suggestions.closest(to: name, in: names) {
            notes.append("did you mean '\(match)'?")
        }
        if !names.isEmpty { notes.append("fields: \(names.joined(separator: ", "))") }
        return error("\(withArticle(base.typeName)) has no field '\(name)'", at: at, notes: notes)
    }

    /// Prints the report of a command used as a statement (`gradcheck …`, `evaluate …`).
    func reportCommandResult(_ expr: Expr, _ value: Value) throws {
        switch expr {
        case .gradcheck, .diagnose, .evaluate:
            if case .record(let r) = value, case .string(let report)? = r["report"] {
                try write(report + "\n")
            } else {
                try write(try printed(value, at: expr.location) + "\n")
            }
        default:
            break
        }
    }
}
