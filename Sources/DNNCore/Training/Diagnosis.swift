/// Bias and variance from train, dev and human-level error, with the lecture's basic recipe.
public struct Diagnosis: Sendable, Equatable {
    /// The lecture's four cases.
    public enum Case: String, Sendable {
        case highBias = "high bias"
        case highVariance = "high variance"
        case highBiasAndVariance = "high bias and high variance"
        case fine = "low bias, low variance"
    }

    /// The default gap (as a fraction) above which bias or variance counts as high.
    public static let defaultTolerance = 0.02

    public var trainError: Double
    public var devError: Double
    /// Human-level (≈ Bayes) error; 0 unless given.
    public var humanError: Double
    /// Train error − human error.
    public var avoidableBias: Double { trainError - humanError }
    /// Dev error − train error.
    public var variance: Double { devError - trainError }
    public var tolerance: Double

    public var diagnosis: Case {
        switch (avoidableBias > tolerance, variance > tolerance) {
        case (true, true): return .highBiasAndVariance
        case (true, false): return .highBias
        case (false, true): return .highVariance
        case (false, false): return .fine
        }
    }

    /// The basic recipe's next steps: fix bias first, then variance.
    public var advice: [String] {
        var steps: [String] = []
        if avoidableBias > tolerance {
            steps += ["high bias: try a bigger network (more hidden units or layers)",
                      "train longer (more iterations) or with a better optimizer",
                      "try another architecture"]
        }
        if variance > tolerance {
            steps += ["high variance: get more training data (or augment it)",
                      "add regularization (L2, dropout)",
                      "try another architecture"]
        }
        if steps.isEmpty { steps = ["train and dev errors are both close to human level: done"] }
        return steps
    }

    /// A diagnosis from error rates given as fractions (0.01 = 1%).
    /// - Throws: ``TrainingError/badOption(_:)`` for a rate outside [0, 1].
    public init(trainError: Double, devError: Double, humanError: Double = 0, tolerance: Double = defaultTolerance) throws {
        for (name, v) in [("train error", trainError), ("dev error", devError), ("human error", humanError)] where !(v >= 0 && v <= 1) {
            throw TrainingError.badOption("\(name) must be a fraction between 0 and 1, not \(v)")
        }
        guard tolerance >= 0, tolerance.isFinite else { throw TrainingError.badOption("tolerance must be 0 or more, not \(tolerance)") }
        self.trainError = trainError
        self.devError = devError
        self.humanError = humanError
        self.tolerance = tolerance
    }
}

/// Per-layer scale of activations and gradients, for the vanishing/exploding lecture.
public struct LayerStatistics: Sendable, Equatable {
    public var layer: Int
    public var units: Int
    /// Mean and standard deviation of A[l] over units and examples.
    public var activationMean: Double
    public var activationStd: Double
    /// Mean |A[l]|.
    public var activationMeanAbs: Double
    /// Standard deviation of W[l]'s entries.
    public var weightStd: Double
    /// ‖dW[l]‖_F and mean |dW[l]|.
    public var gradientNorm: Double
    public var gradientMeanAbs: Double

    /// Statistics of one forward and backward pass (inference mode) over (x, y).
    public static func measure(_ network: Network, x: Matrix, y: Matrix) throws -> [LayerStatistics] {
        let activations = try network.activationsOf(x)
        var none: NumPyRandom? = nil
        let grads = try Trainer.gradients(of: network, x: x, y: y, dropout: &none)
        return (0..<network.depth).map { l in
            let a = activations[l]
            let mean = a.mean()
            let variance = a.map { ($0 - mean) * ($0 - mean) }.mean()
            let w = network.weights[l]
            let wMean = w.mean()
            return LayerStatistics(layer: l + 1, units: network.sizes[l + 1], activationMean: mean,
                                   activationStd: variance.squareRoot(), activationMeanAbs: a.abs().mean(),
                                   weightStd: w.map { ($0 - wMean) * ($0 - wMean) }.mean().squareRoot(),
                                   gradientNorm: grads.dW[l].norm(), gradientMeanAbs: grads.dW[l].abs().mean())
        }
    }
}

extension Network {
    /// The confusion matrix of predictions against a label row: entry [i, j] counts the
    /// examples of true class i predicted as class j.
    public func confusionMatrix(_ x: Matrix, _ y: Matrix) throws -> Matrix {
        let p = try predict(x)
        guard p.shape == y.shape else { throw NetworkError.targetShape(expected: p.shape, found: y.shape) }
        let classes = Swift.max(sizes[sizes.count - 1], 2)
        var c = try Matrix(rows: classes, cols: classes)
        for (t, q) in zip(y.values, p.values) {
            guard let i = Int(exactly: t), let j = Int(exactly: q), i >= 0, j >= 0, i < classes, j < classes else { continue }
            c[i, j] += 1
        }
        return c
    }
}
