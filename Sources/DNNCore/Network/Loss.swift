import CDNNKernels

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
        numpySum(count) { start, block in terms(a + start, y + start, count: block.count, into: block.baseAddress!) }
    }

    /// One example's (and output's) term of the cost, as the course computes it.
    func term(_ a: Double, _ y: Double) -> Double {
        var (a, y, t) = (a, y, 0.0)
        terms(&a, &y, count: 1, into: &t)
        return t
    }

    /// dJ/dZ[L] for one output entry with the 1/m factor `inv`: inv·(a − y) for sigmoid with
    /// binary cross-entropy, softmax with its cross-entropy and a linear output with mean
    /// squared error; otherwise dJ/dA · g'(A). Backprop (Lane) and `LayerStatistics` share it.
    @inline(__always) func outputDelta(_ a: Double, _ y: Double, activation act: Activation, inv: Double) -> Double {
        switch self {
        case .binaryCrossEntropy where act == .sigmoid, .softmaxCrossEntropy where act == .softmax:
            return inv * (a - y)
        case .meanSquaredError where act == .linear:
            return inv * (a - y)
        case .meanSquaredError:
            return inv * (a - y) * act.derivative(output: a)
        case .binaryCrossEntropy:
            // dJ/dA = (−y/a + (1 − y)/(1 − a))/m, times g'(A).
            return inv * (-y / a + (1 - y) / (1 - a)) * act.derivative(output: a)
        case .softmaxCrossEntropy:
            return inv * (-y / a) * act.derivative(output: a)
        }
    }

    /// out[i] = the term of (a[i], y[i]) for i < count, eight at a time (Sources/CDNNKernels:
    /// −log(a)·y − log(1 − a)·(1 − y) with np.nansum's rule that a NaN term (0·∞) counts 0,
    /// −y·log(a) likewise, or (a − y)²).
    func terms(_ a: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int, into out: UnsafeMutablePointer<Double>,
               kernels: Kernels = .active) {
        let code: Int32
        switch self {
        case .binaryCrossEntropy: code = Int32(DNN_LOSS_BINARY_CROSS_ENTROPY)
        case .softmaxCrossEntropy: code = Int32(DNN_LOSS_SOFTMAX_CROSS_ENTROPY)
        case .meanSquaredError: code = Int32(DNN_LOSS_MEAN_SQUARED_ERROR)
        }
        kernels.lossTerms(a, y, count, out, code)
    }
}
