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

    /// The slope of leaky ReLU for negative inputs.
    public static let leakySlope = 0.01

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

    /// In-place activation of a rows×cols row-major block.
    func applyInPlace(_ p: UnsafeMutablePointer<Double>, rows: Int, cols: Int) {
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
            for i in 0..<n { p[i] = 1 / (1 + Glibc.exp(-p[i])) }
        case .linear:
            break
        case .softmax:
            guard rows > 0 else { return }
            for c in 0..<cols {
                var top = -Double.infinity
                for r in 0..<rows { top = Swift.max(top, p[r * cols + c]) }
                var total = 0.0
                for r in 0..<rows {
                    let e = Glibc.exp(p[r * cols + c] - top)
                    p[r * cols + c] = e
                    total += e
                }
                for r in 0..<rows { p[r * cols + c] /= total }
            }
        }
    }
}
