#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The cost J a network minimises, averaged over the m examples.
public enum Loss: String, Sendable, Codable, CaseIterable {
    /// −(1/m) Σ [y log a + (1 − y) log(1 − a)] with the course's `np.nansum` semantics:
    /// NaN terms (0·∞) are dropped, an infinite term stays infinite.
    case binaryCrossEntropy = "binary_cross_entropy"
    /// −(1/m) Σ_columns Σ_k y_k log a_k, for softmax outputs and one-hot Y.
    case softmaxCrossEntropy = "softmax_cross_entropy"
    /// (1/2m) Σ (a − y)², whose gradient is (a − y)/m.
    case meanSquaredError = "mean_squared_error"

    /// The loss that belongs with an output activation (sigmoid → binary cross-entropy,
    /// softmax → softmax cross-entropy, anything else → mean squared error).
    public static func natural(for output: Activation) -> Loss {
        switch output {
        case .sigmoid: return .binaryCrossEntropy
        case .softmax: return .softmaxCrossEntropy
        default: return .meanSquaredError
        }
    }

    /// The cost of predictions `a` against targets `y` (same shape).
    /// - Throws: ``MatrixError/shapeMismatch(operation:lhs:rhs:)`` when the shapes differ.
    public func cost(_ a: Matrix, _ y: Matrix) throws -> Double {
        guard a.shape == y.shape else {
            throw MatrixError.shapeMismatch(operation: "compare predictions with targets", lhs: a.shape, rhs: y.shape)
        }
        return a.values.withUnsafeBufferPointer { pa in
            y.values.withUnsafeBufferPointer { py in
                cost(pa.baseAddress!, py.baseAddress!, count: a.count, examples: a.cols)
            }
        }
    }

    /// The cost over `count` entries of which `examples` are columns; no allocation beyond
    /// a small stack of partial sums.
    func cost(_ a: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int, examples: Int) -> Double {
        let m = Double(examples)
        switch self {
        case .binaryCrossEntropy:
            // Pairwise sum of the terms as np.nansum sums them (NaN treated as 0).
            return 1.0 / m * pairwiseTermSum(count) { i in
                // For a label of exactly 1 (or 0) with a finite other term, the course's
                // expression equals its one live term: one log instead of two, same bits.
                let (ai, yi) = (a[i], y[i])
                if yi == 1 && ai < 1 { return -Glibc.log(ai) }
                if yi == 0 && ai > 0 { return -Glibc.log(1 - ai) }
                let t = -Glibc.log(ai) * yi + -Glibc.log(1 - ai) * (1 - yi)
                return t.isNaN ? 0 : t
            }
        case .softmaxCrossEntropy:
            return 1.0 / m * pairwiseTermSum(count) { i in
                let t = -y[i] * Glibc.log(a[i])
                return t.isNaN ? 0 : t
            }
        case .meanSquaredError:
            return 1.0 / (2 * m) * pairwiseTermSum(count) { i in (a[i] - y[i]) * (a[i] - y[i]) }
        }
    }
}

/// Pairwise sum of `term(0..<n)` in numpy's order, computing terms on the fly in blocks.
func pairwiseTermSum(_ n: Int, _ term: (Int) -> Double) -> Double {
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 128) { block -> Double in
        func sum(_ start: Int, _ len: Int) -> Double {
            if len <= 128 {
                for i in 0..<len { block[i] = term(start + i) }
                return pairwiseSum(block.baseAddress!, len)
            }
            var half = len / 2
            half -= half % 8
            return sum(start, half) + sum(start + half, len - half)
        }
        return n == 0 ? 0 : sum(0, n)
    }
}
