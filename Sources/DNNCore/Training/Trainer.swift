/// Options of one training run. Defaults are the course's where it has one.
public struct TrainingOptions: Sendable {
    /// Learning rate α (with a decay: α0, the rate of the first epoch).
    public var learningRate: Double = 0.01
    /// Gradient steps to take (with mini-batches: batches, not epochs). Not used when
    /// `epochs` is set.
    public var iterations: Int = 1000
    /// Passes over the data, each ⌈m / batchSize⌉ steps (one step without `batchSize`); the
    /// alternative to `iterations`.
    public var epochs: Int? = nil
    /// Examples per step; nil trains full batch. Each epoch draws a fresh permutation of the
    /// examples from the generator (`np.random.permutation`) and cuts it into batches.
    public var batchSize: Int? = nil
    /// Before epoch e (from 0) reseed the generator with shuffleSeed + e + 1 and draw that
    /// epoch's permutation — the course's `random_mini_batches(X, Y, size, seed)` with
    /// `seed = seed + 1` before each call, so seed 10 shuffles epoch 0 with 11. The whole
    /// set is permuted too when it is one batch. nil: permutations come from the generator
    /// as it stands.
    public var shuffleSeed: UInt32? = nil
    /// How the parameters move: gradient descent (the default), momentum, RMSprop or Adam.
    /// Its state starts at zero in every run; the regularizer's gradient is in dW before it.
    public var optimizer: Optimizer = .gd
    /// The learning rate after each epoch; nil keeps α.
    public var learningRateDecay: LearningRateDecay? = nil
    /// The weight penalty added to the cost and the gradients.
    public var regularizer: Regularizer = .none
    /// Reseed the generator with this seed before every forward pass, so every iteration uses
    /// the same dropout masks — what assignment 2 does (`np.random.seed(1)` inside
    /// `forward_propagation_with_dropout`). nil (the default) draws fresh masks each pass.
    public var dropoutReseed: UInt32? = nil
    /// Inverted dropout with this keep_prob on every hidden layer, for this run only (the
    /// language's `dropout(k)` regularizer); nil trains with the network's own keep_probs,
    /// which stay as they are either way.
    public var keepProb: Double? = nil
    /// Inputs and label row of a dev set to evaluate while training (needed by early stopping).
    public var dev: (x: Matrix, y: Matrix)? = nil
    /// Evaluate the dev set on the weights after 0, k, 2k, … steps (k = this) and after the
    /// last step. A fixed number of steps, so the evaluations — and early stopping's result —
    /// do not depend on the run's length.
    public var evaluateEvery: Int = TrainingOptions.defaultEvaluateEvery
    /// Stop when the dev cost has not improved for `patience` evaluations; restore the best
    /// weights (the rule: ``EarlyStopping``).
    public var earlyStopping: EarlyStopping? = nil

    /// The steps between two dev evaluations unless told.
    public static let defaultEvaluateEvery = 100

    public init() {}
}

/// Early stopping: the lecture's "stop where the dev error is best".
///
/// The rule: the dev cost (no penalty, inference mode) is evaluated on the weights after 0,
/// k, 2k, … steps (``TrainingOptions/evaluateEvery``). The first evaluation is the best so
/// far; a later one improves on the best when its cost is below best − `minDelta` (a NaN
/// cost never does). After `patience` evaluations in a row without improvement the run
/// stops, after the step of that evaluation. Whether it stopped or used up its steps, the
/// network gets the weights of the best evaluation, and ``TrainingHistory/bestIteration``
/// is the number of steps behind them (0: the initial weights).
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
    /// The cost before each step's update (with the penalty), one per step taken: the
    /// course's J.
    public var costs: [Double] = []
    /// The penalty's term in each step's cost, when the run had a penalty (L2, L1): costs[i]
    /// is losses[i] + penalties[i]. Empty for a run without one.
    public var penalties: [Double] = []
    /// The data loss before each step's update: the cost without the penalty, the quantity
    /// ``devCosts`` measures on the dev set. For a run without a penalty, ``costs`` itself.
    public var losses: [Double] { penalties.isEmpty ? costs : penalizedLosses }
    /// The losses of a run with a penalty (a run without one does not store them twice).
    fileprivate var penalizedLosses: [Double] = []
    /// One per completed epoch: Σ over its batches of (batch cost × batch size), over m —
    /// the course's `cost_total / m` (not the mean of the batches' costs: the last batch is
    /// smaller). With full batch, each step is an epoch.
    public var epochCosts: [Double] = []
    /// One per completed epoch: the learning rate after it, which the next epoch uses —
    /// what the course prints as "learning rate after epoch e" (α0 for every epoch without
    /// a decay). The rate of epoch e is learningRates[e − 1], α0 for epoch 0.
    public var learningRates: [Double] = []
    /// The steps taken before each dev evaluation (0, k, 2k, … and the last), with the dev
    /// cost (no penalty, inference mode) and accuracy, and the training accuracy, of the
    /// weights at that moment.
    public var devIterations: [Int] = []
    public var devCosts: [Double] = []
    public var devAccuracies: [Double] = []
    public var trainAccuracies: [Double] = []
    /// With early stopping: the steps taken before the weights the model kept (a
    /// ``devIterations`` entry; 0 for the initial weights).
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
    /// The step (from 0) and its cost.
    public var iteration: Int
    public var cost: Double
    /// Steps the run will take unless stopped.
    public var totalIterations: Int
    /// The epoch the step belongs to (from 0), and the epochs the run will complete.
    public var epoch: Int
    public var totalEpochs: Int
    /// On an epoch's last step: the epoch's cost (``TrainingHistory/epochCosts``) and the
    /// learning rate after it (``TrainingHistory/learningRates``); nil on other steps.
    public var epochCost: Double?
    public var learningRateAfterEpoch: Double?
    /// True on an epoch's last step.
    public var endsEpoch: Bool { epochCost != nil }
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
        case .noExamples: return "the data has no examples"
        case let .activationsTooLarge(layer, units, examples):
            return "the activations of layer \(layer) for \(examples) examples (\(units)×\(examples)) are too large "
                + "(at most \(Matrix.maximumEntries) entries); use a smaller batch_size"
        }
    }
}

/// Training by gradient steps — full batch or mini-batch, by iterations or epochs, with an
/// optimizer and a learning-rate decay — recording the cost of every step and epoch.
public enum Trainer {
    /// Trains `network` in place.
    /// - Parameters:
    ///   - network: the model; its weights are updated (on interrupt: as reached; on early
    ///     stopping: the best ones).
    ///   - x: inputs, n[0] × m.
    ///   - y: a label row (1 × m) or targets shaped like the output (n[L] × m).
    ///   - options: hyperparameters.
    ///   - rng: the generator dropout masks and mini-batch permutations are drawn from (and
    ///     reseeded with `shuffleSeed`).
    ///   - onStep: called after every step; return `.stop` to end the run cleanly.
    /// - Returns: the run's history.
    /// - Throws: ``NetworkError`` or ``TrainingError`` before any step when inputs or options
    ///   are wrong; a custom decay's error (it is called for every epoch before the first step).
    public static func train(_ network: inout Network, x: Matrix, y: Matrix, options: TrainingOptions,
                             rng: inout NumPyRandom,
                             onStep: (TrainingProgress) -> TrainingControl = { _ in .proceed }) throws -> TrainingHistory {
        guard x.rows == network.sizes[0] else { throw NetworkError.inputSize(expected: network.sizes[0], found: x.rows) }
        let m = x.cols
        guard m > 0 else { throw TrainingError.noExamples }
        let targets = try network.targets(forLabels: y)
        guard targets.cols == m else { throw NetworkError.targetShape(expected: Shape(targets.rows, m), found: y.shape) }
        guard options.iterations >= 0 else { throw TrainingError.badOption("iterations must be 0 or more, not \(options.iterations)") }
        guard options.learningRate > 0 && options.learningRate.isFinite else {
            throw TrainingError.badOption("the learning rate must be a finite number > 0, not \(options.learningRate)")
        }
        if let e = options.epochs, e < 1 { throw TrainingError.badOption("epochs must be at least 1, not \(e)") }
        if let b = options.batchSize, b < 1 { throw TrainingError.badOption("batch_size must be at least 1, not \(b)") }
        if let p = options.earlyStopping?.patience, p < 1 { throw TrainingError.badOption("patience must be at least 1, not \(p)") }
        guard options.evaluateEvery >= 1 else {
            throw TrainingError.badOption("evaluate_every must be at least 1, not \(options.evaluateEvery)")
        }
        if options.earlyStopping != nil && options.dev == nil {
            throw TrainingError.badOption("early stopping needs a dev set to watch")
        }
        if let k = options.keepProb {
            guard k > 0, k <= 1 else { throw TrainingError.badOption("keep_prob must be in (0, 1], not \(k)") }
            guard network.depth > 1 else { throw TrainingError.badOption("dropout needs a hidden layer") }
        }
        if let dev = options.dev {
            guard dev.x.rows == network.sizes[0] else { throw NetworkError.inputSize(expected: network.sizes[0], found: dev.x.rows) }
            _ = try network.targets(forLabels: dev.y)
        }
        try options.optimizer.validate()
        try options.learningRateDecay?.validate()

        let batch = Swift.min(options.batchSize ?? m, m)
        let stepsPerEpoch = (m + batch - 1) / batch
        let totalSteps: Int
        if let epochs = options.epochs {
            let (steps, overflow) = epochs.multipliedReportingOverflow(by: stepsPerEpoch)
            guard !overflow else { throw TrainingError.badOption("\(epochs) epochs are too many steps") }
            totalSteps = steps
        } else {
            totalSteps = options.iterations
        }
        let totalEpochs = (totalSteps + stepsPerEpoch - 1) / stepsPerEpoch
        if let seed = options.shuffleSeed, UInt64(seed) + UInt64(totalEpochs) > UInt64(UInt32.max) {
            throw TrainingError.badOption("shuffle_seed + epochs must stay below 2^32 (numpy's seeds), not \(seed) + \(totalEpochs)")
        }
        // Every epoch's rate before the first step, so a decay that fails fails here.
        var ratesAfter: [Double] = []
        if let decay = options.learningRateDecay {
            ratesAfter.reserveCapacity(totalEpochs)
            for e in 0..<totalEpochs { ratesAfter.append(try decay.rate(initial: options.learningRate, after: e)) }
        }
        let shuffled = batch < m || options.shuffleSeed != nil

        // The workspace reads the keep_probs of the network it is made from; only its weights
        // are stored back, so a run's keep_prob never becomes the network's.
        var shape = network
        if let k = options.keepProb { shape.keepProbs = shape.keepProbs.indices.map { $0 < network.depth - 1 ? k : 1 } }
        let dropout = shape.usesDropout
        try Lane.checkSizes(network.sizes, capacity: batch)
        let space = try Workspace(network: shape, capacity: batch, parallel: true, optimizer: options.optimizer)
        var history = TrainingHistory()
        history.costs.reserveCapacity(Swift.min(totalSteps, 1 << 22))
        history.epochCosts.reserveCapacity(Swift.min(totalEpochs, 1 << 22))
        history.learningRates.reserveCapacity(Swift.min(totalEpochs, 1 << 22))
        let penalized = options.regularizer != .none
        if penalized {
            history.penalties.reserveCapacity(Swift.min(totalSteps, 1 << 22))
            history.penalizedLosses.reserveCapacity(Swift.min(totalSteps, 1 << 22))
        }
        var best: (cost: Double, iteration: Int, network: Network)? = nil
        var sinceBest = 0
        /// Records the dev set's numbers for `current`, the weights after `steps` steps, and
        /// applies early stopping's rule; true when the run must stop.
        func evaluateDev(_ current: Network, after steps: Int) -> Bool {
            guard let dev = options.dev else { return false }
            let devCost = (try? current.cost(dev.x, dev.y)) ?? .nan
            history.devIterations.append(steps)
            history.devCosts.append(devCost)
            history.devAccuracies.append((try? current.accuracy(dev.x, dev.y)) ?? .nan)
            history.trainAccuracies.append(y.rows == 1 ? ((try? current.accuracy(x, y)) ?? .nan) : .nan)
            guard let stop = options.earlyStopping else { return false }
            let comparable = devCost.isNaN ? Double.infinity : devCost
            if best == nil || comparable < best!.cost - stop.minDelta {
                best = (comparable, steps, current)
                sinceBest = 0
                return false
            }
            sinceBest += 1
            return sinceBest >= stop.patience
        }
        _ = evaluateDev(network, after: 0)
        var order: [Int] = []
        var cursor = m
        var warnedNonFinite = false
        var reseededState: NumPyRandom? = nil
        var learningRate = options.learningRate
        var epoch = 0
        var epochTotal = 0.0

        x.values.withUnsafeBufferPointer { px in
            targets.values.withUnsafeBufferPointer { py in
                withUnsafeMutablePointer(to: &rng) { generator in
                    if !shuffled { space.setBatch(px.baseAddress!, py.baseAddress!, total: m) }
                    for i in 0..<totalSteps {
                        if shuffled {
                            if cursor >= m {
                                if let seed = options.shuffleSeed {
                                    // The course's seed + 1 before each epoch (checked to fit above).
                                    generator.pointee.seed(UInt32(UInt64(seed) + UInt64(epoch) + 1))
                                }
                                order = generator.pointee.permutation(m)
                                cursor = 0
                            }
                            let end = Swift.min(cursor + batch, m)
                            space.setBatch(px.baseAddress!, py.baseAddress!, total: m, columns: order[cursor..<end])
                            cursor = end
                        }
                        if let seed = options.dropoutReseed, dropout {
                            // Reseeding before every pass draws the same masks each time (the
                            // batch being the same): draw them once, then reuse them and put
                            // the generator where drawing would have left it.
                            if let after = reseededState, !shuffled {
                                generator.pointee = after
                            } else {
                                generator.pointee.seed(seed)
                                space.drawMasks(&generator.pointee)
                                reseededState = generator.pointee
                            }
                        } else if dropout {
                            space.drawMasks(&generator.pointee)
                        }
                        let cost = space.pass(dropout: dropout, regularizer: options.regularizer)
                        history.costs.append(cost)
                        if penalized {
                            history.penalizedLosses.append(space.lastLoss)
                            history.penalties.append(space.lastPenalty)
                        }
                        if !cost.isFinite && !warnedNonFinite {
                            warnedNonFinite = true
                            history.warnings.append(cost.isNaN
                                ? "the cost became nan at iteration \(i): the weights overflowed (try a smaller learning rate or initial scale)"
                                : "the cost is inf at iteration \(i): an output reached exactly 0 or 1 where the label is the opposite, so log(0) entered the cost; training goes on")
                        }
                        space.update(learningRate: learningRate)
                        epochTotal += space.batchTotal

                        var progress = TrainingProgress(iteration: i, cost: cost, totalIterations: totalSteps,
                                                        epoch: epoch, totalEpochs: totalEpochs)
                        if !shuffled || cursor >= m {
                            if !ratesAfter.isEmpty { learningRate = ratesAfter[epoch] }
                            history.epochCosts.append(epochTotal / Double(m))
                            history.learningRates.append(learningRate)
                            progress.epochCost = epochTotal / Double(m)
                            progress.learningRateAfterEpoch = learningRate
                            epoch += 1
                            epochTotal = 0
                        }

                        if options.dev != nil, (i + 1) % options.evaluateEvery == 0 || i + 1 == totalSteps {
                            var current = network
                            space.store(into: &current)
                            if evaluateDev(current, after: i + 1) {
                                history.stoppedEarly = true
                                break
                            }
                        }
                        if onStep(progress) == .stop {
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
        guard x.cols > 0 else { throw TrainingError.noExamples }
        guard targets.cols == x.cols else { throw NetworkError.targetShape(expected: Shape(targets.rows, x.cols), found: y.shape) }
        try Lane.checkSizes(network.sizes, capacity: x.cols)
        let space = try Workspace(network: network, capacity: x.cols)
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
