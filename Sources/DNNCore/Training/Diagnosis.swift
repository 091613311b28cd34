/// Bias and variance from train, dev and human-level error, with the lecture's basic recipe.
///
/// Avoidable bias = train − human error, variance = dev − train error (docs/course-reference.md §1);
/// each counts as high when it is more than `tolerance` (a fraction: 0.02 = 2 percentage points).
public struct Diagnosis: Sendable, Equatable {
    /// The lecture's four cases.
    public enum Case: String, Sendable {
        case highBias = "high bias"
        case highVariance = "high variance"
        case highBiasAndVariance = "high bias and high variance"
        case fine = "low bias, low variance"
    }

    /// Which of the two gaps is larger.
    public enum Larger: String, Sendable {
        case avoidableBias = "avoidable bias"
        case variance
        case neither
    }

    /// One step of the basic recipe; the language words each with its own options.
    public enum Step: String, Sendable, CaseIterable {
        // For high bias, in the lecture's order.
        case biggerNetwork, trainLonger, betterOptimizer
        // For high variance.
        case moreData, regularization
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

    // Differences of rates such as 0.10 − 0.08 carry rounding (0.020000000000000004):
    // a gap within 1e-12 of the tolerance is not above it.
    private func isHigh(_ gap: Double) -> Bool { gap - tolerance > 1e-12 }

    public var highBias: Bool { isHigh(avoidableBias) }
    public var highVariance: Bool { isHigh(variance) }

    public var diagnosis: Case {
        switch (highBias, highVariance) {
        case (true, true): return .highBiasAndVariance
        case (true, false): return .highBias
        case (false, true): return .highVariance
        case (false, false): return .fine
        }
    }

    /// The larger gap (equal within 1e-12: neither).
    public var larger: Larger {
        if abs(avoidableBias - variance) <= 1e-12 { return .neither }
        return avoidableBias > variance ? .avoidableBias : .variance
    }

    /// The basic recipe's next steps: bias first, then variance; none when both are fine.
    public var steps: [Step] {
        (highBias ? [.biggerNetwork, .trainLonger, .betterOptimizer] : []) + (highVariance ? [.moreData, .regularization] : [])
    }

    /// A diagnosis from error rates given as fractions (0.01 = 1%).
    /// - Throws: ``TrainingError/badOption(_:)`` for a rate outside [0, 1] or a tolerance outside [0, 1].
    public init(trainError: Double, devError: Double, humanError: Double = 0, tolerance: Double = defaultTolerance) throws {
        for (name, v) in [("train error", trainError), ("dev error", devError), ("human error", humanError)] where !(v >= 0 && v <= 1) {
            throw TrainingError.badOption("\(name) must be a fraction between 0 and 1, not \(v)")
        }
        guard tolerance >= 0, tolerance <= 1 else { throw TrainingError.badOption("tolerance must be a fraction between 0 and 1, not \(tolerance)") }
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
    /// ‖dZ[l]‖_F, the gradient of the cost with respect to layer l's linear output
    /// Z[l] = W[l]·A[l−1] + b[l] over all m examples: the signal backprop carries into
    /// layer l. It is what shrinks (or grows) layer by layer towards the input when the
    /// weights are small (large); dW[l] = dZ[l]·A[l−1]ᵀ and db[l] = its row sums.
    public var gradientNorm: Double
    /// Mean |dZ[l]| over units and examples.
    public var gradientMeanAbs: Double
    /// ‖dW[l]‖_F. In a deep net with small weights it hardly changes from layer to layer:
    /// dZ[l] shrinks towards the input as fast as A[l−1] shrinks towards the output.
    public var weightGradientNorm: Double

    /// Statistics of one forward and backward pass (inference mode, no regularizer) over
    /// all of (x, y), at the network's current weights.
    public static func measure(_ network: Network, x: Matrix, y: Matrix) throws -> [LayerStatistics] {
        let activations = try network.activationsOf(x)
        var none: NumPyRandom? = nil
        let grads = try Trainer.gradients(of: network, x: x, y: y, dropout: &none)
        // Backprop once more, as matrices, to keep every dZ[l] (the engine keeps only dW, db).
        let targets = try network.targets(forLabels: y)
        let last = network.depth - 1
        let output = activations[last], inv = 1.0 / Double(x.cols)
        var dZ = [Matrix](repeating: output, count: network.depth)
        dZ[last] = try output.zipWith(targets, operation: "compare predictions with targets") {
            network.loss.outputDelta($0, $1, activation: network.activations[last], inv: inv)
        }
        for l in stride(from: last, to: 0, by: -1) {
            dZ[l - 1] = try network.weights[l].transposed.matmul(dZ[l]) * network.activations[l - 1].derivative(fromOutput: activations[l - 1])
        }
        return (0..<network.depth).map { l in
            let a = activations[l]
            return LayerStatistics(layer: l + 1, units: network.sizes[l + 1], activationMean: a.mean(),
                                   activationStd: a.standardDeviation(), activationMeanAbs: a.abs().mean(),
                                   weightStd: network.weights[l].standardDeviation(),
                                   gradientNorm: dZ[l].norm(), gradientMeanAbs: dZ[l].abs().mean(),
                                   weightGradientNorm: grads.dW[l].norm())
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
