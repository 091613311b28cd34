import CDNNKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A layer's activation function g, with its derivative expressed through g's output
/// (as the course's backprop does: ReLU's derivative is 1 where the activation is > 0).
public enum Activation: String, CaseIterable, Sendable, Codable {
    /// max(0, z); derivative 1 where a > 0, else 0.
    case relu
    /// z for z > 0, else 0.01·z; derivative 1 or 0.01.
    case leakyRelu = "leaky_relu"
    /// tanh z; derivative 1 − a².
    case tanh
    /// 1 / (1 + e^−z); derivative a(1 − a).
    case sigmoid
    /// z; derivative 1.
    case linear
    /// e^z / Σ e^z down each column (shifted by the column maximum for stability).
    case softmax

    /// The slope of leaky ReLU for negative inputs (the kernels' DNN_LEAKY_SLOPE).
    public static let leakySlope: Double = DNN_LEAKY_SLOPE

    /// Applies the activation to a matrix of pre-activations Z (column by column for softmax).
    public func apply(_ z: Matrix) -> Matrix {
        var out = z
        out.values.withUnsafeMutableBufferPointer { p in
            applyInPlace(p.baseAddress!, rows: z.rows, cols: z.cols)
        }
        return out
    }

    /// g'(z) as a matrix, from the activation's output A = g(Z) (not defined for softmax,
    /// whose Jacobian is not elementwise: it is used only with cross-entropy).
    public func derivative(fromOutput a: Matrix) -> Matrix {
        a.map { derivative(output: $0) }
    }

    @inline(__always) func derivative(output a: Double) -> Double {
        switch self {
        case .relu: return a > 0 ? 1 : 0
        case .leakyRelu: return a > 0 ? 1 : Activation.leakySlope
        case .tanh: return 1 - a * a
        case .sigmoid: return a * (1 - a)
        case .linear, .softmax: return 1
        }
    }

    /// In-place activation of a rows×cols row-major block (exp through `kernels`).
    func applyInPlace(_ p: UnsafeMutablePointer<Double>, rows: Int, cols: Int, kernels: Kernels = .active) {
        let n = rows * cols
        switch self {
        case .relu:
            // max(0, z) keeping NaN, written as selects so the loop vectorizes.
            for i in 0..<n { let z = p[i]; p[i] = z > 0 || z != z ? z : 0 }
        case .leakyRelu:
            for i in 0..<n { let z = p[i]; p[i] = z < 0 ? z * Activation.leakySlope : z }
        case .tanh:
            for i in 0..<n { p[i] = Glibc.tanh(p[i]) }
        case .sigmoid:
            kernels.sigmoid(p, n)
        case .linear:
            break
        case .softmax:
            guard rows > 0 else { return }
            // Four columns at a time (their entries are `cols` apart), the last group
            // filled out with zeros.
            var c = 0
            while c < cols {
                Activation.softmaxColumns(p + c, lanes: Swift.min(4, cols - c), rows: rows, stride: cols, kernels: kernels)
                c += 4
            }
        }
    }

    /// Softmax down `lanes` (≤ 4) adjacent columns whose entries are `stride` apart.
    private static func softmaxColumns(_ p: UnsafeMutablePointer<Double>, lanes: Int, rows: Int, stride: Int, kernels: Kernels) {
        @inline(__always) func load(_ r: Int) -> SIMD4<Double> { VectorMath.load(p + r * stride, count: lanes, fill: 0) }
        @inline(__always) func store(_ r: Int, _ v: SIMD4<Double>) { VectorMath.store(v, to: p + r * stride, count: lanes) }
        // Shifted by the column maximum for stability (Swift.max's rule: a NaN entry does
        // not replace the running maximum).
        var top = SIMD4<Double>(repeating: -.infinity)
        for r in 0..<rows { let v = load(r); top.replace(with: v, where: v .>= top) }
        var total = SIMD4<Double>()
        for r in 0..<rows {
            let e = VectorMath.exp(load(r) - top, kernels)
            store(r, e)
            total += e
        }
        for r in 0..<rows { store(r, load(r) / total) }
    }
}
