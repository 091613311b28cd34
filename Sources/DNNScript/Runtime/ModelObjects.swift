import DNNCore

/// A model: a network description with weights, built now or when its input size is known.
final class ModelObject: ScriptObject {
    let name: String
    let spec: NetworkObject?
    let initializer: Initializer
    var network: Network?
    /// The optimizer of the last `train` (the model file records its name).
    var optimizer: Optimizer?

    init(name: String, spec: NetworkObject?, initializer: Initializer, network: Network?) {
        self.name = name
        self.spec = spec
        self.initializer = initializer
        self.network = network
    }

    var typeName: String { "model" }
    var display: String {
        guard let network else { return "model of network \(spec?.name ?? "?") (not built yet: input size unknown)" }
        let layers = zip(network.sizes.dropFirst(), network.activations).map { "\($0.0) \($0.1.rawValue)" }
        return "model \(name): \(network.sizes[0]) inputs → " + layers.joined(separator: " → ")
            + " (\(network.parameterCount) parameters, init \(initializer))"
    }
    var memberNames: [String] {
        let count = network?.depth ?? 0
        return (1...max(1, count)).flatMap { ["W\($0)", "b\($0)"] }
            + ["sizes", "activations", "keep_probs", "parameters", "layers", "init"]
    }
    func member(_ name: String) -> Value? {
        guard let network else {
            return name == "init" ? .string(initializer.description) : nil
        }
        if name.count > 1, let l = Int(name.dropFirst()), l >= 1, l <= network.depth {
            if name.hasPrefix("W") { return .matrix(network.weights[l - 1]) }
            if name.hasPrefix("b") { return .matrix(network.biases[l - 1]) }
        }
        switch name {
        case "sizes": return .list(network.sizes.map(Value.int))
        case "activations": return .list(network.activations.map { .string($0.rawValue) })
        case "keep_probs": return .list(network.keepProbs.map(Value.float))
        case "parameters": return .int(network.parameterCount)
        case "layers": return .int(network.depth)
        case "init": return .string(initializer.description)
        default: return nil
        }
    }

    /// Why a member of the built model (`W1`, `sizes`, …) is missing before the input size is
    /// known, or nil for a name the model would not have anyway.
    func notYetBuilt(_ member: String) -> (message: String, notes: [String])? {
        guard network == nil else { return nil }
        let layered = member.count > 1 && (member.hasPrefix("W") || member.hasPrefix("b")) && Int(member.dropFirst()) != nil
        guard layered || ["sizes", "activations", "keep_probs", "parameters", "layers"].contains(member) else { return nil }
        let net = spec?.name ?? "net"
        return ("the model has no '\(member)' yet: its weights are drawn when it first meets data (train, accuracy, …)",
                ["to draw them now, give the input size: model(\(net), inputs: 2) or an 'input 2' line in the network"])
    }
}

/// The record of one `train` statement: costs and dev curves.
final class RunObject: ScriptObject {
    let history: TrainingHistory
    let model: String
    let learningRate: Double
    let printEvery: Int
    /// Whether dropout was active (the recorded cost is then not a well-defined J).
    let usedDropout: Bool
    let optimizer: Optimizer
    /// The weight penalty the costs include (none, L2, L1).
    let penalty: Regularizer

    init(history: TrainingHistory, model: String, learningRate: Double, printEvery: Int, usedDropout: Bool = false,
         optimizer: Optimizer = .gd, penalty: Regularizer = .none) {
        self.history = history
        self.model = model
        self.learningRate = learningRate
        self.printEvery = printEvery
        self.usedDropout = usedDropout
        self.optimizer = optimizer
        self.penalty = penalty
    }

    /// Whether a plot draws the loss without the penalty rather than J: beside a dev curve,
    /// which has none.
    var plotsLosses: Bool { penalty != .none && !history.devCosts.isEmpty }

    /// The penalty's name as the course writes it ("L2"), nil for a run without one.
    var penaltyName: String? {
        switch penalty {
        case .none: return nil
        case .l2: return "L2"
        case .l1: return "L1"
        }
    }

    var typeName: String { "run" }
    var display: String {
        let last = history.costs.last.map { ", final cost \(PythonFormat.repr($0))" } ?? ""
        var text = "run of \(model): \(history.iterations) iterations\(last)"
        if history.stoppedEarly, let best = history.bestIteration { text += ", stopped early (best at \(best))" }
        if history.interrupted { text += ", interrupted" }
        return text
    }
    var memberNames: [String] {
        ["costs", "losses", "penalties", "iterations", "cost", "dev_iterations", "dev_costs", "dev_accuracies", "train_accuracies",
         "best_iteration", "stopped_early", "interrupted", "warnings", "learning_rate", "epoch_costs", "learning_rates", "optimizer"]
    }
    func member(_ name: String) -> Value? {
        switch name {
        case "costs": return .list(history.costs.map(Value.float))
        case "losses": return .list(history.losses.map(Value.float))
        case "penalties":
            if history.penalties.isEmpty { return .list(Array(repeating: .float(0), count: history.costs.count)) }
            return .list(history.penalties.map(Value.float))
        case "iterations": return .int(history.iterations)
        case "cost": return history.costs.last.map(Value.float) ?? Value.none
        case "dev_iterations": return .list(history.devIterations.map(Value.int))
        case "dev_costs": return .list(history.devCosts.map(Value.float))
        case "dev_accuracies": return .list(history.devAccuracies.map(Value.float))
        case "train_accuracies": return .list(history.trainAccuracies.map(Value.float))
        case "best_iteration": return history.bestIteration.map(Value.int) ?? Value.none
        case "stopped_early": return .bool(history.stoppedEarly)
        case "interrupted": return .bool(history.interrupted)
        case "warnings": return .list(history.warnings.map(Value.string))
        case "learning_rate": return .float(learningRate)
        case "epoch_costs": return .list(history.epochCosts.map(Value.float))
        case "learning_rates": return .list(history.learningRates.map(Value.float))
        case "optimizer": return .object(OptimizerObject(optimizer))
        default: return nil
        }
    }
}
