/// A penalty on the weights (never the biases), in the course's convention (docs/course-reference.md §1, §6).
public enum Regularizer: Sendable, Equatable, Codable, CustomStringConvertible {
    /// No penalty.
    case none
    /// J += λ/(2m) Σ_l ‖W[l]‖²_F; dW += (λ/m) W. Keras's `L2(l2)` has no 1/(2m).
    case l2(lambda: Double)
    /// J += λ/(2m) Σ_l Σ|w| (the lecture notes' form); dW += λ/(2m) sign(W).
    case l1(lambda: Double)

    public var description: String {
        switch self {
        case .none: return "none"
        case .l2(let l): return "l2(\(l))"
        case .l1(let l): return "l1(\(l))"
        }
    }

    /// The penalty for weights `weights` over `m` examples.
    public func cost(weights: [Matrix], examples m: Int) -> Double {
        let total = weights.reduce(0.0) { sum, w in
            sum + w.values.withUnsafeBufferPointer { blockSum($0.baseAddress!, count: $0.count) }
        }
        return penalty(total: total, examples: m)
    }

    /// One weight block's share of the penalty before scaling: Σw² for L2, Σ|w| for L1
    /// (numpy's pairwise order).
    func blockSum(_ w: UnsafePointer<Double>, count: Int) -> Double {
        switch self {
        case .none: return 0
        case .l2: return numpySum(count) { start, block in for i in block.indices { block[i] = w[start + i] * w[start + i] } }
        case .l1: return numpySum(count) { start, block in for i in block.indices { block[i] = Swift.abs(w[start + i]) } }
        }
    }

    /// The penalty from the blocks' summed shares, as the course writes it:
    /// (1/m)·(λ/2)·(ΣW1² + ΣW2² + …) for L2, λ/(2m)·Σ|w| for L1.
    func penalty(total: Double, examples m: Int) -> Double {
        switch self {
        case .none: return 0
        case .l2(let lambda): return 1.0 / Double(m) * (lambda / 2) * total
        case .l1(let lambda): return lambda / (2 * Double(m)) * total
        }
    }

    /// Adds the penalty's gradient for `w` into `dw` (both n×k, row-major, `count` entries).
    func addGradient(_ w: UnsafePointer<Double>, into dw: UnsafeMutablePointer<Double>, count: Int, examples m: Int) {
        switch self {
        case .none: return
        case .l2(let lambda):
            let k = lambda / Double(m)
            for i in 0..<count { dw[i] += k * w[i] }
        case .l1(let lambda):
            let k = lambda / (2 * Double(m))
            for i in 0..<count { dw[i] += k * (w[i] > 0 ? 1 : (w[i] < 0 ? -1 : 0)) }
        }
    }
}
