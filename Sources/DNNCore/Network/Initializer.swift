/// How a layer's weights W[l] (n[l] × n[l−1]) are drawn; biases always start at zero.
///
/// Every random initializer draws with `randn` from the generator it is given, W1 then W2 …,
/// each row by row — so after `seed 3` the course's numbers come out exactly. These are the
/// course's formulas; Keras's `HeNormal` (truncated) and `GlorotUniform` differ (docs/course-reference.md §6).
public enum Initializer: Sendable, Equatable, Codable, CustomStringConvertible {
    /// All zeros (assignment 1: every unit learns the same thing).
    case zeros
    /// randn(n[l], n[l−1]) · scale (assignment 1's "large random" uses scale 10).
    case random(scale: Double)
    /// randn(n[l], n[l−1]) · √(2 / n[l−1]) — He et al., for ReLU (assignment 1).
    case he
    /// randn(n[l], n[l−1]) / √n[l−1], variance 1/n[l−1] — Xavier for tanh, and the
    /// regularization assignment's initialisation (computed as a division, as it does).
    case xavier
    /// randn(n[l], n[l−1]) · √(2 / (n[l] + n[l−1])) — Glorot's variance, untruncated normal.
    case glorot

    /// The names the language accepts.
    public static let names = ["zeros", "random", "he", "xavier", "glorot"]

    public var description: String {
        switch self {
        case .zeros: return "zeros"
        case .random(let s): return "random(scale: \(s))"
        case .he: return "he"
        case .xavier: return "xavier"
        case .glorot: return "glorot"
        }
    }

    /// Draws a weight matrix.
    /// - Parameters:
    ///   - rows: n[l], the layer's units.
    ///   - cols: n[l−1], the previous layer's units.
    ///   - rng: the generator, advanced by rows·cols Gaussian draws (none for `zeros`).
    public func weights(rows: Int, cols: Int, rng: inout NumPyRandom) throws -> Matrix {
        if case .zeros = self { return try Matrix(rows: rows, cols: cols) }
        var w = try rng.randn(rows, cols)
        let n = Double(cols)
        switch self {
        case .zeros: break
        case .random(let scale): w = w * scale
        case .he: w = w * (2.0 / n).squareRoot()
        case .xavier: w = w / n.squareRoot()
        case .glorot: w = w * (2.0 / (Double(rows) + n)).squareRoot()
        }
        return w
    }
}
