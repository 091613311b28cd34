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
                let initializer = c.has("init")
                    ? try c.interpreter.initializer(c.value("init")!, at: c.location("init")).engineInitializer
                    : .he
                let model = ModelObject(name: spec.name, spec: spec, initializer: initializer, network: nil)
                if let inputs = c.has("inputs") ? try c.int("inputs") : spec.inputSize {
                    try c.interpreter.build(model, inputs: inputs, at: c.at)
                }
                return .object(model)
            },
            fn("accuracy", ["model", "data"]) { c in
                let (model, data) = try modelAndData(&c)
                return .float(try c.interpreter.engine(at: c.at) { try model.accuracy(data.X, data.Y) })
            },
            fn("cost", ["model", "data"], optional: ["regularizer"]) { c in
                let (model, data) = try modelAndData(&c)
                var regularizer = Regularizer.none
                if let r = c.value("regularizer") {
                    regularizer = try c.interpreter.weightPenalty(r, at: c.location("regularizer")) ?? .none
                }
                return .float(try c.interpreter.engine(at: c.at) { try model.cost(data.X, data.Y, regularizer: regularizer) })
            },
            fn("forward", ["model", "X"]) { c in
                let model = try c.interpreter.model(c.value("model")!, at: c.location("model"))
                let x = try c.matrix("X")
                let network = try c.interpreter.built(model, inputs: x.rows, at: c.at)
                return .matrix(try c.interpreter.engine(at: c.at) { try network.forward(x) })
            },
            fn("predict", ["model", "X"]) { c in
                let model = try c.interpreter.model(c.value("model")!, at: c.location("model"))
                var x: Matrix
                if case .object(let o as DatasetObject)? = c.value("X") { x = o.dataset.X } else { x = try c.matrix("X") }
                let network = try c.interpreter.built(model, inputs: x.rows, at: c.at)
                return .matrix(try c.interpreter.engine(at: c.at) { try network.predict(x) })
            },
            fn("confusion", ["model", "data"]) { c in
                let (model, data) = try modelAndData(&c)
                return .matrix(try c.interpreter.engine(at: c.at) { try model.confusionMatrix(data.X, data.Y) })
            },
            fn("diagnosis", ["train_error", "dev_error"], optional: ["human_error"]) { c in
                let d = try c.interpreter.engine(at: c.at) {
                    try Diagnosis(trainError: try c.double("train_error"), devError: try c.double("dev_error"),
                                  humanError: try c.double("human_error", default: 0))
                }
                return Interpreter.diagnosisValue(d)
            },
        ]
    }

    /// The built network of the `model` argument and the `data` argument's dataset.
    static func modelAndData(_ c: inout CallContext) throws -> (Network, Dataset) {
        let model = try c.interpreter.model(c.value("model")!, at: c.location("model"))
        let data = try c.interpreter.dataset(c.value("data")!, at: c.location("data"))
        return (try c.interpreter.built(model, inputs: data.featureCount, at: c.at), data)
    }
}
