import DNNCore

/// Builtins over models: construction, accuracy, cost, predictions.
enum ModelBuiltins {
    static func fn(_ name: String, _ params: [String], optional: [String] = [],
                   _ body: @escaping (inout CallContext) throws -> Value) -> Builtin {
        Builtins.fn(name, params, optional: optional, body)
    }

    static var all: [Builtin] {
        [
            fn("model", ["network"], optional: ["init", "inputs"]) { c in
                guard case .object(let o)? = c.value("network"), let spec = o as? NetworkObject else {
                    throw c.typeError("network", expected: "a network (declared with 'network NAME { … }')")
                }
                let initializer = try c.value("init").map { try c.interpreter.initializer($0, at: c.location("init")) } ?? .he
                let model = ModelObject(name: spec.name, spec: spec, initializer: initializer, network: nil)
                if let inputs = c.has("inputs") ? try c.int("inputs") : spec.inputSize {
                    try c.interpreter.build(model, inputs: inputs, at: c.at)
                }
                return .object(model)
            },
            fn("accuracy", ["model", "data"]) { c in
                let (model, data) = try modelAndData(&c)
                try c.interpreter.requireExamples(data, for: "accuracy is", at: c.location("data"))
                return .float(try c.interpreter.engine(at: c.at) { try model.accuracy(data.X, data.Y) })
            },
            fn("cost", ["model", "data"], optional: ["regularizer"]) { c in
                let (model, data) = try modelAndData(&c)
                try c.interpreter.requireExamples(data, for: "cost is", at: c.location("data"))
                var regularizer = Regularizer.none
                if let r = c.value("regularizer") {
                    // Dropout and early stopping change training, not J: refused, not ignored.
                    guard let penalty = try c.interpreter.weightPenalty(r, at: c.location("regularizer")) else {
                        throw c.error("cost() takes an l2 or l1 regularizer (or none), got \(r.repr(upTo: 80))", "regularizer",
                                      notes: ["the cost is computed in inference mode, without dropout"])
                    }
                    regularizer = penalty
                }
                return .float(try c.interpreter.engine(at: c.at) { try model.cost(data.X, data.Y, regularizer: regularizer) })
            },
            fn("forward", ["model", "X"]) { c in
                let model = try c.interpreter.model(try c.argument("model"), at: c.location("model"))
                let x = try c.matrix("X")
                let network = try c.interpreter.built(model, inputs: x.rows, at: c.at)
                return .matrix(try c.interpreter.engine(at: c.at) { try network.forward(x) })
            },
            fn("predict", ["model", "X"]) { c in
                let model = try c.interpreter.model(try c.argument("model"), at: c.location("model"))
                var x: Matrix
                if case .object(let o as DatasetObject)? = c.value("X") { x = o.dataset.X } else { x = try c.matrix("X") }
                let network = try c.interpreter.built(model, inputs: x.rows, at: c.at)
                return .matrix(try c.interpreter.engine(at: c.at) { try network.predict(x) })
            },
            fn("confusion", ["model", "data"]) { c in
                let (model, data) = try modelAndData(&c)
                return .matrix(try c.interpreter.engine(at: c.at) { try model.confusionMatrix(data.X, data.Y) })
            },
            fn("layer_stats", ["model", "data"]) { c in
                let (model, data) = try modelAndData(&c)
                let stats = try c.interpreter.engine(at: c.at) { try LayerStatistics.measure(model, x: data.X, y: data.Y) }
                return .list(stats.map { s in
                    .record(Record([
                        ("layer", .int(s.layer)), ("units", .int(s.units)),
                        ("activation_mean", .float(s.activationMean)), ("activation_std", .float(s.activationStd)),
                        ("activation_mean_abs", .float(s.activationMeanAbs)), ("weight_std", .float(s.weightStd)),
                        ("gradient_norm", .float(s.gradientNorm)), ("gradient_mean_abs", .float(s.gradientMeanAbs)),
                        ("weight_gradient_norm", .float(s.weightGradientNorm)),
                    ]))
                })
            },
            fn("derivative", ["f", "at"], optional: ["epsilon", "two_sided"]) { c in
                let f = try c.argument("f")
                let theta = try c.double("at")
                let epsilon = try c.double("epsilon", default: 0.01)
                guard epsilon > 0, epsilon.isFinite else { throw c.error("epsilon must be a number > 0", "epsilon") }
                let twoSided = try c.bool("two_sided", default: true)
                let interpreter = c.interpreter, at = c.at, fAt = c.location("f")
                return .float(try GradientCheck.numericalDerivative({ x in
                    let y = try interpreter.call(f, [CallArgument(label: nil, value: .float(x), at: at)], at: at, calleeAt: fAt)
                    guard let number = y.number else {
                        throw interpreter.error("derivative(): the function must return a number, got \(withArticle(y.typeName))", at: fAt)
                    }
                    return number
                }, at: theta, epsilon: epsilon, twoSided: twoSided))
            },
            fn("diagnosis", ["train_error", "dev_error"], optional: ["human_error", "tolerance"]) { c in
                let d = try c.interpreter.engine(at: c.at) {
                    try Diagnosis(trainError: try c.double("train_error"), devError: try c.double("dev_error"),
                                  humanError: try c.double("human_error", default: 0),
                                  tolerance: try c.double("tolerance", default: Diagnosis.defaultTolerance))
                }
                return Interpreter.diagnosisValue(d)
            },
        ]
    }

    /// The built network of the `model` argument and the `data` argument's dataset.
    static func modelAndData(_ c: inout CallContext) throws -> (Network, Dataset) {
        let model = try c.interpreter.model(try c.argument("model"), at: c.location("model"))
        let data = try c.interpreter.dataset(try c.argument("data"), at: c.location("data"))
        return (try c.interpreter.built(model, inputs: data.featureCount, at: c.at), data)
    }
}
