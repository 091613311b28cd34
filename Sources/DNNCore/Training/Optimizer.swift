#if canImport(Glibc)
import Glibc
#endif

/// How a step moves the parameters once the gradients (with the regularizer's term) are
/// known, in the course's forms (Week 2, "Optimization algorithms"). W and b are treated
/// alike; the state (v, s, t) starts at zero in every training run.
///
/// The course's momentum is the exponentially weighted average; Keras's `SGD(momentum:)`
/// (v = βv − α dW) and PyTorch's (v = βv + dW) are other forms. Keras's Adam has ε = 1e-7.
public enum Optimizer: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Gradient descent: W −= α·dW.
    case gd
    /// v = β·v + (1 − β)·dW; W −= α·v (no bias correction, as the assignment).
    case momentum(beta: Double = 0.9)
    /// s = β·s + (1 − β)·dW²; W −= α·dW / (√s + ε).
    case rmsprop(beta: Double = 0.999, epsilon: Double = 1e-8)
    /// v = β1·v + (1 − β1)·dW; s = β2·s + (1 − β2)·dW²; v̂ = v/(1 − β1^t); ŝ = s/(1 − β2^t);
    /// W −= α·v̂ / (√ŝ + ε), with t the steps taken in this run counting from 1.
    /// The defaults are the lecture's.
    case adam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)

    /// The names the language accepts.
    public static let names = ["gd", "momentum", "rmsprop", "adam"]

    /// The optimizer's name, as the language writes it.
    public var name: String {
        switch self {
        case .gd: return "gd"
        case .momentum: return "momentum"
        case .rmsprop: return "rmsprop"
        case .adam: return "adam"
        }
    }

    public var description: String {
        switch self {
        case .gd: return "gd"
        case .momentum(let beta): return "momentum(beta: \(beta))"
        case .rmsprop(let beta, let epsilon): return "rmsprop(beta: \(beta), epsilon: \(epsilon))"
        case .adam(let beta1, let beta2, let epsilon): return "adam(beta1: \(beta1), beta2: \(beta2), epsilon: \(epsilon))"
        }
    }

    /// Checks the hyperparameters: every β in [0, 1), ε > 0 and finite.
    /// - Throws: ``TrainingError/badOption(_:)`` naming the value.
    public func validate() throws {
        func beta(_ label: String, _ b: Double) throws {
            guard b >= 0 && b < 1 else { throw TrainingError.badOption("\(name): \(label) must be in [0, 1), not \(b)") }
        }
        func epsilon(_ e: Double) throws {
            guard e > 0 && e.isFinite else { throw TrainingError.badOption("\(name): epsilon must be a finite number > 0, not \(e)") }
        }
        switch self {
        case .gd: return
        case .momentum(let b): try beta("beta", b)
        case .rmsprop(let b, let e): try beta("beta", b); try epsilon(e)
        case .adam(let b1, let b2, let e): try beta("beta1", b1); try beta("beta2", b2); try epsilon(e)
        }
    }
}

/// An optimizer's state over a list of parameter blocks (W1, b1, W2, b2, … as raw
/// buffers): v and s per block, allocated once for a run, and Adam's step count. It knows
/// nothing of layers; a step allocates nothing. Public for plain functions too (the
/// language's `minimize`), through ``step(_:gradient:learningRate:)``.
public final class OptimizerState {
    let optimizer: Optimizer
    private let counts: [Int]
    private var v: [UnsafeMutablePointer<Double>] = []
    private var s: [UnsafeMutablePointer<Double>] = []
    /// Steps taken so far (Adam's t after the last step).
    private(set) var steps = 0

    /// - Parameter counts: the number of entries of each parameter block.
    public init(_ optimizer: Optimizer, counts: [Int]) {
        self.optimizer = optimizer
        self.counts = counts
        switch optimizer {
        case .gd: break
        case .momentum: v = counts.map { Lane.alloc($0) }
        case .rmsprop: s = counts.map { Lane.alloc($0) }
        case .adam:
            v = counts.map { Lane.alloc($0) }
            s = counts.map { Lane.alloc($0) }
        }
    }

    deinit {
        for p in v + s { p.deallocate() }
    }

    /// One step on a single block of `counts[0]` values (a state made for one block).
    public func step(_ values: inout [Double], gradient: [Double], learningRate lr: Double) {
        precondition(counts.count == 1 && values.count == counts[0] && gradient.count == counts[0], "one block of matching size")
        guard !values.isEmpty else { return }
        var g = gradient
        values.withUnsafeMutableBufferPointer { p in
            g.withUnsafeMutableBufferPointer { q in step(parameters: [p.baseAddress!], gradients: [q.baseAddress!], learningRate: lr) }
        }
    }

    /// One step over every block: `parameters[k]` moves by its gradient `gradients[k]`.
    /// The expressions keep numpy's order of operations (the course's code), so a run
    /// agrees with numpy to rounding of the products, not just in value.
    func step(parameters: [UnsafeMutablePointer<Double>], gradients: [UnsafeMutablePointer<Double>], learningRate lr: Double) {
        steps += 1
        switch optimizer {
        case .gd:
            for k in counts.indices {
                let (p, g) = (parameters[k], gradients[k])
                for i in 0..<counts[k] { p[i] = p[i] - lr * g[i] }
            }
        case .momentum(let beta):
            let keep = 1 - beta
            for k in counts.indices {
                let (p, g, vk) = (parameters[k], gradients[k], v[k])
                for i in 0..<counts[k] {
                    let vi = beta * vk[i] + keep * g[i]
                    vk[i] = vi
                    p[i] = p[i] - lr * vi
                }
            }
        case .rmsprop(let beta, let epsilon):
            let keep = 1 - beta
            for k in counts.indices {
                let (p, g, sk) = (parameters[k], gradients[k], s[k])
                for i in 0..<counts[k] {
                    let gi = g[i]
                    let si = beta * sk[i] + keep * (gi * gi)
                    sk[i] = si
                    p[i] = p[i] - lr * gi / (si.squareRoot() + epsilon)
                }
            }
        case .adam(let beta1, let beta2, let epsilon):
            // numpy: beta1**t is C's pow; the corrections divide, as the course's code does.
            let correction1 = 1 - pow(beta1, Double(steps))
            let correction2 = 1 - pow(beta2, Double(steps))
            let (keep1, keep2) = (1 - beta1, 1 - beta2)
            for k in counts.indices {
                let (p, g, vk, sk) = (parameters[k], gradients[k], v[k], s[k])
                for i in 0..<counts[k] {
                    let gi = g[i]
                    let vi = beta1 * vk[i] + keep1 * gi
                    let si = beta2 * sk[i] + keep2 * (gi * gi)
                    vk[i] = vi
                    sk[i] = si
                    p[i] = p[i] - lr * (vi / correction1) / ((si / correction2).squareRoot() + epsilon)
                }
            }
        }
    }
}
