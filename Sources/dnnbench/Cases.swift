import DNNCore
#if canImport(Glibc)
import Glibc
#endif

func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// The benchmark cases; each mirrors scripts/bench/numpy_ref.py.
enum BenchCase: String, CaseIterable {
    case a1Zeros = "a1-zeros", a1Random = "a1-random", a1He = "a1-he"
    case a2None = "a2-none", a2L2 = "a2-l2", a2Dropout = "a2-dropout"
    case softmaxDigits = "softmax-digits", softmaxMnist = "softmax-mnist"

    struct Result {
        var finalCost: Double
        var trainAccuracy: Double
        /// Seconds per step of each block of `stepBlocks` steps (empty unless asked for).
        var stepSeconds: [Double] = []
    }

    /// - Parameter stepBlocks: when set, the wall time of each block of this many steps is
    ///   collected (for `--step-times`: the fastest block shows the engine's speed on a noisy
    ///   machine better than the whole process's time does).
    func run(iterations: Int?, dataPath: String, stepBlocks: Int? = nil) throws -> Result {
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
        return Result(finalCost: history.costs.last ?? .nan, trainAccuracy: try model.accuracy(x, y),
                      stepSeconds: blockTimes)
    }
}
