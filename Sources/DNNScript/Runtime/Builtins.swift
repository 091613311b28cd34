import DNNCore
import Foundation

/// The functions and constants every script starts with.
enum Builtins {
    static func fn(_ name: String, _ params: [String], optional: [String] = [], variadic: Bool = false,
                   _ body: @escaping (inout CallContext) throws -> Value) -> Builtin {
        Builtin(name: name,
                parameters: params.map { Builtin.Param($0) } + optional.map { Builtin.Param($0, optional: true) },
                variadic: variadic, display: nil, body: body)
    }

    static var all: [Builtin] { general + math + MatrixBuiltins.all + EngineBuiltins.all + OptimizerBuiltins.all + CourseBuiltins.all }

    static var constants: [(String, Value)] {
        [("pi", .float(Double.pi)), ("e", .float(M_E)), ("inf", .float(.infinity)), ("nan", .float(.nan))]
            + EngineBuiltins.constants + OptimizerBuiltins.constants
    }

    /// The names of every builtin function and constant (for the checker and did-you-mean).
    static var names: [String] { all.map(\.name) + constants.map(\.0) + ["args"] }

    static var general: [Builtin] {
        [
            fn("len", ["x"]) { c in
                switch try c.argument("x") {
                case .list(let items): return .int(items.count)
                case .string(let s): return .int(s.count)
                case .record(let r): return .int(r.keys.count)
                case .range(let a, let b):
                    let (n, overflow) = b.subtractingReportingOverflow(a)
                    guard !overflow else { throw c.error("range too long", "x") }
                    return .int(max(0, n))
                case .matrix(let m): return .int(m.rows)
                default: throw c.typeError("x", expected: "a list, string, record, range or matrix")
                }
            },
            fn("str", ["x"]) { c in .string(try c.interpreter.printed(try c.argument("x"), at: c.location("x"))) },
            fn("repr", ["x"]) { c in .string(try c.interpreter.printed(try c.argument("x"), at: c.location("x"), quoted: true)) },
            fn("type", ["x"]) { c in
                let v = try c.argument("x")
                if case .matrix = v { return .string("matrix") }
                return .string(v.typeName)
            },
            fn("int", ["x"]) { c in
                switch try c.argument("x") {
                case .int(let i): return .int(i)
                case .bool(let b): return .int(b ? 1 : 0)
                case .float(let d):
                    guard d.isFinite, let i = Int(exactly: d.rounded(.towardZero)) else {
                        throw c.error("cannot convert \(PythonFormat.repr(d)) to an int", "x")
                    }
                    return .int(i)
                case .string(let s):
                    guard let i = Int(s.trimmingCharacters(in: .whitespaces)) else {
                        throw c.error("cannot convert \"\(s)\" to an int", "x")
                    }
                    return .int(i)
                default: throw c.typeError("x", expected: "a number or string")
                }
            },
            fn("float", ["x"]) { c in
                switch try c.argument("x") {
                case .int(let i): return .float(Double(i))
                case .float(let d): return .float(d)
                case .bool(let b): return .float(b ? 1 : 0)
                case .string(let s):
                    let t = s.trimmingCharacters(in: .whitespaces)
                    guard let d = Double(t) ?? (["inf", "+inf"].contains(t) ? .infinity : t == "-inf" ? -.infinity : t == "nan" ? .nan : nil) else {
                        throw c.error("cannot convert \"\(s)\" to a float", "x")
                    }
                    return .float(d)
                case .matrix(let m) where m.count == 1: return .float(m.values[0])
                default: throw c.typeError("x", expected: "a number, string or 1×1 matrix")
                }
            },
            fn("round", ["x"], optional: ["digits"]) { c in
                let digits = try c.int("digits", default: 0)
                switch try c.argument("x") {
                case .int(let i): return .int(i)
                case .float(let d):
                    guard d.isFinite else { return .float(d) }
                    if !c.has("digits") {
                        let r = d.rounded(.toNearestOrEven)
                        guard let i = Int(exactly: r) else { return .float(r) }
                        return .int(i)
                    }
                    return .float(roundHalfEven(d, digits: digits))
                case .matrix(let m): return .matrix(m.map { numpyRound($0, digits: digits) })
                default: throw c.typeError("x", expected: "a number or matrix")
                }
            },
            fn("range", ["start"], optional: ["stop", "step"]) { c in
                var start = try c.int("start"), stop = 0
                if c.has("stop") { stop = try c.int("stop") } else { swap(&start, &stop) }
                let step = try c.int("step", default: 1)
                guard step != 0 else { throw c.error("range() step must not be zero", "step") }
                if step == 1 { return .range(start, stop) }
                let span = Double(stop) - Double(start)
                guard span / Double(step) <= 10_000_000 else { throw c.error("range() of that many items is too large") }
                return .list(Swift.stride(from: start, to: stop, by: step).map(Value.int))
            },
            fn("list", ["x"]) { c in
                switch try c.argument("x") {
                case .list(let items): return .list(items)
                case .range(let a, let b):
                    guard Double(b) - Double(a) <= 10_000_000 else { throw c.error("range too large for a list", "x") }
                    return .list((a..<max(a, b)).map(Value.int))
                case .string(let s): return .list(s.map { .string(String($0)) })
                case .record(let r): return .list(r.keys.map(Value.string))
                case .matrix(let m): return .list(m.values.map(Value.float))
                default: throw c.typeError("x", expected: "a list, range, string, record or matrix")
                }
            },
            fn("append", ["list", "item"]) { c in
                guard case .list(var items) = try c.argument("list") else { throw c.typeError("list", expected: "a list") }
                let item = try c.argument("item")
                guard item.nesting() < Value.maxNesting else {
                    throw c.error("lists and records nested more than \(Value.maxNesting) deep", "item")
                }
                items.append(item)
                return .list(items)
            },
            fn("keys", ["record"]) { c in
                guard case .record(let r) = try c.argument("record") else { throw c.typeError("record", expected: "a record") }
                return .list(r.keys.map(Value.string))
            },
            fn("has", ["record", "key"]) { c in
                guard case .record(let r) = try c.argument("record") else { throw c.typeError("record", expected: "a record") }
                return .bool(r[try c.string("key")] != nil)
            },
            fn("min", [], variadic: true) { c in try extremum(&c, largest: false) },
            fn("max", [], variadic: true) { c in try extremum(&c, largest: true) },
            fn("isnan", ["x"]) { c in .bool(try c.double("x").isNaN) },
            fn("isinf", ["x"]) { c in .bool(try c.double("x").isInfinite) },
        ]
    }

    static func roundHalfEven(_ x: Double, digits: Int) -> Double {
        guard x.isFinite, digits >= -308, digits <= 308 else { return x }
        if digits >= 0 {
            // Like Python: round the exact binary value to `digits` decimals (printf does that).
            return Double(String(format: "%.\(min(digits, 340))f", x)) ?? x
        }
        let scale = Foundation.pow(10.0, Double(-digits))
        return (x / scale).rounded(.toNearestOrEven) * scale
    }

    /// `np.round`: scale by 10^digits, round half to even, scale back (unlike Python's
    /// `round`, which rounds the exact decimal value: np.round(2.675, 2) is 2.68).
    static func numpyRound(_ x: Double, digits: Int) -> Double {
        guard x.isFinite, digits >= -308, digits <= 308 else { return x }
        if digits >= 0 {
            let scale = Foundation.pow(10.0, Double(digits))
            return (x * scale).rounded(.toNearestOrEven) / scale
        }
        let scale = Foundation.pow(10.0, Double(-digits))
        return (x / scale).rounded(.toNearestOrEven) * scale
    }

    static func extremum(_ c: inout CallContext, largest: Bool) throws -> Value {
        var items = c.rest.map(\.value)
        if items.count == 1 {
            switch items[0] {
            case .list(let list): items = list
            case .range(let a, let b): items = a < b ? [.int(largest ? b - 1 : a)] : []
            case .matrix(let m):
                do { return .float(largest ? try m.max() : try m.min()) } catch let e as MatrixError {
                    throw c.interpreter.matrixError(e, at: c.at)
                }
            default: break
            }
        }
        guard var best = items.first else {
            throw c.error("\(largest ? "max" : "min")() of nothing", notes: ["give numbers, a list or a matrix"])
        }
        for item in items {
            guard let x = item.number, let b = best.number else {
                throw c.error("\(largest ? "max" : "min")() needs numbers, got \(withArticle(item.number == nil ? item.typeName : best.typeName))")
            }
            if x.isNaN { return item }
            if largest ? x > b : x < b { best = item }
        }
        return best
    }

    /// Applies a function to a number (giving a float) or to each entry of a matrix.
    static func elementwise(_ name: String, _ scalar: @escaping (Double) -> Double,
                            _ matrix: @escaping (Matrix) -> Matrix) -> Builtin {
        fn(name, ["x"]) { c in
            switch try c.argument("x") {
            case .int(let i): return .float(scalar(Double(i)))
            case .float(let x): return .float(scalar(x))
            case .matrix(let m): return .matrix(matrix(m))
            default: throw c.typeError("x", expected: "a number or matrix")
            }
        }
    }

    static var math: [Builtin] {
        [
            elementwise("log", { Foundation.log($0) }, { $0.log() }),
            elementwise("exp", { Foundation.exp($0) }, { $0.exp() }),
            elementwise("sqrt", { Foundation.sqrt($0) }, { $0.sqrt() }),
            elementwise("tanh", { Foundation.tanh($0) }, { $0.tanh() }),
            elementwise("sigmoid", { 1 / (1 + Foundation.exp(-$0)) }, { $0.sigmoid() }),
            elementwise("relu", { $0.isNaN ? $0 : Swift.max(0, $0) }, { $0.relu() }),
            elementwise("floor", { $0.rounded(.down) }, { $0.map { $0.rounded(.down) } }),
            elementwise("ceil", { $0.rounded(.up) }, { $0.map { $0.rounded(.up) } }),
            elementwise("sign", { $0.isNaN ? $0 : ($0 > 0 ? 1 : ($0 < 0 ? -1 : 0)) }, { $0.sign() }),
            fn("abs", ["x"]) { c in
                switch try c.argument("x") {
                case .int(let i):
                    guard i != Int.min else { throw c.error("integer overflow in abs()", "x") }
                    return .int(Swift.abs(i))
                case .float(let d): return .float(Swift.abs(d))
                case .matrix(let m): return .matrix(m.abs())
                default: throw c.typeError("x", expected: "a number or matrix")
                }
            },
        ]
    }
}
