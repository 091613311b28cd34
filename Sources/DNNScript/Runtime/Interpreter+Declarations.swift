import DNNCore

extension Interpreter {
    func datasetDeclaration(name: String, _ valueExpr: Expr, in env: Environment) throws -> Value {
        let value = try evaluate(valueExpr, in: env)
        guard case .object(let object) = value, let data = object as? DatasetObject else {
            throw error("a dataset declaration needs a dataset, got \(withArticle(value.typeName))", at: valueExpr.location,
                        notes: ["datasets come from circles(…), moons(…), csv(…), mat(…), split(…), dataset(X, Y)"])
        }
        var renamed = data.dataset
        renamed.name = name
        return .object(DatasetObject(renamed))
    }

    func regularizerDeclaration(name: String, _ valueExpr: Expr, in env: Environment) throws -> Value {
        let value = try evaluate(valueExpr, in: env)
        guard case .object(let object) = value, object is RegularizerObject else {
            throw error("a regularizer declaration needs a regularizer, got \(withArticle(value.typeName))", at: valueExpr.location,
                        notes: ["regularizers: l2(λ), l1(λ), dropout(keep_prob), early_stopping(patience: n)"])
        }
        return value
    }

    func optimizerDeclaration(name: String, _ valueExpr: Expr, in env: Environment) throws -> Value {
        let value = try evaluate(valueExpr, in: env)
        guard let optimizer = OptimizerObject.optimizer(from: value) else {
            throw error("an optimizer declaration needs an optimizer, got \(withArticle(value.typeName))", at: valueExpr.location,
                        notes: [OptimizerObject.valuesNote])
        }
        return .object(OptimizerObject(optimizer))
    }

    /// Turns `zeros`, `random`, `random(scale: 10)`, `he`, … (or their names as strings) into
    /// the engine's initializer; an unknown name is an error with a did-you-mean.
    func initializer(_ value: Value, at: SourceLocation) throws -> Initializer {
        let names = Initializer.names
        switch value {
        case .object(let o as InitializerObject): return o.initializer
        case .builtin(let b) where names.contains(b.name):
            if let initializer = InitializerObject.named(b.name) { return initializer }
        case .string(let s):
            if let initializer = InitializerObject.named(s) { return initializer }
            let note = Suggestions.note(for: s, in: names, listing: "initializers")
            throw error("unknown initializer '\(s)'", at: at, notes: note.map { [$0] } ?? [])
        default: break
        }
        throw error("expected an initializer, got \(withArticle(value.typeName))", at: at,
                    notes: ["initializers: \(names.joined(separator: ", "))"])
    }

    func networkDeclaration(name: String, layers: [LayerDecl], at: SourceLocation, in env: Environment) throws -> Value {
        var specs: [LayerSpec] = []
        var dropoutAt: [Int: SourceLocation] = [:]
        var inputSize: Int?
        func size(_ expr: Expr, what: String) throws -> Int {
            let v = try evaluate(expr, in: env)
            guard case .int(let n) = v else { throw error("\(what) must be an int, got \(withArticle(v.typeName))", at: expr.location) }
            guard n >= 1, n <= NetworkObject.maxUnits else {
                throw error("\(what) must be between 1 and \(NetworkObject.maxUnits), got \(n)", at: expr.location)
            }
            return n
        }
        for layer in layers {
            switch layer {
            case .input(let sizeExpr, let layerAt):
                guard specs.isEmpty, inputSize == nil else {
                    throw error("'input' must be the first line of a network", at: layerAt)
                }
                inputSize = try size(sizeExpr, what: "the input size")
            case .dropout(let keepExpr, let layerAt):
                let v = try evaluate(keepExpr, in: env)
                guard let keep = v.number else { throw error("keep_prob must be a number, got \(withArticle(v.typeName))", at: keepExpr.location) }
                guard keep > 0, keep <= 1 else {
                    throw error("keep_prob must be in (0, 1], got \(PythonFormat.repr(keep))", at: keepExpr.location,
                                notes: ["keep_prob is the fraction of units kept (the course's convention), not the fraction dropped"])
                }
                guard !specs.isEmpty else {
                    throw error("dropout must follow a dense layer", at: layerAt)
                }
                specs[specs.count - 1].keepProb = keep
                dropoutAt[specs.count - 1] = layerAt
            case .dense(let unitsExpr, let activationName, let activationAt, let options, let layerAt):
                let units = try size(unitsExpr, what: "the number of units")
                guard let activationName else {
                    throw error("a dense layer needs an activation", at: layerAt,
                                notes: ["write e.g. 'dense \(units) relu' (activations: \(NetworkObject.activations.joined(separator: ", ")))"])
                }
                guard let activation = Activation(rawValue: activationName) else {
                    let note = Suggestions.note(for: activationName, in: NetworkObject.activations, listing: "activations")
                    throw error("unknown activation '\(activationName)'", at: activationAt ?? layerAt, notes: note.map { [$0] } ?? [])
                }
                var initializer: Initializer?
                for option in options {
                    guard let label = option.label, let spec = CommandOptions.dense[label] else {
                        let (message, notes) = CommandOptions.dense.unknown(option.label ?? "")
                        throw error(message, at: option.labelAt ?? option.value.location, notes: notes)
                    }
                    let value = try evaluate(option.value, in: env)
                    try checkOption(spec, value, at: option.value.location)
                    initializer = try self.initializer(value, at: option.value.location)
                }
                specs.append(LayerSpec(units: units, activation: activation, initializer: initializer))
            }
        }
        guard !specs.isEmpty else {
            throw error("network '\(name)' has no dense layer", at: at)
        }
        return .object(NetworkObject(name: name, inputSize: inputSize, layers: specs, dropoutAt: dropoutAt))
    }
}
