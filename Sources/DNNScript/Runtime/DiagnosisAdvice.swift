import DNNCore

/// The basic recipe's steps in the language's words: each names the `train` option or the
/// builtin that takes it, so `diagnose` never suggests what the language lacks.
extension Diagnosis.Step {
    var advice: String {
        switch self {
        case .biggerNetwork: return "a bigger network: more units in each `dense` layer, or more `dense` layers"
        case .trainLonger: return "train longer: more `iterations:` (or `epochs:`) in `train`"
        case .betterOptimizer: return "a better optimizer: `optimizer: adam` (or `momentum`, `rmsprop`) in `train`"
        case .moreData: return "more data: more training examples, or copies made with `augment(train, mirror:, rotate:, jitter:)`"
        case .regularization: return "regularization: `regularizer: l2(λ)` or `dropout(keep_prob)` in `train`, or `early_stopping(patience: N)` with `dev:`"
        }
    }

    /// The `train` options and the builtins the advice names (DiagnosisAdviceTests checks
    /// that each exists).
    var names: (trainOptions: [String], builtins: [String]) {
        switch self {
        case .biggerNetwork: return ([], [])
        case .trainLonger: return (["iterations", "epochs"], [])
        case .betterOptimizer: return (["optimizer"], ["adam", "momentum", "rmsprop"])
        case .moreData: return ([], ["augment"])
        case .regularization: return (["regularizer", "dev"], ["l2", "dropout", "early_stopping"])
        }
    }
}

extension Interpreter {
    /// The record `diagnose` prints and `diagnosis(…)` returns.
    static func diagnosisValue(_ d: Diagnosis) -> Value {
        func percent(_ x: Double) -> String { PythonFormat.repr(Builtins.roundHalfEven(x * 100, digits: 2)) + "%" }
        let larger: String
        switch d.larger {
        case .avoidableBias: larger = "the avoidable bias is larger"
        case .variance: larger = "the variance is larger"
        case .neither: larger = "neither is larger"
        }
        var advice = d.steps.map(\.advice)
        if advice.isEmpty {
            advice = ["done: train error within \(percent(d.tolerance)) of human level, dev error within \(percent(d.tolerance)) of train error"]
        }
        // Lines without a final newline, like every string: `print d.report` adds it.
        let report = ([
            "train error \(percent(d.trainError)), dev error \(percent(d.devError)), human-level error \(percent(d.humanError))",
            "avoidable bias \(percent(d.avoidableBias)) (train − human), variance \(percent(d.variance)) (dev − train): \(larger)",
            "diagnosis: \(d.diagnosis.rawValue) (a gap of more than \(percent(d.tolerance)) is high)",
        ] + advice.map { "  - \($0)" }).joined(separator: "\n")
        return .record(Record([
            ("diagnosis", .string(d.diagnosis.rawValue)), ("train_error", .float(d.trainError)),
            ("dev_error", .float(d.devError)), ("human_error", .float(d.humanError)),
            ("avoidable_bias", .float(d.avoidableBias)), ("variance", .float(d.variance)),
            ("larger", .string(d.larger.rawValue)), ("tolerance", .float(d.tolerance)),
            ("advice", .list(advice.map(Value.string))), ("report", .string(report)),
        ]))
    }
}
