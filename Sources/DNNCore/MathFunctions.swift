#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The C math library under names that do not collide with Matrix's methods.
@inline(__always) func Foundation_pow(_ a: Double, _ b: Double) -> Double { pow(a, b) }
@inline(__always) func cExp(_ x: Double) -> Double { exp(x) }
@inline(__always) func cLog(_ x: Double) -> Double { log(x) }
@inline(__always) func cLog1p(_ x: Double) -> Double { log1p(x) }
@inline(__always) func cTanh(_ x: Double) -> Double { tanh(x) }
@inline(__always) func cSqrt(_ x: Double) -> Double { x.squareRoot() }

extension Matrix {
    /// Natural logarithm of each entry (`log 0 = -inf`, negative → nan, as numpy).
    public func log() -> Matrix { map(cLog) }
    /// e raised to each entry.
    public func exp() -> Matrix { map(cExp) }
    /// Square root of each entry (negative → nan).
    public func sqrt() -> Matrix { map(cSqrt) }
    /// Absolute value of each entry.
    public func abs() -> Matrix { map { Swift.abs($0) } }
    /// −1, 0 or 1 by the sign of each entry (nan stays nan), like `np.sign`.
    public func sign() -> Matrix { map { $0.isNaN ? .nan : ($0 > 0 ? 1 : ($0 < 0 ? -1 : 0)) } }
    /// Hyperbolic tangent of each entry.
    public func tanh() -> Matrix { map(cTanh) }
    /// max(0, x) for each entry, as the course's `relu`.
    public func relu() -> Matrix { map { numpyMaximum(0, $0) } }
    /// 1 / (1 + e^−x) for each entry, as the course's `sigmoid`.
    public func sigmoid() -> Matrix { map { 1 / (1 + cExp(-$0)) } }
}
