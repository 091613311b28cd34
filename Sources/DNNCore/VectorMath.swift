/// exp and log on four doubles at once, for softmax and the tests: the kernels' vector
/// exp and log (Sources/CDNNKernels, fdlibm's algorithms within an ulp, the same bits on
/// every path), on a vector.
///
/// glibc's scalar exp and log were a quarter of a training step of the course's networks
/// (docs/performance.md); the sigmoid and the loss terms call the kernels' loops directly.
enum VectorMath {
    typealias V = SIMD4<Double>

    /// e^x, lane by lane.
    static func exp(_ x: V, _ kernels: Kernels = .active) -> V { apply(kernels.exp, x) }

    /// The natural logarithm, lane by lane: −inf at ±0, NaN below 0, +inf at +inf.
    static func log(_ x: V, _ kernels: Kernels = .active) -> V { apply(kernels.log, x) }

    @inline(__always)
    private static func apply(_ op: @convention(c) (UnsafeMutablePointer<Double>?, Int) -> Void, _ x: V) -> V {
        var v = x
        withUnsafeMutableBytes(of: &v) { op($0.baseAddress!.assumingMemoryBound(to: Double.self), 4) }
        return v
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
