import Testing
import DNNCore
import DNNTestSupport

/// What a run records for its curves: the cost in two parts, the dev evaluations, early
/// stopping's rule, and the labels it refuses.
extension TrainerTests {
    static func moons() throws -> (train: Dataset, dev: Dataset) {
        var rng = NumPyRandom(seed: 2)
        let all = try DatasetGenerators.moons(samples: 60, noise: 0.35, rng: &rng)
        return (try all.subset(columns: Array(0..<30)), try all.subset(columns: Array(30..<60)))
    }

    @Test func costsSplitIntoLossesAndPenalties() throws {
        let data = try Self.circles()
        let start = try Self.network()
        var options = TrainingOptions()
        options.iterations = 10
        options.regularizer = .l2(lambda: 0.7)
        var net = start
        var rng = NumPyRandom(seed: 0)
        let h = try Trainer.train(&net, x: data.X, y: data.Y, options: options, rng: &rng)
        #expect(h.costs.count == 10 && h.losses.count == 10 && h.penalties.count == 10)
        for i in 0..<10 { #expect(h.costs[i] == h.losses[i] + h.penalties[i], "step \(i)") }
        // Step 0 runs on the initial weights: its loss is their cost without a penalty, its
        // penalty λ/(2m)·Σ‖W‖² of them.
        expectClose(h.losses[0], try start.cost(data.X, data.Y), rtol: 1e-12, "loss at step 0")
        expectClose(h.penalties[0], Regularizer.l2(lambda: 0.7).cost(weights: start.weights, examples: 300), rtol: 1e-12, "penalty at step 0")
        #expect(h.penalties.allSatisfy { $0 > 0 })

        // Without a penalty the loss is the cost, stored once.
        var plain = start
        let p = try Trainer.train(&plain, x: data.X, y: data.Y, options: TrainingOptions(), rng: &rng)
        #expect(p.penalties.isEmpty && p.losses == p.costs)
    }

    @Test func devIsEvaluatedFromStepZeroEveryKSteps() throws {
        let (train, dev) = try Self.moons()
        var rng = NumPyRandom(seed: 3)
        let start = try Network(inputSize: 2, layers: [LayerSpec(units: 8, activation: .relu), LayerSpec(units: 1, activation: .sigmoid)],
                                initializer: .he, rng: &rng)
        var options = TrainingOptions()
        options.iterations = 250
        options.evaluateEvery = 100
        options.dev = (dev.X, dev.Y)
        var net = start
        let h = try Trainer.train(&net, x: train.X, y: train.Y, options: options, rng: &rng)
        #expect(h.devIterations == [0, 100, 200, 250])
        expectClose(h.devCosts[0], try start.cost(dev.X, dev.Y), rtol: 1e-12, "dev cost of the initial weights")
        expectClose(h.devCosts[3], try net.cost(dev.X, dev.Y), rtol: 1e-12, "dev cost of the final weights")
        #expect(TrainingOptions().evaluateEvery == 100)

        options.evaluateEvery = 0
        #expect(throws: TrainingError.badOption("evaluate_every must be at least 1, not 0")) {
            try Trainer.train(&net, x: train.X, y: train.Y, options: options, rng: &rng)
        }
    }

    /// The evaluations are at fixed steps, so the budget does not move the stop: the run
    /// stops `patience` evaluations after its best, with the best's weights.
    @Test func earlyStoppingDoesNotDependOnTheBudget() throws {
        let (train, dev) = try Self.moons()
        var rng = NumPyRandom(seed: 2)
        let start = try Network(inputSize: 2, layers: [LayerSpec(units: 50, activation: .relu), LayerSpec(units: 1, activation: .sigmoid)],
                                initializer: .he, rng: &rng)
        func run(_ budget: Int) throws -> (Network, TrainingHistory) {
            var options = TrainingOptions()
            options.learningRate = 0.5
            options.iterations = budget
            options.dev = (dev.X, dev.Y)
            options.evaluateEvery = 50
            options.earlyStopping = EarlyStopping(patience: 5)
            var net = start
            var generator = NumPyRandom(seed: 0)
            return (net, try Trainer.train(&net, x: train.X, y: train.Y, options: options, rng: &generator))
        }
        let (short, a) = try run(5000)
        let (long, b) = try run(20000)
        #expect(a.stoppedEarly && b.stoppedEarly)
        #expect(short == long && a == b)
        let best = try #require(a.bestIteration)
        #expect(a.iterations == best + 5 * 50)
        #expect(a.devIterations.last == a.iterations)
    }

    @Test func labelsThatDoNotFitTheOutputAreRefused() throws {
        var rng = NumPyRandom(seed: 1)
        let blobs = try DatasetGenerators.blobs(samples: 30, centers: 3, rng: &rng)
        var sigmoid = try Self.network()
        #expect(throws: NetworkError.labelsDoNotFit(LabelMismatch(output: .sigmoid, units: 1, labels: [0, 1, 2], distinctCount: 3,
                                                                  example: blobs.Y.values.firstIndex(of: 2)!, label: 2, classCount: 3))) {
            try Trainer.train(&sigmoid, x: blobs.X, y: blobs.Y, options: TrainingOptions(), rng: &rng)
        }
        let softmax = try Network(inputSize: 2, layers: [LayerSpec(units: 2, activation: .softmax)], initializer: .he, rng: &rng)
        #expect(throws: NetworkError.self) { try softmax.checkLabels(blobs.Y) }
        let fractional = Matrix(row: [0, 1, 0.5, 1])
        #expect(throws: NetworkError.labelsDoNotFit(LabelMismatch(output: .sigmoid, units: 1, labels: [0, 0.5, 1], distinctCount: 3,
                                                                  example: 2, label: 0.5, classCount: nil))) {
            try sigmoid.checkLabels(fractional)
        }
        #expect(NetworkError.labelsDoNotFit(LabelMismatch(output: .softmax, units: 3, labels: [0, 1, 2, 3], distinctCount: 4,
                                                          example: 7, label: 3, classCount: 4)).description
                == "labels 0, 1, 2, 3 do not fit a softmax output of 3 units: it needs class indices 0 … 2 (example 7 has label 3)")
        // Regression targets on a linear unit are not labels: not checked.
        let linear = try Network(inputSize: 2, layers: [LayerSpec(units: 1, activation: .linear)], initializer: .he, rng: &rng)
        try linear.checkLabels(fractional)
    }
}
