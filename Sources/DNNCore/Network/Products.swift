import CBLAS

/// The three products of forward and backward propagation on raw row-major buffers.
///
/// Products go to OpenBLAS (`dgemm`), except very small ones — the course's networks, with
/// 2 to 20 units per layer — where dgemm's packing and dispatch cost more than the
/// arithmetic (measured in docs/performance.md): those run in a register-blocked SIMD loop
/// over the examples. Both paths compute the same sums up to rounding order.
enum Products {
    /// Products with at most this many multiply-adds take the small-matrix path.
    static let smallLimit = 1 << 16

    /// C (M×N) = bias ⊕ A (M×K) · B (K×N), then ReLU in place when `relu` is set.
    /// Forward: Z = W · A_prev + b (and A = max(0, Z) for ReLU layers).
    static func biasedProduct(_ c: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>,
                              _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                              m: Int, n: Int, k: Int, relu: Bool) {
        if m * n * k > smallLimit {
            for r in 0..<m { (c + r * n).update(repeating: bias[r], count: n) }
            BLASGate.dgemm(CblasNoTrans, CblasNoTrans, m, n, k, 1.0, a, k, b, n, 1.0, c, n)
            if relu { Activation.relu.applyInPlace(c, rows: m, cols: n) }
            return
        }
        for r in 0..<m {
            combineRows(c + r * n, initial: bias[r], coefficients: { a[r * k + $0] }, rows: b, count: k, width: n, relu: relu)
        }
    }

    /// C (K×N) = Aᵀ · B with A (M×K), B (M×N).  Backward: dA_prev = Wᵀ · dZ.
    static func transposedLeftProduct(_ c: UnsafeMutablePointer<Double>, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                      m: Int, n: Int, k: Int) {
        if m * n * k > smallLimit {
            BLASGate.dgemm(CblasTrans, CblasNoTrans, k, n, m, 1.0, a, k, b, n, 0.0, c, n)
            return
        }
        for row in 0..<k {
            combineRows(c + row * n, initial: 0, coefficients: { a[$0 * k + row] }, rows: b, count: m, width: n, relu: false)
        }
    }

    /// C (M×K) = A (M×N) · B (K×N)ᵀ.  Backward: dW = dZ · A_prevᵀ.
    static func transposedRightProduct(_ c: UnsafeMutablePointer<Double>, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                       m: Int, n: Int, k: Int) {
        if m * n * k > smallLimit {
            BLASGate.dgemm(CblasNoTrans, CblasTrans, m, k, n, 1.0, a, n, b, n, 0.0, c, k)
            return
        }
        for r in 0..<m {
            for j in 0..<k { c[r * k + j] = dot(a + r * n, b + j * n, n) }
        }
    }

    /// out[0..<width] = initial + Σ_i coefficient(i) · rows[i][0..<width] (then max(0, ·)
    /// keeping NaN when `relu`): eight columns at a time held in registers (two 4-wide
    /// vectors) while the rows stream past; `out` is written once and never read.
    @inline(__always)
    private static func combineRows(_ out: UnsafeMutablePointer<Double>, initial: Double, coefficients: (Int) -> Double,
                                    rows: UnsafePointer<Double>, count: Int, width: Int, relu: Bool) {
        let o = UnsafeMutableRawPointer(out)
        let src = UnsafeRawPointer(rows)
        let stride = MemoryLayout<Double>.stride
        let start = SIMD4<Double>(repeating: initial)
        var j = 0
        while j + 8 <= width {
            var a0 = start, a1 = start
            for i in 0..<count {
                let c = SIMD4<Double>(repeating: coefficients(i))
                let base = (i * width + j) * stride
                a0 = multiplyAdd(a0, c, src.loadUnaligned(fromByteOffset: base, as: SIMD4<Double>.self))
                a1 = multiplyAdd(a1, c, src.loadUnaligned(fromByteOffset: base + 4 * stride, as: SIMD4<Double>.self))
            }
            if relu {
                // Zero where not (z > 0 or z is NaN), as np.maximum(0, z).
                a0.replace(with: 0, where: .!(a0 .> 0) .& (a0 .== a0))
                a1.replace(with: 0, where: .!(a1 .> 0) .& (a1 .== a1))
            }
            o.storeBytes(of: a0, toByteOffset: j * stride, as: SIMD4<Double>.self)
            o.storeBytes(of: a1, toByteOffset: (j + 4) * stride, as: SIMD4<Double>.self)
            j += 8
        }
        while j < width {
            var acc = initial
            for i in 0..<count { acc += coefficients(i) * rows[i * width + j] }
            out[j] = relu && !(acc > 0) && acc == acc ? 0 : acc
            j += 1
        }
    }

    /// Σ x[i]·y[i] with eight running sums in two 4-wide vectors.
    @inline(__always)
    private static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ n: Int) -> Double {
        let px = UnsafeRawPointer(x), py = UnsafeRawPointer(y)
        let stride = MemoryLayout<Double>.stride
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        var i = 0
        while i + 8 <= n {
            let b = i * stride
            s0 = multiplyAdd(s0, px.loadUnaligned(fromByteOffset: b, as: SIMD4<Double>.self),
                             py.loadUnaligned(fromByteOffset: b, as: SIMD4<Double>.self))
            s1 = multiplyAdd(s1, px.loadUnaligned(fromByteOffset: b + 4 * stride, as: SIMD4<Double>.self),
                             py.loadUnaligned(fromByteOffset: b + 4 * stride, as: SIMD4<Double>.self))
            i += 8
        }
        let s = s0 + s1
        var total = (s[0] + s[1]) + (s[2] + s[3])
        while i < n { total += x[i] * y[i]; i += 1 }
        return total
    }

    /// acc + a·b: one fused instruction where the build targets FMA, else multiply then add
    /// (a fused multiply-add without hardware support would be a slow library call).
    @inline(__always)
    private static func multiplyAdd(_ acc: SIMD4<Double>, _ a: SIMD4<Double>, _ b: SIMD4<Double>) -> SIMD4<Double> {
        #if DNN_FMA
        return acc.addingProduct(a, b)
        #else
        return acc + a * b
        #endif
    }
}
