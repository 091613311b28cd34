import DNNCore
#if canImport(Glibc)
import Glibc
#endif

func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// The benchmark cases; each mirrors scripts/bench/numpy_ref.py: a1-*, a2-*, softmax-*, a4
/// and a4-adam (assignment 4, "Optimization Methods": moons, [2, 5, 2, 1], batches of 64
/// shuffled from seed 10, lr 0.0007, 5000 epochs, gd or Adam) and a4-seven (its seven runs,
/// timed together). An epoch case's final cost is its last epoch's (the course's cost_avg).
enum BenchCase: String, CaseIterable {
    case a1Zeros = "a1-zeros", a1Random = "a1-random", a1He = "a1-he"
    case a2None = "a2-none", a2L2 = "a2-l2", a2Dropout = "a2-dropout"
    case softmaxDigits = "softmax-digits", softmaxMnist = "softmax-mnist"
    case a4 = "a4", a4Adam = "a4-adam", a4Seven = "a4-seven"

    struct Result {
        var finalCost: Double
        var trainAccuracy: Double
        /// Seconds per step of each block of `stepBlocks` steps (empty unless asked for).
        var stepSeconds: [Double] = []
        /// Every run's train accuracy (a4-seven).
        var accuracies: [Double] = []
    }

    /// - Parameter stepBlocks: when set, the wall time of each block of this many steps is
    ///   collected (for `--step-times`: the fastest block shows the engine's speed on a noisy
    ///   machine better than the whole process's time does).
    /// - Parameter optimizer: replaces the case's gradient descent.
    func run(iterations: Int?, dataPath: String, stepBlocks: Int? = nil, optimizer: Optimizer? = nil) throws -> Result {
        var rng = NumPyRandom(seed: 1)
        var options = TrainingOptions()
        let network: Network
        let x: Matrix, y: Matrix
        switch self {
        case .a1Zeros, .a1Random, .a1He:
            let train = try DatasetGenerators.circles(samples: 300, noise: 0.05, rng: &rng)
            (x, y) = (train.X, train.Y)
            let initializer: Initializer = self == .a1Zeros ? .zeros : self == .a1Random ? .random(scale: 10) : .he
            rng.seed(3)
            network = try Network(inputSize: 2, layers: [LayerSpec(units: 10, activation: .relu),
                                                         LayerSpec(units: 5, activation: .relu),
                                                         LayerSpec(units: 1, activation: .sigmoid)],
                                  initializer: initializer, rng: &rng)
            options.learningRate = 0.01
            options.iterations = iterations ?? 15000
        case .a2None, .a2L2, .a2Dropout:
            let train = try Dataset.fromCourseMat(path: dataPath).train
            (x, y) = (train.X, train.Y)
            rng.seed(3)
            let keep = self == .a2Dropout ? 0.86 : 1
            network = try Network(inputSize: 2, layers: [LayerSpec(units: 20, activation: .relu, keepProb: keep),
                                                         LayerSpec(units: 3, activation: .relu, keepProb: keep),
                                                         LayerSpec(units: 1, activation: .sigmoid)],
                                  initializer: .xavier, rng: &rng)
            options.learningRate = 0.3
            options.iterations = iterations ?? 30000
            if self == .a2L2 { options.regularizer = .l2(lambda: 0.7) }
            if self == .a2Dropout { options.dropoutReseed = 1 }
        case .a4, .a4Adam, .a4Seven:
            rng.seed(3)
            let train = try DatasetGenerators.moons(samples: 300, noise: 0.2, rng: &rng)
            (x, y) = (train.X, train.Y)
            rng.seed(3)
            network = try Network(inputSize: 2, layers: [LayerSpec(units: 5, activation: .relu),
                                                         LayerSpec(units: 2, activation: .relu),
                                                         LayerSpec(units: 1, activation: .sigmoid)],
                                  initializer: .he, rng: &rng)
            options.learningRate = 0.0007
            options.epochs = iterations ?? 5000
            options.batchSize = 64
            options.shuffleSeed = 10
            if self == .a4Adam { options.optimizer = .adam() }
            if self == .a4Seven { return try BenchCase.sevenRuns(network, x, y, options) }
        case .softmaxDigits, .softmaxMnist:
            let (n, m, hidden) = self == .softmaxDigits ? (64, 1797, [128, 64]) : (784, 10000, [256, 128])
            rng.seed(0)
            x = try rng.rand(n, m)
            y = Matrix(row: rng.rand(count: m).map { ($0 * 10).rounded(.down) })
            rng.seed(1)
            network = try Network(inputSize: n, layers: hidden.map { LayerSpec(units: $0, activation: .relu) }
                                    + [LayerSpec(units: 10, activation: .softmax)],
                                  initializer: .he, rng: &rng)
            options.learningRate = 0.1
            options.iterations = iterations ?? (self == .softmaxDigits ? 2000 : 200)
        }
        if let optimizer { options.optimizer = optimizer }
        var model = network
        var blockTimes: [Double] = []
        var blockStart = monotonicSeconds()
        let history = try Trainer.train(&model, x: x, y: y, options: options, rng: &rng) { progress in
            if let block = stepBlocks, (progress.iteration + 1) % block == 0 {
                let now = monotonicSeconds()
                blockTimes.append((now - blockStart) / Double(block))
                blockStart = now
            }
            return .proceed
        }
        let finalCost = options.epochs == nil ? history.costs.last : history.epochCosts.last
        return Result(finalCost: finalCost ?? .nan, trainAccuracy: try model.accuracy(x, y),
                      stepSeconds: blockTimes)
    }
}

extension BenchCase {
    /// Assignment 4's seven runs (gd, momentum, Adam; then decay) one after another; the
    /// result is the last run's, with the accuracies of all seven in `accuracies`.
    static func sevenRuns(_ network: Network, _ x: Matrix, _ y: Matrix, _ base: TrainingOptions) throws -> Result {
        let schedule = LearningRateDecay.schedule(decayRate: 0.3, interval: 1000)
        let runs: [(Optimizer, Double, LearningRateDecay?)] = [
            (.gd, 0.0007, nil), (.momentum(), 0.0007, nil), (.adam(), 0.0007, nil),
            (.gd, 0.1, .inverse(decayRate: 1)), (.gd, 0.1, schedule), (.momentum(), 0.1, schedule),
            (.adam(), 0.01, schedule),
        ]
        var result = Result(finalCost: .nan, trainAccuracy: .nan)
        for (optimizer, lr, decay) in runs {
            var options = base
            options.optimizer = optimizer
            options.learningRate = lr
            options.learningRateDecay = decay
            var model = network
            var rng = NumPyRandom(seed: 3)
            let history = try Trainer.train(&model, x: x, y: y, options: options, rng: &rng)
            result.finalCost = history.epochCosts.last ?? .nan
            result.trainAccuracy = try model.accuracy(x, y)
            result.accuracies.append(result.trainAccuracy)
        }
        return result
    }
}
