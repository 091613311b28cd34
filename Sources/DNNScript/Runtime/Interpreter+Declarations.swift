import DNNCore

extension Interpreter {
    func datasetDeclaration(name: String, _ valueExpr: Expr, in env: Environment) throws -> Value {
        let value = try evaluate(valueExpr, in: env)
        guard case .object(let object) = value, let data = object as? DatasetObject else {
            throw error("a dataset declaration needs a dataset, got \(value.typeName)", at: valueExpr.location,
                        notes: ["datasets come from circles(…), moons(…), csv(…), mat(…), split(…), dataset(X, Y)"])
        }
        var renamed = data.dataset
        renamed.name = name
        return .object(DatasetObject(renamed))
    }

    func regularizerDeclaration(name: String, _ valueExpr: Expr, in env: Environment) throws -> Value {
        let value = try evaluate(valueExpr, in: env)
        guard case .object(let object) = value, object is RegularizerObject else {
            throw error("a regularizer declaration needs a regularizer, got \(value.typeName)", at: valueExpr.location,
                        notes: ["regularizers: l2(λ), l1(λ), dropout(keep_prob), early_stopping(patience: n)"])
        }
        return value
    }

    /// Turns `zeros`, `random`, `random(scale: 10)`, `he`, … into an initializer.
    func initializer(_ value: Value, at: SourceLocation) throws -> InitializerObject {
        switch value {
        case .object(let o as InitializerObject): return o
        case .builtin(let b) where b.name == "zeros": return InitializerObject(name: "zeros")
        case .builtin(let b) where b.name == "random":
            return InitializerObject(name: "random", scale: InitializerObject.defaultRandomScale)
        case .string(let s) where InitializerObject.names.contains(s):
            return s == "random" ? InitializerObject(name: s, scale: InitializerObject.defaultRandomScale) : InitializerObject(name: s)
        default:
            throw error("expected an initializer, got \(value.typeName)", at: at,
                        notes: ["initializers: \(InitializerObject.names.joined(separator: ", "))"])
        }
    }

    func networkDeclaration(name: String, layers: [LayerDecl], at: SourceLocation, in env: Environment) throws -> Value {
        var specs: [LayerLine] = []
        var inputSize: Int?
        func size(_ expr: Expr, what: String) throws -> Int {
            let v = try evaluate(expr, in: env)
            guard case .int(let n) = v else { throw error("\(what) must be an int, got \(v.typeName)", at: expr.location) }
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
                guard let keep = v.number else { throw error("keep_prob must be a number, got \(v.typeName)", at: keepExpr.location) }
                guard keep > 0, keep <= 1 else {
                    throw error("keep_prob must be in (0, 1], got \(PythonFormat.repr(keep))", at: keepExpr.location,
                                notes: ["keep_prob is the fraction of units kept (the course's convention), not the fraction dropped"])
                }
                guard !specs.isEmpty else {
                    throw error("dropout must follow a dense layer", at: layerAt)
                }
                specs.append(LayerLine(kind: .dropout(keepProb: keep), initializer: nil))
            case .dense(let unitsExpr, let activation, let activationAt, let options, let layerAt):
                let units = try size(unitsExpr, what: "the number of units")
                guard let activation else {
                    throw error("a dense layer needs an activation", at: layerAt,
                                notes: ["write e.g. 'dense \(units) relu' (activations: \(NetworkObject.activations.joined(separator: ", ")))"])
                }
                guard NetworkObject.activations.contains(activation) else {
                    let note = Suggestions.note(for: activation, in: NetworkObject.activations, listing: "activations")
                    throw error("unknown activation '\(activation)'", at: activationAt ?? layerAt, notes: note.map { [$0] } ?? [])
                }
                var initializer: InitializerObject?
                for option in options {
                    guard let label = option.label, let spec = CommandOptions.dense[label] else {
                        let (message, notes) = CommandOptions.dense.unknown(option.label ?? "")
                        throw error(message, at: option.labelAt ?? option.value.location, notes: notes)
                    }
                    let value = try evaluate(option.value, in: env)
                    try checkOption(spec, value, at: option.value.location)
                    initializer = try self.initializer(value, at: option.value.location)
                }
                specs.append(LayerLine(kind: .dense(units: units, activation: activation), initializer: initializer))
            }
        }
        guard specs.contains(where: { if case .dense = $0.kind { return true } else { return false } }) else {
            throw error("network '\(name)' has no dense layer", at: at)
        }
        return .object(NetworkObject(name: name, inputSize: inputSize, layers: specs))
    }
}
