import DNNCore
import Foundation

/// An optimizer value: `gd`, `momentum(beta: 0.9)`, `rmsprop(…)`, `adam(…)`. It prints as
/// the engine describes it.
final class OptimizerObject: ScriptObject {
    let optimizer: Optimizer
    init(_ optimizer: Optimizer) { self.optimizer = optimizer }

    /// The optimizer a value stands for: an optimizer value, or a builtin's bare name
    /// (`optimizer: adam` is `adam()`, the lecture's defaults); nil for anything else.
    static func optimizer(from value: Value) -> Optimizer? {
        switch value {
        case .object(let o as OptimizerObject): return o.optimizer
        case .builtin(let b):
            return [Optimizer.momentum(), .rmsprop(), .adam()].first { $0.name == b.name }
        default: return nil
        }
    }

    /// What a message lists as the optimizers.
    static let valuesNote = "optimizers: gd, momentum(beta: 0.9), rmsprop(beta: 0.999, epsilon: 1e-8), adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)"

    var typeName: String { "optimizer" }
    var display: String { optimizer.description }
    var memberNames: [String] { ["name", "beta", "beta1", "beta2", "epsilon"] }
    func member(_ name: String) -> Value? {
        switch (name, optimizer) {
        case ("name", _): return .string(optimizer.name)
        case ("beta", .momentum(let b)), ("beta", .rmsprop(let b, _)): return .float(b)
        case ("beta1", .adam(let b, _, _)), ("beta2", .adam(_, let b, _)): return .float(b)
        case ("epsilon", .rmsprop(_, let e)), ("epsilon", .adam(_, _, let e)): return .float(e)
        default: return nil
        }
    }
}

/// A learning-rate decay value: `inverse(…)`, `schedule(…)`, `exponential(…)`. A user
/// function `fn f(lr0, epoch)` is a decay too; `train` wraps it.
final class DecayObject: ScriptObject {
    let decay: LearningRateDecay
    init(_ decay: LearningRateDecay) { self.decay = decay }

    var typeName: String { "learning-rate decay" }
    var display: String {
        switch decay {
        case .inverse(let r): return "inverse(decay_rate: \(PythonFormat.repr(r)))"
        case .schedule(let r, let interval): return "schedule(decay_rate: \(PythonFormat.repr(r)), interval: \(interval))"
        case .exponential(let r): return "exponential(rate: \(PythonFormat.repr(r)))"
        case .custom: return "custom"
        }
    }
    var memberNames: [String] { ["decay_rate", "interval", "rate"] }
    func member(_ name: String) -> Value? {
        switch (name, decay) {
        case ("decay_rate", .inverse(let r)), ("decay_rate", .schedule(let r, _)), ("rate", .exponential(let r)): return .float(r)
        case ("interval", .schedule(_, let n)): return .int(n)
        default: return nil
        }
    }
}

/// Builtins of Week 2: optimizers with the lecture's defaults, learning-rate decays and
/// exponentially weighted averages. Hyperparameters are checked here, at the argument, so
/// a bad β or ε is a located error before any `train`.
enum OptimizerBuiltins {
    static var constants: [(String, Value)] { [("gd", .object(OptimizerObject(.gd)))] }

    static var all: [Builtin] {
        [
            optimizer("momentum", ["beta"], bare: .momentum()) { c in
                .momentum(beta: try beta(c, "beta", default: 0.9))
            },
            optimizer("rmsprop", ["beta", "epsilon"], bare: .rmsprop()) { c in
                .rmsprop(beta: try beta(c, "beta", default: 0.999), epsilon: try epsilon(c))
            },
            optimizer("adam", ["beta1", "beta2", "epsilon"], bare: .adam()) { c in
                .adam(beta1: try beta(c, "beta1", default: 0.9), beta2: try beta(c, "beta2", default: 0.999), epsilon: try epsilon(c))
            },
            Builtins.fn("inverse", [], optional: ["decay_rate"]) { c in
                .object(DecayObject(.inverse(decayRate: try decayRate(c))))
            },
            Builtins.fn("schedule", [], optional: ["decay_rate", "interval"]) { c in
                let interval = try c.int("interval", default: 1000)
                guard interval >= 1 else { throw c.error("interval must be at least 1, got \(interval)", "interval") }
                return .object(DecayObject(.schedule(decayRate: try decayRate(c), interval: interval)))
            },
            Builtins.fn("exponential", [], optional: ["rate"]) { c in
                let rate = try c.double("rate", default: 0.95)
                guard rate > 0, rate <= 1 else { throw c.error("rate must be in (0, 1], got \(PythonFormat.repr(rate))", "rate") }
                return .object(DecayObject(.exponential(rate: rate)))
            },
            Builtins.fn("ewa", ["values"], optional: ["beta", "bias_correction"]) { c in
                let beta = try beta(c, "beta", default: 0.9)
                let corrected = try c.bool("bias_correction", default: false)
                switch try c.argument("values") {
                case .list(let items):
                    let xs = try items.enumerated().map { index, item -> Double in
                        guard let x = item.number else { throw c.error("ewa() averages numbers, got \(withArticle(item.typeName)) at index \(index)", "values") }
                        return x
                    }
                    return .list(average(xs, beta: beta, biasCorrection: corrected).map(Value.float))
                case .matrix(let m):
                    return .matrix(try c.shaped { try Matrix(rows: m.rows, cols: m.cols, values: average(m.values, beta: beta, biasCorrection: corrected)) })
                default: throw c.typeError("values", expected: "a list of numbers or a matrix")
                }
            },
        ]
    }

    /// The lecture's exponentially weighted average v_t = β·v_{t−1} + (1 − β)·θ_t from
    /// v_0 = 0, with bias correction v_t / (1 − β^t) (t from 1), in numpy's order of operations.
    static func average(_ values: [Double], beta: Double, biasCorrection: Bool) -> [Double] {
        var v = 0.0
        return values.enumerated().map { index, theta in
            v = beta * v + (1 - beta) * theta
            return biasCorrection ? v / (1 - pow(beta, Double(index + 1))) : v
        }
    }

    /// An optimizer builtin; its bare name (`optimizer: adam`) stands for `bare`, the
    /// lecture's defaults, and prints as that.
    static func optimizer(_ name: String, _ params: [String], bare: Optimizer,
                          _ make: @escaping (CallContext) throws -> Optimizer) -> Builtin {
        Builtin(name: name, parameters: params.map { Builtin.Param($0, optional: true) }, display: bare.description) { c in
            .object(OptimizerObject(try make(c)))
        }
    }

    /// A β of an average: in [0, 1), as the lecture's 1/(1 − β) needs.
    static func beta(_ c: CallContext, _ name: String, default fallback: Double) throws -> Double {
        let b = try c.double(name, default: fallback)
        guard b >= 0, b < 1 else { throw c.error("\(name) must be in [0, 1), got \(PythonFormat.repr(b))", name) }
        return b
    }

    static func epsilon(_ c: CallContext) throws -> Double {
        let e = try c.double("epsilon", default: 1e-8)
        guard e > 0, e.isFinite else { throw c.error("epsilon must be a finite number > 0, got \(PythonFormat.repr(e))", "epsilon") }
        return e
    }

    static func decayRate(_ c: CallContext) throws -> Double {
        let r = try c.double("decay_rate", default: 1)
        guard r >= 0, r.isFinite else { throw c.error("decay_rate must be a finite number ≥ 0, got \(PythonFormat.repr(r))", "decay_rate") }
        return r
    }
}
