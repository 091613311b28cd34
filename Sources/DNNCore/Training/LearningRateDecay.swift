#if canImport(Glibc)
import Glibc
#endif

/// How the learning rate falls with the epochs, in the assignment's order: after epoch e
/// (counting from 0) the rate becomes f(α0, e), so epoch e + 1 uses f(α0, e) and epoch 0
/// uses α0. (The lecture's formulas count epochs from 1.)
///
/// Unchecked `Sendable`: a custom function is only ever called on the thread that calls
/// ``Trainer/train(_:x:y:options:rng:onStep:)``, before its first step.
public enum LearningRateDecay: @unchecked Sendable, CustomStringConvertible {
    /// α0 / (1 + decayRate·e) — the assignment's `update_lr`.
    case inverse(decayRate: Double = 1)
    /// α0 / (1 + decayRate·⌊e / interval⌋) — the assignment's `schedule_lr_decay`
    /// (its `time_interval` is 1000).
    case schedule(decayRate: Double = 1, interval: Int = 1000)
    /// rate^e · α0 — the lecture's 0.95^epoch · α0.
    case exponential(rate: Double = 0.95)
    /// f(α0, e) for a function of the caller's (the language's user function).
    case custom((_ initialRate: Double, _ epoch: Int) throws -> Double)

    /// The names of the built-in decays, as the language writes them.
    public static let names = ["inverse", "schedule", "exponential"]

    public var description: String {
        switch self {
        case .inverse(let r): return "inverse(decay_rate: \(r))"
        case .schedule(let r, let interval): return "schedule(decay_rate: \(r), interval: \(interval))"
        case .exponential(let r): return "exponential(rate: \(r))"
        case .custom: return "custom"
        }
    }

    /// Checks the parameters: decay rates finite and ≥ 0, an interval ≥ 1, an exponential
    /// rate in (0, 1].
    /// - Throws: ``TrainingError/badOption(_:)``.
    public func validate() throws {
        func rate(_ r: Double) throws {
            guard r >= 0 && r.isFinite else { throw TrainingError.badOption("lr_decay: decay_rate must be a finite number ≥ 0, not \(r)") }
        }
        switch self {
        case .inverse(let r): try rate(r)
        case .schedule(let r, let interval):
            try rate(r)
            guard interval >= 1 else { throw TrainingError.badOption("lr_decay: interval must be at least 1, not \(interval)") }
        case .exponential(let r):
            guard r > 0 && r <= 1 else { throw TrainingError.badOption("lr_decay: rate must be in (0, 1], not \(r)") }
        case .custom: return
        }
    }

    /// The learning rate after epoch `epoch` (from 0), in the course's expressions.
    /// - Throws: what a custom function throws, or ``TrainingError/badOption(_:)`` naming the
    ///   epoch when it gives a number that is not finite or is negative.
    public func rate(initial lr0: Double, after epoch: Int) throws -> Double {
        let e = Double(epoch)
        let rate: Double
        switch self {
        case .inverse(let r): rate = lr0 / (1 + r * e)
        case .schedule(let r, let interval): rate = lr0 / (1 + r * Double(epoch / interval))
        case .exponential(let r): rate = pow(r, e) * lr0
        case .custom(let f): rate = try f(lr0, epoch)
        }
        guard rate.isFinite && rate >= 0 else {
            throw TrainingError.badOption("the learning-rate decay gave \(rate) after epoch \(epoch); a rate must be a finite number ≥ 0")
        }
        return rate
    }
}
