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

    /// C (M×N) += A (M×K) · B (K×N).  Forward: Z += W · A_prev.
    static func addProduct(_ c: UnsafeMutablePointer<Double>, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                           m: Int, n: Int, k: Int) {
        if m * n * k > smallLimit {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(m), blasint(n), blasint(k),
                        1.0, a, blasint(k), b, blasint(n), 1.0, c, blasint(n))
            return
        }
        for r in 0..<m {
            axpyRows(c + r * n, coefficients: { a[r * k + $0] }, rows: b, count: k, width: n)
        }
    }

    /// C (K×N) = Aᵀ · B with A (M×K), B (M×N).  Backward: dA_prev = Wᵀ · dZ.
    static func transposedLeftProduct(_ c: UnsafeMutablePointer<Double>, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                      m: Int, n: Int, k: Int) {
        if m * n * k > smallLimit {
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, blasint(k), blasint(n), blasint(m),
                        1.0, a, blasint(k), b, blasint(n), 0.0, c, blasint(n))
            return
        }
        for row in 0..<k {
            let out = c + row * n
            out.initialize(repeating: 0, count: n)
            axpyRows(out, coefficients: { a[$0 * k + row] }, rows: b, count: m, width: n)
        }
    }

    /// C (M×K) = A (M×N) · B (K×N)ᵀ.  Backward: dW = dZ · A_prevᵀ.
    static func transposedRightProduct(_ c: UnsafeMutablePointer<Double>, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                       m: Int, n: Int, k: Int) {
        if m * n * k > smallLimit {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, blasint(m), blasint(k), blasint(n),
                        1.0, a, blasint(n), b, blasint(n), 0.0, c, blasint(k))
            return
        }
        for r in 0..<m {
            for j in 0..<k { c[r * k + j] = dot(a + r * n, b + j * n, n) }
        }
    }

    /// out[0..<width] += Σ_i coefficient(i) · rows[i][0..<width], one contiguous row at a
    /// time (a loop the compiler vectorizes).
    @inline(__always)
    private static func axpyRows(_ out: UnsafeMutablePointer<Double>, coefficients: (Int) -> Double,
                                 rows: UnsafePointer<Double>, count: Int, width: Int) {
        for i in 0..<count {
            let coefficient = coefficients(i)
            let row = rows + i * width
            for j in 0..<width { out[j] += coefficient * row[j] }
        }
    }

    /// Σ x[i]·y[i] with four running sums.
    @inline(__always)
    private static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ n: Int) -> Double {
        var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
        var i = 0
        while i + 4 <= n {
            s0 += x[i] * y[i]
            s1 += x[i + 1] * y[i + 1]
            s2 += x[i + 2] * y[i + 2]
            s3 += x[i + 3] * y[i + 3]
            i += 4
        }
        var total = (s0 + s1) + (s2 + s3)
        while i < n { total += x[i] * y[i]; i += 1 }
        return total
    }
}
