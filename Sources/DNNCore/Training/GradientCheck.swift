/// Gradient checking: backprop's gradient against two-sided differences
/// (J(θ + ε) − J(θ − ε)) / 2ε, compared by the course's relative difference
/// ‖dθ_approx − dθ‖₂ / (‖dθ_approx‖₂ + ‖dθ‖₂), overall and per parameter.
public enum GradientCheck {
    /// The course's default ε.
    public static let defaultEpsilon = 1e-7
    /// Differences at or below this pass (assignment 3's threshold; older copies used 1e-7).
    public static let passThreshold = 2e-7
    /// Differences at or above this are probably a bug (the lecture's ≈1e-3).
    public static let bugThreshold = 1e-3

    /// A named block of θ (W1, b1, …) with its shape, in θ's order.
    public struct Block: Sendable, Equatable {
        public var name: String
        public var rows: Int
        public var cols: Int
        public var count: Int { rows * cols }
        public init(name: String, rows: Int, cols: Int) { self.name = name; self.rows = rows; self.cols = cols }
    }

    /// What the lecture says of a difference.
    public enum Verdict: String, Sendable {
        /// ≤ 2e-7: backprop is right.
        case correct
        /// Between: look again at the components.
        case lookAgain = "look again"
        /// ≥ 1e-3: probably a bug.
        case bug = "probably a bug"

        public init(difference d: Double) {
            if d <= GradientCheck.passThreshold { self = .correct } else if d < GradientCheck.bugThreshold { self = .lookAgain } else { self = .bug }
        }
    }

    /// One entry of a block where backprop and the numerical gradient disagree.
    public struct Entry: Sendable, Equatable {
        public var row: Int
        public var col: Int
        public var analytic: Double
        public var numeric: Double
    }

    /// A block's own difference and its worst entries.
    public struct BlockResult: Sendable, Equatable {
        public var name: String
        public var difference: Double
        public var worst: [Entry]
    }

    /// The whole check.
    public struct Result: Sendable, Equatable {
        public var difference: Double
        public var epsilon: Double
        public var verdict: Verdict
        /// Per block, in θ's order.
        public var blocks: [BlockResult]
        public var gradient: [Double]
        public var approximation: [Double]
        public var warnings: [String]
        /// For a network: how many parameters' probes θ ± ε moved some ReLU input across
        /// the kink at z = 0 (their two-sided differences average two slopes).
        public var kinkCrossings: Int = 0
        /// For a network with kink crossings: the difference over the other parameters.
        public var differenceWithoutKinks: Double? = nil
        /// Blocks sorted from the worst difference down.
        public var worstBlocks: [BlockResult] { blocks.sorted { $0.difference > $1.difference } }
    }

    /// Errors of a check's inputs.
    public enum CheckError: Error, Equatable, Sendable, CustomStringConvertible {
        case lengthMismatch(theta: Int, gradient: Int)
        case blocksMismatch(theta: Int, blocks: Int)
        case badEpsilon(Double)
        public var description: String {
            switch self {
            case let .lengthMismatch(t, g): return "θ has \(t) entries but the gradient has \(g)"
            case let .blocksMismatch(t, b): return "θ has \(t) entries but the parameter shapes cover \(b)"
            case let .badEpsilon(e): return "epsilon must be a small positive number, not \(e)"
            }
        }
    }

    /// The course's relative difference of two vectors (0 when both are zero).
    public static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        let numerator = Matrix(row: zip(a, b).map { $0 - $1 }).norm()
        let denominator = Matrix(row: a).norm() + Matrix(row: b).norm()
        return denominator == 0 ? 0 : numerator / denominator
    }

    /// Checks a gradient against two-sided differences of a cost.
    /// - Parameters:
    ///   - cost: J(θ).
    ///   - gradient: the gradient to check, at `theta`.
    ///   - theta: the point.
    ///   - blocks: θ's named blocks (one block "θ" when nil).
    ///   - epsilon: the step.
    ///   - probing: called before each parameter's probes with (parameters done, all of them),
    ///     so a host can show progress or stop a long check by throwing.
    /// - Throws: ``CheckError`` for mismatched lengths; whatever `cost` or `probing` throws.
    public static func check(cost: ([Double]) throws -> Double, gradient: [Double], at theta: [Double],
                             blocks: [Block]? = nil, epsilon: Double = defaultEpsilon,
                             probing: (Int, Int) throws -> Void = { _, _ in }) throws -> Result {
        guard epsilon > 0, epsilon.isFinite else { throw CheckError.badEpsilon(epsilon) }
        guard gradient.count == theta.count else { throw CheckError.lengthMismatch(theta: theta.count, gradient: gradient.count) }
        let blocks = blocks ?? [Block(name: "θ", rows: theta.count, cols: 1)]
        let covered = blocks.reduce(0) { $0 + $1.count }
        guard covered == theta.count else { throw CheckError.blocksMismatch(theta: theta.count, blocks: covered) }
        var approx = [Double](repeating: 0, count: theta.count)
        var probe = theta
        for i in 0..<theta.count {
            try probing(i, theta.count)
            probe[i] = theta[i] + epsilon
            let plus = try cost(probe)
            probe[i] = theta[i] - epsilon
            let minus = try cost(probe)
            probe[i] = theta[i]
            approx[i] = (plus - minus) / (2 * epsilon)
        }
        let difference = relativeDifference(gradient, approx)
        var results: [BlockResult] = []
        var start = 0
        for block in blocks {
            let range = start..<(start + block.count)
            let g = Array(gradient[range]), n = Array(approx[range])
            let worst = range.sorted { Swift.abs(gradient[$0] - approx[$0]) > Swift.abs(gradient[$1] - approx[$1]) }
                .prefix(3)
                .filter { gradient[$0] != approx[$0] }
                .map { Entry(row: ($0 - start) / Swift.max(block.cols, 1), col: ($0 - start) % Swift.max(block.cols, 1),
                             analytic: gradient[$0], numeric: approx[$0]) }
            results.append(BlockResult(name: block.name, difference: relativeDifference(g, n), worst: worst))
            start += block.count
        }
        return Result(difference: difference, epsilon: epsilon, verdict: Verdict(difference: difference), blocks: results,
                      gradient: gradient, approximation: approx, warnings: [])
    }

    /// Checks a network's backprop (the regularizer's term included, as the lecture says).
    /// Dropout makes J ill-defined, so it is turned off for the check, with a warning.
    /// θ is W1, b1, W2, b2, … flattened row by row.
    /// - Parameter probing: as for ``check(cost:gradient:at:blocks:epsilon:probing:)``.
    public static func check(network: Network, x: Matrix, y: Matrix, regularizer: Regularizer = .none,
                             epsilon: Double = defaultEpsilon,
                             probing: (Int, Int) throws -> Void = { _, _ in }) throws -> Result {
        var net = network
        var warnings: [String] = []
        if net.usesDropout {
            warnings.append("dropout is turned off for the gradient check (it makes J ill-defined); check with keep_prob = 1, then turn dropout on")
            net.keepProbs = net.keepProbs.map { _ in 1 }
        }
        var none: NumPyRandom? = nil
        let analytic = try Trainer.gradients(of: net, x: x, y: y, regularizer: regularizer, dropout: &none)
        var blocks: [Block] = []
        var gradient: [Double] = []
        var theta: [Double] = []
        for l in 0..<net.depth {
            blocks.append(Block(name: "W\(l + 1)", rows: net.weights[l].rows, cols: net.weights[l].cols))
            blocks.append(Block(name: "b\(l + 1)", rows: net.biases[l].rows, cols: 1))
            gradient += analytic.dW[l].values + analytic.db[l].values
            theta += net.weights[l].values + net.biases[l].values
        }
        // A probe θ ± ε whose ReLU pattern (which inputs z are > 0) differs from θ's crossed
        // a kink; the calls come in pairs, θ + ε then θ − ε, parameter by parameter.
        let targets = try net.targets(forLabels: y)
        let pattern = reluPattern(of: try net.activationsOf(x), net.activations)
        var crossed = Set<Int>()
        var calls = 0
        var probe = net
        var result = try check(cost: { t in
            var k = 0
            for l in 0..<probe.depth {
                let nw = probe.weights[l].count, nb = probe.biases[l].count
                probe.weights[l].values = Array(t[k..<(k + nw)])
                k += nw
                probe.biases[l].values = Array(t[k..<(k + nb)])
                k += nb
            }
            let activations = try probe.activationsOf(x)
            if reluPattern(of: activations, probe.activations) != pattern { crossed.insert(calls / 2) }
            calls += 1
            return try probe.loss.cost(activations[activations.count - 1], targets)
                + regularizer.cost(weights: probe.weights, examples: x.cols)
        }, gradient: gradient, at: theta, blocks: blocks, epsilon: epsilon, probing: probing)
        if !crossed.isEmpty {
            let kept = theta.indices.filter { !crossed.contains($0) }
            let without = relativeDifference(kept.map { gradient[$0] }, kept.map { result.approximation[$0] })
            result.kinkCrossings = crossed.count
            result.differenceWithoutKinks = without
            if result.verdict != .correct {
                let n = crossed.count
                warnings.append("\(n) of the \(theta.count) parameters move a ReLU input across its kink at z = 0 within ±ε, where the two-sided difference averages two slopes; without \(n == 1 ? "it" : "them") the difference is \(without) (\(Verdict(difference: without).rawValue)). A kink, not backprop, may be to blame: check again at another point (after a few training steps, or with non-zero biases)")
            }
        }
        result.warnings = warnings
        return result
    }

    /// Which ReLU-type units are active (output > 0, so z > 0) for each example.
    static func reluPattern(of activations: [Matrix], _ kinds: [Activation]) -> [Bool] {
        var pattern: [Bool] = []
        for (a, kind) in zip(activations, kinds) where kind == .relu || kind == .leakyRelu {
            pattern += a.values.map { $0 > 0 }
        }
        return pattern
    }

    /// The numerical derivative of a one-variable function: two-sided
    /// (f(θ + ε) − f(θ − ε)) / 2ε, error O(ε²), or one-sided (f(θ + ε) − f(θ)) / ε, error O(ε).
    public static func numericalDerivative(_ f: (Double) throws -> Double, at theta: Double,
                                           epsilon: Double, twoSided: Bool = true) rethrows -> Double {
        twoSided ? (try f(theta + epsilon) - f(theta - epsilon)) / (2 * epsilon)
                 : (try f(theta + epsilon) - f(theta)) / epsilon
    }
}
