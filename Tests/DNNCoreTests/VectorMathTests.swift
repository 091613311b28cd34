import Testing
@testable import DNNCore
#if canImport(Glibc)
import Glibc
#endif

/// The vector exp and log against the C library's (glibc's, accurate to within an ulp of
/// the true value and usually correctly rounded), over random inputs of every magnitude,
/// and IEEE 754's results at the special inputs.
@Suite struct VectorMathTests {
    /// How many representable doubles lie between a and b (0 when equal or both NaN).
    static func ulps(_ a: Double, _ b: Double) -> UInt64 {
        if a == b || (a.isNaN && b.isNaN) { return 0 }
        if a.isNaN || b.isNaN || a.sign != b.sign { return .max }
        let (x, y) = (a.bitPattern, b.bitPattern)
        return x > y ? x - y : y - x
    }

    /// Worst ulp distance from the C function and the fraction that agree exactly.
    static func compare(_ vector: (SIMD4<Double>) -> SIMD4<Double>, _ scalar: (Double) -> Double,
                        count: Int, seed: UInt32, _ draw: (inout NumPyRandom) -> Double) -> (worst: UInt64, exact: Double) {
        var rng = NumPyRandom(seed: seed)
        var worst: UInt64 = 0, exact = 0
        for _ in 0..<(count / 4) {
            let v = SIMD4(draw(&rng), draw(&rng), draw(&rng), draw(&rng))
            let r = vector(v)
            for i in 0..<4 {
                let d = ulps(r[i], scalar(v[i]))
                worst = max(worst, d)
                if d == 0 { exact += 1 }
            }
        }
        return (worst, Double(exact) / Double(count / 4 * 4))
    }

    @Test func expWithinAnUlpEverywhere() {
        let ranges: [(ClosedRange<Double>, String)] = [(-745.2 ... 709.8, "whole range"), (-2 ... 2, "near 0"),
                                                       (-745.2 ... -708, "subnormal results"), (-1e-9 ... 1e-9, "tiny")]
        for (seed, (range, name)) in ranges.enumerated() {
            let (worst, exact) = Self.compare({ VectorMath.exp($0) }, Glibc.exp, count: 200_000, seed: UInt32(seed)) {
                $0.uniform(low: range.lowerBound, high: range.upperBound)
            }
            #expect(worst <= 1, "exp, \(name): \(worst) ulps")
            #expect(exact > 0.85, "exp, \(name): only \(exact) exactly glibc's")
        }
    }

    @Test func logWithinAnUlpEverywhere() {
        // Uniform in (0, 1) (the cross-entropy's inputs), near 1, and uniform over the bit
        // patterns of positive doubles (every exponent, subnormals included).
        let draws: [(String, (inout NumPyRandom) -> Double)] = [
            ("(0, 1)", { $0.rand() }),
            ("near 1", { $0.uniform(low: 0.7, high: 1.5) }),
            ("every exponent", { Double(bitPattern: $0.nextUInt64() % 0x7ff0_0000_0000_0000) }),
            ("subnormals", { Double(bitPattern: $0.nextUInt64() % 0x0010_0000_0000_0000) }),
        ]
        for (seed, (name, draw)) in draws.enumerated() {
            let (worst, exact) = Self.compare({ VectorMath.log($0) }, Glibc.log, count: 200_000, seed: UInt32(10 + seed), draw)
            #expect(worst <= 1, "log, \(name): \(worst) ulps")
            #expect(exact > 0.9, "log, \(name): only \(exact) exactly glibc's")
        }
    }

    @Test(arguments: [0.0, -0.0, 1, -1, 0.5, 2, 0.1, 1e-300, -1e-300, .leastNonzeroMagnitude, .leastNormalMagnitude,
                      .greatestFiniteMagnitude, .infinity, -.infinity, .nan,
                      709.78, 709.79, 709.782712893384, 710, -745.13, -745.14, -746])
    func specialInputs(_ x: Double) {
        let v = SIMD4<Double>(repeating: x)
        #expect(Self.ulps(VectorMath.exp(v)[0], Glibc.exp(x)) <= 1, "exp(\(x))")
        #expect(Self.ulps(VectorMath.log(v)[0], Glibc.log(x)) <= 1, "log(\(x))")
        // Where the result is exact or a boundary case, exactly IEEE's.
        if x == 0 || x.isInfinite || x.isNaN || x > 709.79 || x < -745.14 {
            #expect(Self.ulps(VectorMath.exp(v)[0], Glibc.exp(x)) == 0, "exp(\(x))")
        }
        if x <= 0 || x.isInfinite || x.isNaN || x == 1 || x == 2 || x == 0.5 {
            #expect(Self.ulps(VectorMath.log(v)[0], Glibc.log(x)) == 0, "log(\(x))")
        }
    }

    /// The kernels' loops take any length: a partial last block of eight is filled with a
    /// harmless value, and nothing past n is touched.
    @Test(arguments: KernelPath.available)
    func loopsHandleTails(_ path: KernelPath) {
        let kernels = path.kernels
        for n in 0...17 {
            var values = (0..<20).map { Double($0) - 4 }
            let before = values
            values.withUnsafeMutableBufferPointer { kernels.exp($0.baseAddress!, n) }
            for i in 0..<20 {
                if i < n {
                    #expect(Self.ulps(values[i], Glibc.exp(before[i])) <= 1, "exp(\(before[i])), n = \(n)")
                } else {
                    #expect(values[i] == before[i], "entry \(i) past n = \(n) was touched")
                }
            }
        }
    }
}
