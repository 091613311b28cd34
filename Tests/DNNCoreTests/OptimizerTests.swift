import Testing
import DNNCore
import DNNTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The optimizers' formulas (docs/course-reference.md, Week 2), their validation, and the
/// epoch bookkeeping of a run.
@Suite struct OptimizerTests {
    static func data() throws -> (x: Matrix, y: Matrix) {
        var rng = NumPyRandom(seed: 7)
        let x = try rng.randn(3, 20)
        return (x, Matrix(row: (0..<20).map { x[0, $0] * x[1, $0] + x[2, $0] > 0 ? 1 : 0 }))
    }

    static func network() throws -> Network {
        var rng = NumPyRandom(seed: 4)
        return try Network(inputSize: 3, layers: [LayerSpec(units: 4, activation: .tanh),
                                                  LayerSpec(units: 3, activation: .relu),
                                                  LayerSpec(units: 1, activation: .sigmoid)],
                           initializer: .xavier, rng: &rng)
    }

    /// The course's update written out on plain arrays (numpy's order of operations), one
    /// block at a time, with the gradients the engine computes at each point.
    struct Manual {
        let optimizer: Optimizer
        var v: [[Double]] = [], s: [[Double]] = [], t = 0

        mutating func step(_ p: inout [Double], _ g: [Double], block k: Int, lr: Double) {
            if v.count <= k { v.append(Array(repeating: 0, count: g.count)); s.append(Array(repeating: 0, count: g.count)) }
            for i in g.indices {
                switch optimizer {
                case .gd: p[i] = p[i] - lr * g[i]
                case .momentum(let beta):
                    v[k][i] = beta * v[k][i] + (1 - beta) * g[i]
                    p[i] = p[i] - lr * v[k][i]
                case .rmsprop(let beta, let eps):
                    s[k][i] = beta * s[k][i] + (1 - beta) * (g[i] * g[i])
                    p[i] = p[i] - lr * g[i] / (s[k][i].squareRoot() + eps)
                case .adam(let b1, let b2, let eps):
                    v[k][i] = b1 * v[k][i] + (1 - b1) * g[i]
                    s[k][i] = b2 * s[k][i] + (1 - b2) * (g[i] * g[i])
                    let vHat = v[k][i] / (1 - pow(b1, Double(t)))
                    let sHat = s[k][i] / (1 - pow(b2, Double(t)))
                    p[i] = p[i] - lr * vHat / (sHat.squareRoot() + eps)
                }
            }
        }

        mutating func run(_ net: inout Network, _ x: Matrix, _ y: Matrix, steps: Int, lr: Double, regularizer: Regularizer) throws {
            for _ in 0..<steps {
                t += 1
                var none: NumPyRandom? = nil
                let (_, dW, db) = try Trainer.gradients(of: net, x: x, y: y, regularizer: regularizer, dropout: &none)
                for l in 0..<net.depth {
                    step(&net.weights[l].values, dW[l].values, block: 2 * l, lr: lr)
                    step(&net.biases[l].values, db[l].values, block: 2 * l + 1, lr: lr)
                }
            }
        }
    }

    static let optimizers: [Optimizer] = [.gd, .momentum(beta: 0.9), .rmsprop(beta: 0.999, epsilon: 1e-8),
                                          .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), .adam(beta1: 0.5, beta2: 0.9, epsilon: 1e-3)]

    /// Every optimizer's step is its formula to the bit, the regularizer's gradient included,
    /// and its state (v, s, t) starts at zero in each run.
    @Test(arguments: optimizers)
    func stepIsTheFormula(_ optimizer: Optimizer) throws {
        let (x, y) = try Self.data()
        var options = TrainingOptions()
        options.optimizer = optimizer
        options.learningRate = 0.05
        options.iterations = 3
        options.regularizer = .l2(lambda: 0.4)
        var rng = NumPyRandom(seed: 0)
        var trained = try Self.network()
        _ = try Trainer.train(&trained, x: x, y: y, options: options, rng: &rng)
        _ = try Trainer.train(&trained, x: x, y: y, options: options, rng: &rng)
        var expected = try Self.network()
        for _ in 0..<2 {
            var manual = Manual(optimizer: optimizer)
            try manual.run(&expected, x, y, steps: 3, lr: 0.05, regularizer: .l2(lambda: 0.4))
        }
        #expect(trained == expected)
    }

    @Test func optimizersDescribeThemselves() {
        #expect(Optimizer.adam().description == "adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-08)")
        #expect(Optimizer.momentum().name == "momentum")
        #expect(Optimizer.names == ["gd", "momentum", "rmsprop", "adam"])
    }

    /// The options of a valid epoch run, then `change`.
    static func options(_ change: (inout TrainingOptions) -> Void) -> TrainingOptions {
        var options = TrainingOptions()
        options.learningRate = 0.01
        options.epochs = 10
        options.batchSize = 8
        change(&options)
        return options
    }

    /// A bad value is refused before any step: the network, the generator and the callback
    /// are untouched.
    @Test(arguments: [
        (options { $0.optimizer = .momentum(beta: 1) }, "momentum: beta must be in [0, 1), not 1.0"),
        (options { $0.optimizer = .momentum(beta: -0.1) }, "momentum: beta must be in [0, 1), not -0.1"),
        (options { $0.optimizer = .rmsprop(beta: 0.9, epsilon: 0) }, "rmsprop: epsilon must be a finite number > 0, not 0.0"),
        (options { $0.optimizer = .adam(beta1: 1, beta2: 0.999, epsilon: 1e-8) }, "adam: beta1 must be in [0, 1), not 1.0"),
        (options { $0.optimizer = .adam(beta1: 0.9, beta2: .nan, epsilon: 1e-8) }, "adam: beta2 must be in [0, 1), not nan"),
        (options { $0.optimizer = .adam(beta1: 0.9, beta2: 0.999, epsilon: .infinity) }, "adam: epsilon must be a finite number > 0, not inf"),
        (options { $0.learningRate = 0 }, "the learning rate must be a finite number > 0, not 0.0"),
        (options { $0.learningRate = -0.1 }, "the learning rate must be a finite number > 0, not -0.1"),
        (options { $0.learningRate = .nan }, "the learning rate must be a finite number > 0, not nan"),
        (options { $0.epochs = 0 }, "epochs must be at least 1, not 0"),
        (options { $0.epochs = Int.max }, "9223372036854775807 epochs are too many steps"),
        (options { $0.shuffleSeed = UInt32.max - 9 }, "shuffle_seed + epochs must stay below 2^32 (numpy's seeds), not 4294967286 + 10"),
        (options { $0.learningRateDecay = .custom { _, e in e == 3 ? .nan : 0.1 } },
         "the learning-rate decay gave nan after epoch 3; a rate must be a finite number ≥ 0"),
        (options { $0.learningRateDecay = .custom { lr0, e in lr0 - Double(e) * 0.01 } },
         "the learning-rate decay gave -0.01 after epoch 2; a rate must be a finite number ≥ 0"),
        (options { $0.learningRateDecay = .inverse(decayRate: -1) }, "lr_decay: decay_rate must be a finite number ≥ 0, not -1.0"),
        (options { $0.learningRateDecay = .schedule(decayRate: 1, interval: 0) }, "lr_decay: interval must be at least 1, not 0"),
        (options { $0.learningRateDecay = .exponential(rate: 0) }, "lr_decay: rate must be in (0, 1], not 0.0"),
    ] as [(TrainingOptions, String)])
    func badValuesThrowBeforeAnyStep(_ options: TrainingOptions, _ message: String) throws {
        let (x, y) = try Self.data()
        let start = try Self.network()
        var net = start
        var rng = NumPyRandom(seed: 1)
        var steps = 0
        #expect(throws: TrainingError.badOption(message)) {
            try Trainer.train(&net, x: x, y: y, options: options, rng: &rng) { _ in steps += 1; return .proceed }
        }
        #expect(steps == 0)
        #expect(net == start)
        #expect(rng == NumPyRandom(seed: 1))
    }

    /// A custom decay's own error comes out as it is, before any step.
    @Test func customDecayErrorsPassThrough() throws {
        struct Failed: Error, Equatable {}
        let (x, y) = try Self.data()
        var options = TrainingOptions()
        options.epochs = 4
        options.learningRateDecay = .custom { _, e in if e == 2 { throw Failed() }; return 0.1 }
        var net = try Self.network()
        var rng = NumPyRandom(seed: 1)
        #expect(throws: Failed()) { try Trainer.train(&net, x: x, y: y, options: options, rng: &rng) }
    }

    @Test func decaysAreTheCourseExpressions() throws {
        #expect(try LearningRateDecay.inverse(decayRate: 1).rate(initial: 0.1, after: 1000) == 0.1 / 1001)
        #expect(try LearningRateDecay.schedule(decayRate: 0.3, interval: 1000).rate(initial: 0.1, after: 1999) == 0.1 / 1.3)
        #expect(try LearningRateDecay.exponential(rate: 0.95).rate(initial: 0.2, after: 3) == pow(0.95, 3) * 0.2)
        #expect(try LearningRateDecay.custom { lr0, e in lr0 / Double(e + 1).squareRoot() }.rate(initial: 1, after: 3) == 0.5)
        #expect(LearningRateDecay.schedule(decayRate: 0.3, interval: 1000).description == "schedule(decay_rate: 0.3, interval: 1000)")
    }

    /// Epochs: ⌈m / batch⌉ steps each; epoch costs are cost_total / m; rates after each
    /// epoch; the callback is told where epochs end.
    @Test func epochsRecordCostsAndRates() throws {
        let (x, y) = try Self.data()  // m = 20: batches of 8, 8, 4
        var options = TrainingOptions()
        options.epochs = 4
        options.batchSize = 8
        options.learningRate = 0.1
        options.shuffleSeed = 10
        options.learningRateDecay = .inverse(decayRate: 1)
        var net = try Self.network()
        var rng = NumPyRandom(seed: 0)
        var ends: [(Int, Int, Double, Double)] = []
        let h = try Trainer.train(&net, x: x, y: y, options: options, rng: &rng) { p in
            #expect(p.totalIterations == 12 && p.totalEpochs == 4)
            if let cost = p.epochCost, let lr = p.learningRateAfterEpoch { ends.append((p.iteration, p.epoch, cost, lr)) }
            return .proceed
        }
        #expect(h.costs.count == 12)
        #expect(h.learningRates == [0.1, 0.05, 0.1 / 3, 0.025])
        #expect(ends.map(\.0) == [2, 5, 8, 11])
        #expect(ends.map(\.1) == [0, 1, 2, 3])
        #expect(ends.map(\.2) == h.epochCosts)
        // Batch costs are means over 8, 8 and 4 examples: the epoch's is their weighted mean.
        for e in 0..<4 {
            let c = h.costs[(3 * e)..<(3 * e + 3)].map { $0 }
            expectClose(h.epochCosts[e], (8 * c[0] + 8 * c[1] + 4 * c[2]) / 20, rtol: 1e-14, "epoch \(e)")
        }
        // The last epoch's permutation came from seed 10 + 3 + 1.
        var last = NumPyRandom(seed: 14)
        _ = last.permutation(20)
        #expect(rng == last)
    }

    /// Early stopping and a stop request end an epoch run part-way; epochs are recorded only
    /// when complete.
    @Test func stopEndsAnEpochRunBetweenSteps() throws {
        let (x, y) = try Self.data()
        var options = TrainingOptions()
        options.epochs = 10
        options.batchSize = 8
        options.optimizer = .adam()
        var net = try Self.network()
        var rng = NumPyRandom(seed: 0)
        let h = try Trainer.train(&net, x: x, y: y, options: options, rng: &rng) { $0.iteration == 7 ? .stop : .proceed }
        #expect(h.interrupted)
        #expect(h.costs.count == 8)
        #expect(h.epochCosts.count == 2)
    }

    /// Epochs with Adam, L2, reseeded dropout, a shuffle seed, a decay and early stopping
    /// together: the run stops early, keeps its best weights, and repeats to the bit.
    @Test func epochsWorkWithEveryOtherOption() throws {
        var rng = NumPyRandom(seed: 2)
        let all = try DatasetGenerators.moons(samples: 120, noise: 0.35, rng: &rng)
        let train = try all.subset(columns: Array(0..<60)), dev = try all.subset(columns: Array(60..<120))
        let start = try Network(inputSize: 2, layers: [LayerSpec(units: 30, activation: .relu, keepProb: 0.9),
                                                       LayerSpec(units: 1, activation: .sigmoid)],
                                initializer: .he, rng: &rng)
        var options = TrainingOptions()
        options.optimizer = .adam()
        options.learningRate = 0.05
        options.epochs = 2000
        options.batchSize = 16
        options.shuffleSeed = 1
        options.dropoutReseed = 3
        options.regularizer = .l2(lambda: 0.01)
        options.learningRateDecay = .exponential(rate: 0.999)
        options.dev = (dev.X, dev.Y)
        options.evaluateEvery = 20
        options.earlyStopping = EarlyStopping(patience: 5)
        func run() throws -> (Network, TrainingHistory) {
            var net = start
            var generator = NumPyRandom(seed: 9)
            let history = try Trainer.train(&net, x: train.X, y: train.Y, options: options, rng: &generator)
            return (net, history)
        }
        let (net, h) = try run()
        #expect(h.stoppedEarly)
        #expect(h.epochCosts.count == h.costs.count / 4)
        let best = try #require(h.bestIteration)
        let i = try #require(h.devIterations.firstIndex(of: best))
        expectClose(try net.cost(dev.X, dev.Y), h.devCosts[i], rtol: 1e-12, "restored weights give the best dev cost")
        let (again, h2) = try run()
        #expect(again == net && h2 == h)
    }

    /// Without shuffleSeed the permutations come from the generator as before; full batch
    /// makes every step an epoch.
    @Test func withoutShuffleSeedNothingChanges() throws {
        let (x, y) = try Self.data()
        var options = TrainingOptions()
        options.iterations = 6
        var net = try Self.network()
        var rng = NumPyRandom(seed: 3)
        let h = try Trainer.train(&net, x: x, y: y, options: options, rng: &rng)
        #expect(rng == NumPyRandom(seed: 3))
        #expect(h.epochCosts.count == 6 && h.learningRates == Array(repeating: 0.01, count: 6))
        for (a, b) in zip(h.epochCosts, h.costs) { expectClose(a, b, rtol: 1e-14) }
    }
}
