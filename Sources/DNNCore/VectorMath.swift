/// exp and log on four doubles at once, for the sigmoid, softmax and cross-entropy loops.
///
/// glibc's scalar exp and log were a quarter of a training step of the course's networks
/// (docs/performance.md). These follow the classic fdlibm algorithms (Sun Microsystems,
/// as in musl's e_exp.c and log.c), which are accurate to under one unit in the last place,
/// written branch-free on vectors: every lane takes the same path, and the special inputs
/// (0, negatives, ±inf, NaN, subnormals, overflow and underflow) are patched in at the end
/// with the results IEEE 754 gives. No fused multiply-adds: the same bits on every build.
enum VectorMath {
    typealias V = SIMD4<Double>
    typealias I = SIMD4<Int64>

    // Cody–Waite split of ln 2: `ln2Hi` has 32 significant bits, so k · ln2Hi is exact.
    static let ln2Hi = 6.93147180369123816490e-01
    static let ln2Lo = 1.90821492927058770002e-10

    /// e^x, lane by lane.
    @inline(__always)
    static func exp(_ x: V) -> V {
        let invLn2 = 1.44269504088896338700e+00
        // k = round(x / ln 2): adding 1.5 · 2^52 rounds to an integer held in the low bits.
        let shifter = 6755399441055744.0
        let kShifted = x * invLn2 + shifter
        let k = kShifted - shifter
        // r = x − k ln 2 = hi − lo, |r| ≤ ln 2 / 2.
        let hi = x - k * ln2Hi
        let lo = k * ln2Lo
        let r = hi - lo
        // e^r = 1 + 2r / (2 − c) with c = r − r²·P(r²) (fdlibm), written to keep the
        // rounding error below one ulp.
        let t = r * r
        let p = t * (1.66666666666666019037e-01 + t * (-2.77777777770155933842e-03 + t * (6.61375632143793436117e-05
                    + t * (-1.65339022054652515390e-06 + t * 4.13813679705723846039e-08))))
        let c = r - p
        let y = 1 - ((lo - (r * c) / (2 - c)) - hi)
        // y · 2^k in two exact halves, so results near overflow and in the subnormal range
        // (k from −1075 to 1024) need no special exponent.
        let kInt = unsafeBitCast(kShifted, to: I.self) &- unsafeBitCast(V(repeating: shifter), to: I.self)
        let k1 = kInt &>> 1
        let k2 = kInt &- k1
        var result = y * powerOfTwo(k1) * powerOfTwo(k2)
        // Overflow, underflow, NaN (and ±inf through the thresholds).
        result.replace(with: .infinity, where: x .> 7.09782712893383973096e+02)
        result.replace(with: 0, where: x .< -7.45133219101941108420e+02)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// 2^k for −1022 ≤ k ≤ 1023, built from its exponent bits.
    @inline(__always)
    private static func powerOfTwo(_ k: I) -> V {
        unsafeBitCast((k &+ 1023) &<< 52, to: V.self)
    }

    /// The natural logarithm, lane by lane: −inf at ±0, NaN below 0, +inf at +inf.
    @inline(__always)
    static func log(_ input: V) -> V {
        // Subnormals are scaled into the normal range first (and 54 taken off k).
        let subnormal = input .< 2.2250738585072014e-308
        let x = input.replacing(with: input * 18014398509481984.0, where: subnormal)
        let bits = unsafeBitCast(x, to: I.self)
        // x = 2^k · m with m in [√2/2, √2): shift the high word so the split falls at √2/2.
        var high = (bits &>> 32) &+ (0x3ff00000 - 0x3fe6a09e)
        var k = (high &>> 20) &- 0x3ff
        k.replace(with: k &- 54, where: subnormal)
        high = (high & 0x000fffff) &+ 0x3fe6a09e
        let m = unsafeBitCast((high &<< 32) | (bits & 0xffffffff), to: V.self)
        let f = m - 1
        let hfsq = 0.5 * f * f
        let s = f / (2 + f)
        let z = s * s
        let w = z * z
        let t1 = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01))
        let t2 = z * (6.666666666666735130e-01 + w * (2.857142874366239149e-01 + w * (1.818357216161805012e-01
                     + w * 1.479819860511658591e-01)))
        let r = t2 + t1
        // k as a double (|k| < 2^51): through the bits of 1.5 · 2^52 + k.
        let magic = 6755399441055744.0
        let dk = unsafeBitCast(k &+ unsafeBitCast(V(repeating: magic), to: I.self), to: V.self) - magic
        var result = s * (hfsq + r) + dk * ln2Lo - hfsq + f + dk * ln2Hi
        result.replace(with: .infinity, where: input .== .infinity)
        result.replace(with: -.infinity, where: input .== 0)
        result.replace(with: .nan, where: input .< 0 .| (input .!= input))
        return result
    }

    /// Applies `op` to n doubles in place, four at a time (the last partial group filled out
    /// with `fill`, a harmless input).
    @inline(__always)
    static func map(_ p: UnsafeMutablePointer<Double>, _ n: Int, fill: Double, _ op: (V) -> V) {
        let raw = UnsafeMutableRawPointer(p)
        var i = 0
        while i + 4 <= n {
            raw.storeBytes(of: op(raw.loadUnaligned(fromByteOffset: i * 8, as: V.self)), toByteOffset: i * 8, as: V.self)
            i += 4
        }
        if i < n { store(op(load(p + i, count: n - i, fill: fill)), to: p + i, count: n - i) }
    }

    /// The first `count` (at most 4) doubles at p in a vector, the other lanes `fill`.
    @inline(__always)
    static func load(_ p: UnsafePointer<Double>, count: Int, fill: Double) -> V {
        if count >= 4 { return UnsafeRawPointer(p).loadUnaligned(as: V.self) }
        var v = V(repeating: fill)
        for i in 0..<count { v[i] = p[i] }
        return v
    }

    /// Writes the first `count` (at most 4) lanes of v to p.
    @inline(__always)
    static func store(_ v: V, to p: UnsafeMutablePointer<Double>, count: Int) {
        if count >= 4 { return UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self) }
        for i in 0..<count { p[i] = v[i] }
    }
}
