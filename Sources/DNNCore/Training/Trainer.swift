/// Options of one training run. Defaults are the course's where it has one.
public struct TrainingOptions: Sendable {
    /// Learning rate α of gradient descent.
    public var learningRate: Double = 0.01
    /// Gradient steps to take (with mini-batches: batches, not epochs).
    public var iterations: Int = 1000
    /// Examples per step; nil trains full batch. Each epoch draws a fresh permutation of the
    /// examples from the generator (`np.random.permutation`) and cuts it into batches.
    public var batchSize: Int? = nil
    /// The weight penalty added to the cost and the gradients.
    public var regularizer: Regularizer = .none
    /// Reseed the generator with this seed before every forward pass, so every iteration uses
    /// the same dropout masks — what assignment 2 does (`np.random.seed(1)` inside
    /// `forward_propagation_with_dropout`). nil (the default) draws fresh masks each pass.
    public var dropoutReseed: UInt32? = nil
    /// Inputs and label row of a dev set to evaluate while training (needed by early stopping).
    public var dev: (x: Matrix, y: Matrix)? = nil
    /// Evaluate the dev set every this many steps (0: about 100 times over the run).
    public var evaluateEvery: Int = 0
    /// Stop when the dev cost has not improved for `patience` evaluations; restore the best weights.
    public var earlyStopping: EarlyStopping? = nil

    public init() {}
}

/// Early stopping: the lecture's "stop where the dev error is best".
public struct EarlyStopping: Sendable, Equatable {
    /// Evaluations without improvement before training stops.
    public var patience: Int
    /// The least decrease of the dev cost that counts as an improvement.
    public var minDelta: Double
    public init(patience: Int, minDelta: Double = 0) {
        self.patience = patience
        self.minDelta = minDelta
    }
}

/// What a training run recorded.
public struct TrainingHistory: Sendable, Equatable {
    /// The cost before each step's update (with the penalty), one per step taken.
    public var costs: [Double] = []
    /// Steps at which the dev set was evaluated, with its cost (no penalty) and accuracy,
    /// and the training accuracy at the same moments.
    public var devIterations: [Int] = []
    public var devCosts: [Double] = []
    public var devAccuracies: [Double] = []
    public var trainAccuracies: [Double] = []
    /// The step whose weights the model kept after early stopping.
    public var bestIteration: Int? = nil
    /// True when early stopping ended the run.
    public var stoppedEarly = false
    /// True when the caller asked to stop (Ctrl-C).
    public var interrupted = false
    /// Things the learner should know (an infinite cost and its cause, dropout in a check…).
    public var warnings: [String] = []
    /// Steps taken.
    public var iterations: Int { costs.count }
    public init() {}
}

/// What the trainer tells its caller after each step.
public struct TrainingProgress: Sendable {
    public var iteration: Int
    public var cost: Double
    public var totalIterations: Int
}

/// The caller's answer: go on, or stop cleanly now keeping what was reached.
public enum TrainingControl: Sendable { case proceed, stop }

/// Errors that prevent a run from starting.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    case badOption(String)
    case noExamples
    /// A layer's activations for a batch (`units × examples`) are beyond the matrix size limit.
    case activationsTooLarge(layer: Int, units: Int, examples: Int)
    public var description: String {
        switch self {
        case .badOption(let s): return s
        case .noExamples: return "the training set has no examples"
        case let .activationsTooLarge(layer, units, examples):
            return "the activations of layer \(layer) for \(examples) examples (\(units)×\(examples)) are too large "
                + "(at most \(Matrix.maximumEntries) entries); use a smaller batch_size"
        }
    }
}

/// Gradient descent, full batch or mini-batch, recording the cost of every step.
public enum Trainer {
    /// Trains `network` in place.
    /// - Parameters:
    ///   - network: the model; its weights are updated (on interrupt: as reached; on early
    ///     stopping: the best ones).
    ///   - x: inputs, n[0] × m.
    ///   - y: a label row (1 × m) or targets shaped like the output (n[L] × m).
    ///   - options: hyperparameters.
    ///   - rng: the generator dropout masks and mini-batch permutations are drawn from.
    ///   - onStep: called after every step; return `.stop` to end the run cleanly.
    /// - Returns: the run's history.
    /// - Throws: ``NetworkError`` or ``TrainingError`` before any step when inputs or options are wrong.
    public static func train(_ network: inout Network, x: Matrix, y: Matrix, options: TrainingOptions,
                             rng: inout NumPyRandom,
                             onStep: (TrainingProgress) -> TrainingControl = { _ in .proceed }) throws -> TrainingHistory {
        guard x.rows == network.sizes[0] else { throw NetworkError.inputSize(expected: network.sizes[0], found: x.rows) }
        let m = x.cols
        guard m > 0 else { throw TrainingError.noExamples }
        let targets = try network.targets(forLabels: y)
        guard targets.cols == m else { throw NetworkError.targetShape(expected: Shape(targets.rows, m), found: y.shape) }
        guard options.iterations >= 0 else { throw TrainingError.badOption("iterations must be 0 or more, not \(options.iterations)") }
        guard options.learningRate.isFinite else { throw TrainingError.badOption("the learning rate must be a finite number") }
        if let b = options.batchSize, b < 1 { throw TrainingError.badOption("batch_size must be at least 1, not \(b)") }
        if let p = options.earlyStopping?.patience, p < 1 { throw TrainingError.badOption("patience must be at least 1, not \(p)") }
        if options.earlyStopping != nil && options.dev == nil {
            throw TrainingError.badOption("early stopping needs a dev set to watch")
        }
        if let dev = options.dev {
            guard dev.x.rows == network.sizes[0] else { throw NetworkError.inputSize(expected: network.sizes[0], found: dev.x.rows) }
            _ = try network.targets(forLabels: dev.y)
        }

        let batch = Swift.min(options.batchSize ?? m, m)
        try Lane.checkSizes(network.sizes, capacity: batch)
        let space = Workspace(network: network, capacity: batch, parallel: true)
        var history = TrainingHistory()
        history.costs.reserveCapacity(options.iterations)
        let evaluateEvery = options.evaluateEvery > 0 ? options.evaluateEvery : Swift.max(1, options.iterations / 100)
        var best: (cost: Double, iteration: Int, network: Network)? = nil
        var sinceBest = 0
        var order: [Int] = []
        var cursor = m
        var warnedNonFinite = false
        var reseededState: NumPyRandom? = nil

        x.values.withUnsafeBufferPointer { px in
            targets.values.withUnsafeBufferPointer { py in
                withUnsafeMutablePointer(to: &rng) { generator in
                    if batch == m { space.setBatch(px.baseAddress!, py.baseAddress!, total: m) }
                    for i in 0..<options.iterations {
                        if batch < m {
                            if cursor >= m {
                                order = generator.pointee.permutation(m)
                                cursor = 0
                            }
                            let end = Swift.min(cursor + batch, m)
                            space.setBatch(px.baseAddress!, py.baseAddress!, total: m, columns: order[cursor..<end])
                            cursor = end
                        }
                        if let seed = options.dropoutReseed, network.usesDropout {
                            // Reseeding before every pass draws the same masks each time (the
                            // batch being the same): draw them once, then reuse them and put
                            // the generator where drawing would have left it.
                            if let after = reseededState, batch == m {
                                generator.pointee = after
                            } else {
                                generator.pointee.seed(seed)
                                space.drawMasks(&generator.pointee)
                                reseededState = generator.pointee
                            }
                        } else if network.usesDropout {
                            space.drawMasks(&generator.pointee)
                        }
                        let cost = space.pass(dropout: network.usesDropout, regularizer: options.regularizer)
                        history.costs.append(cost)
                        if !cost.isFinite && !warnedNonFinite {
                            warnedNonFinite = true
                            history.warnings.append(cost.isNaN
                                ? "the cost became nan at iteration \(i): the weights overflowed (try a smaller learning rate or initial scale)"
                                : "the cost is inf at iteration \(i): an output reached exactly 0 or 1 where the label is the opposite, so log(0) entered the cost; training goes on")
                        }
                        space.update(learningRate: options.learningRate)

                        if let dev = options.dev, (i + 1) % evaluateEvery == 0 || i + 1 == options.iterations {
                            var current = network
                            space.store(into: &current)
                            let devCost = (try? current.cost(dev.x, dev.y)) ?? .nan
                            history.devIterations.append(i + 1)
                            history.devCosts.append(devCost)
                            history.devAccuracies.append((try? current.accuracy(dev.x, dev.y)) ?? .nan)
                            history.trainAccuracies.append(y.rows == 1 ? ((try? current.accuracy(x, y)) ?? .nan) : .nan)
                            if let stop = options.earlyStopping {
                                if best == nil || devCost < best!.cost - stop.minDelta {
                                    best = (devCost, i + 1, current)
                                    sinceBest = 0
                                } else {
                                    sinceBest += 1
                                    if sinceBest >= stop.patience {
                                        history.stoppedEarly = true
                                        break
                                    }
                                }
                            }
                        }
                        if onStep(TrainingProgress(iteration: i, cost: cost, totalIterations: options.iterations)) == .stop {
                            history.interrupted = true
                            break
                        }
                    }
                }
            }
        }
        if let best, options.earlyStopping != nil {
            network = best.network
            history.bestIteration = best.iteration
        } else {
            space.store(into: &network)
        }
        return history
    }

    /// The gradients dW[l], db[l] of the cost (with the regularizer's term) at the network's
    /// current weights, from one forward and backward pass over all of (x, y).
    /// - Parameter dropout: a generator to draw dropout masks from; nil for inference mode.
    public static func gradients(of network: Network, x: Matrix, y: Matrix, regularizer: Regularizer = .none,
                                 dropout rng: inout NumPyRandom?) throws -> (cost: Double, dW: [Matrix], db: [Matrix]) {
        guard x.rows == network.sizes[0] else { throw NetworkError.inputSize(expected: network.sizes[0], found: x.rows) }
        let targets = try network.targets(forLabels: y)
        guard targets.cols == x.cols, x.cols > 0 else { throw NetworkError.targetShape(expected: Shape(targets.rows, x.cols), found: y.shape) }
        try Lane.checkSizes(network.sizes, capacity: x.cols)
        let space = Workspace(network: network, capacity: x.cols)
        var cost = 0.0
        x.values.withUnsafeBufferPointer { px in
            targets.values.withUnsafeBufferPointer { py in
                space.setBatch(px.baseAddress!, py.baseAddress!, total: x.cols)
                if rng != nil { space.drawMasks(&rng!) }
                cost = space.pass(dropout: rng != nil && network.usesDropout, regularizer: regularizer)
            }
        }
        let (dW, db) = space.gradients()
        return (cost, dW, db)
    }
}
