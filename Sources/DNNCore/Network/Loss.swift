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

    /// The cost over `count` entries of which `examples` are columns.
    func cost(_ a: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int, examples: Int) -> Double {
        scale(examples: examples) * termSum(a, y, count: count)
    }

    /// The factor in front of the sum of terms: 1/m, or 1/(2m) for mean squared error.
    func scale(examples: Int) -> Double {
        self == .meanSquaredError ? 1.0 / (2 * Double(examples)) : 1.0 / Double(examples)
    }

    /// The sum of the loss terms, in numpy's pairwise order, without the 1/m.
    func termSum(_ a: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
        pairwiseTermSum(count) { term(a[$0], y[$0]) }
    }

    /// One example's (and output's) term of the cost, as the course computes it.
    @inline(__always)
    func term(_ a: Double, _ y: Double) -> Double {
        switch self {
        case .binaryCrossEntropy:
            // np.nansum treats a NaN term (0·∞) as 0. For a label of exactly 1 (or 0) with a
            // finite other term, the course's expression equals its one live term: one log
            // instead of two, same bits.
            if y == 1 && a < 1 { return -Glibc.log(a) }
            if y == 0 && a > 0 { return -Glibc.log(1 - a) }
            let t = -Glibc.log(a) * y + -Glibc.log(1 - a) * (1 - y)
            return t.isNaN ? 0 : t
        case .softmaxCrossEntropy:
            let t = -y * Glibc.log(a)
            return t.isNaN ? 0 : t
        case .meanSquaredError:
            return (a - y) * (a - y)
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
