import CBLAS

/// The three products of forward and backward propagation on a lane's raw row-major
/// buffers, each with the elementwise work that follows it fused in.
///
/// Buffers hold `width` examples in rows of `ld` columns (`ld` = width rounded up to 8,
/// ``paddedWidth(_:)``); the padding columns are kept at zero in every activation and
/// gradient buffer, so the kernels run whole 8-column blocks and sums over a row are not
/// disturbed by them.
///
/// Products go to OpenBLAS (`dgemm`), except small ones — the course's networks, with 2 to
/// 20 units per layer — where dgemm's packing and dispatch cost more than the arithmetic
/// (docs/performance.md): those run in register-blocked SIMD loops that keep eight
/// independent 4-wide sums in flight, so the fused multiply-adds are not waiting on each
/// other. Both paths compute the same sums up to rounding order.
enum Products {
    /// Products with at most this many multiply-adds take the small-matrix path.
    static let smallLimit = 1 << 16

    /// `n` rounded up to the kernels' block of 8 columns.
    static func paddedWidth(_ n: Int) -> Int { (n + 7) & ~7 }

    // MARK: forward

    /// Forward propagation through one layer:
    /// `out = g(W · input + b)`, then dropout's `out · D / keep` when `mask` is given.
    /// `out` is rows × ld, `w` rows × k, `input` k × ld (its padding zero); the padding of
    /// `out` is left zero.
    static func forward(_ out: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>, _ w: UnsafePointer<Double>,
                        _ input: UnsafePointer<Double>, rows: Int, k: Int, width: Int, ld: Int,
                        activation: Activation, mask: UnsafePointer<Double>?, keep: Double) {
        switch activation {
        case .relu: forward(out, bias: bias, w, input, rows: rows, k: k, width: width, ld: ld, ForwardFinish<ReLU>(mask: mask, keep: keep, width: width))
        case .leakyRelu: forward(out, bias: bias, w, input, rows: rows, k: k, width: width, ld: ld, ForwardFinish<LeakyReLU>(mask: mask, keep: keep, width: width))
        case .linear: forward(out, bias: bias, w, input, rows: rows, k: k, width: width, ld: ld, ForwardFinish<Linear>(mask: mask, keep: keep, width: width))
        case .sigmoid, .tanh, .softmax:
            // Bounded activations, applied after the product (the padding stays finite
            // until it is cleared), then dropout.
            forward(out, bias: bias, w, input, rows: rows, k: k, width: width, ld: ld, ForwardFinish<Linear>(mask: nil, keep: 1, width: width))
            activation.applyInPlace(out, rows: rows, cols: ld)
            if let mask {
                for r in 0..<rows {
                    for j in 0..<width { out[r * ld + j] = out[r * ld + j] * mask[r * ld + j] / keep }
                }
            }
            clearPadding(out, rows: rows, width: width, ld: ld)
        }
    }

    private static func forward<G: Elementwise>(_ out: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>, _ w: UnsafePointer<Double>,
                                                _ input: UnsafePointer<Double>, rows: Int, k: Int, width: Int, ld: Int,
                                                _ after: ForwardFinish<G>) {
        if rows * width * k > smallLimit {
            for r in 0..<rows { (out + r * ld).update(repeating: bias[r], count: ld) }
            BLASGate.dgemm(CblasNoTrans, CblasNoTrans, rows, width, k, 1.0, w, k, input, ld, 1.0, out, ld)
            finishInPlace(out, rows: rows, ld: ld, after: after, rowSums: nil)
        } else {
            blockProduct(out, bias: bias, w, rowStride: k, depthStride: 1, input, rows: rows, depth: k, ld: ld, after: after, rowSums: nil)
        }
    }

    /// What follows the product in a forward block: the activation G, dropout, and zero
    /// in the padding columns.
    struct ForwardFinish<G: Elementwise>: BlockFinish {
        let mask: UnsafePointer<Double>?
        let keep: Double
        let width: Int

        /// The block's two vectors at row offset `row` (r · ld) and column `j`.
        @inline(__always)
        func apply(_ a: SIMD4<Double>, _ b: SIMD4<Double>, row: Int, j: Int) -> (SIMD4<Double>, SIMD4<Double>) {
            var (v0, v1) = (G.activate(a), G.activate(b))
            if let mask {
                let d = UnsafeRawPointer(mask + row + j)
                v0 = v0 * d.loadUnaligned(as: SIMD4<Double>.self) / keep
                v1 = v1 * d.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self) / keep
            }
            return Products.keepColumns(v0, v1, j: j, width: width)
        }
    }

    /// An activation computed on vectors inside the kernels, with its derivative through
    /// the output (as ``Activation/derivative(output:)``): dA ⊙ g'(Z) from dA and A.
    protocol Elementwise {
        static func activate(_ z: SIMD4<Double>) -> SIMD4<Double>
        static func derive(_ da: SIMD4<Double>, _ a: SIMD4<Double>) -> SIMD4<Double>
    }

    enum ReLU: Elementwise {
        /// max(0, z) keeping NaN, as np.maximum(0, z).
        @inline(__always) static func activate(_ z: SIMD4<Double>) -> SIMD4<Double> {
            z.replacing(with: 0, where: .!(z .> 0) .& (z .== z))
        }
        @inline(__always) static func derive(_ da: SIMD4<Double>, _ a: SIMD4<Double>) -> SIMD4<Double> {
            da.replacing(with: 0, where: .!(a .> 0))
        }
    }

    enum LeakyReLU: Elementwise {
        @inline(__always) static func activate(_ z: SIMD4<Double>) -> SIMD4<Double> {
            z.replacing(with: z * Activation.leakySlope, where: z .< 0)
        }
        @inline(__always) static func derive(_ da: SIMD4<Double>, _ a: SIMD4<Double>) -> SIMD4<Double> {
            da * SIMD4<Double>(repeating: Activation.leakySlope).replacing(with: 1, where: a .> 0)
        }
    }

    /// Identity (also the derivative used for a hidden softmax, as the scalar path's 1).
    enum Linear: Elementwise {
        @inline(__always) static func activate(_ z: SIMD4<Double>) -> SIMD4<Double> { z }
        @inline(__always) static func derive(_ da: SIMD4<Double>, _ a: SIMD4<Double>) -> SIMD4<Double> { da }
    }

    /// Derivative only: the activation itself is applied by ``Activation/applyInPlace(_:rows:cols:)``.
    enum Tanh: Elementwise {
        @inline(__always) static func activate(_ z: SIMD4<Double>) -> SIMD4<Double> { z }
        @inline(__always) static func derive(_ da: SIMD4<Double>, _ a: SIMD4<Double>) -> SIMD4<Double> { da * (1 - a * a) }
    }

    /// Derivative only, as ``Tanh``.
    enum Sigmoid: Elementwise {
        @inline(__always) static func activate(_ z: SIMD4<Double>) -> SIMD4<Double> { z }
        @inline(__always) static func derive(_ da: SIMD4<Double>, _ a: SIMD4<Double>) -> SIMD4<Double> { da * (a * (1 - a)) }
    }

    // MARK: backward

    /// Backward propagation into the layer below:
    /// `prev = (Wᵀ · dZ) · D / keep ⊙ g'(A_prev)` (the mask only when given), with the
    /// padding columns zero, and `db[c] = Σ_j prev[c, j]` (the layer below's db).
    /// `w` is m × k, `dz` m × ld, `prev` and `aPrev` k × ld.
    static func backward(_ prev: UnsafeMutablePointer<Double>, _ w: UnsafePointer<Double>, _ dz: UnsafePointer<Double>,
                         m: Int, k: Int, width: Int, ld: Int, activation: Activation, aPrev: UnsafePointer<Double>,
                         mask: UnsafePointer<Double>?, keep: Double, db: UnsafeMutablePointer<Double>) {
        switch activation {
        case .relu: backward(prev, w, dz, m: m, k: k, width: width, ld: ld, db: db, BackwardFinish<ReLU>(a: aPrev, mask: mask, keep: keep, width: width))
        case .leakyRelu: backward(prev, w, dz, m: m, k: k, width: width, ld: ld, db: db, BackwardFinish<LeakyReLU>(a: aPrev, mask: mask, keep: keep, width: width))
        case .tanh: backward(prev, w, dz, m: m, k: k, width: width, ld: ld, db: db, BackwardFinish<Tanh>(a: aPrev, mask: mask, keep: keep, width: width))
        case .sigmoid: backward(prev, w, dz, m: m, k: k, width: width, ld: ld, db: db, BackwardFinish<Sigmoid>(a: aPrev, mask: mask, keep: keep, width: width))
        case .linear, .softmax: backward(prev, w, dz, m: m, k: k, width: width, ld: ld, db: db, BackwardFinish<Linear>(a: aPrev, mask: mask, keep: keep, width: width))
        }
    }

    private static func backward<G: Elementwise>(_ prev: UnsafeMutablePointer<Double>, _ w: UnsafePointer<Double>, _ dz: UnsafePointer<Double>,
                                                 m: Int, k: Int, width: Int, ld: Int, db: UnsafeMutablePointer<Double>,
                                                 _ after: BackwardFinish<G>) {
        if m * width * k > smallLimit {
            BLASGate.dgemm(CblasTrans, CblasNoTrans, k, width, m, 1.0, w, k, dz, ld, 0.0, prev, ld)
            finishInPlace(prev, rows: k, ld: ld, after: after, rowSums: db)
        } else {
            // Output row r, depth i: the coefficient is W[i][r], a column of W.
            blockProduct(prev, bias: nil, w, rowStride: 1, depthStride: k, dz, rows: k, depth: m, ld: ld, after: after, rowSums: db)
        }
    }

    /// What follows the product in a backward block: dropout's mask and scale, the
    /// derivative of the layer's activation G, zero padding.
    struct BackwardFinish<G: Elementwise>: BlockFinish {
        let a: UnsafePointer<Double>
        let mask: UnsafePointer<Double>?
        let keep: Double
        let width: Int

        @inline(__always)
        func apply(_ x: SIMD4<Double>, _ y: SIMD4<Double>, row: Int, j: Int) -> (SIMD4<Double>, SIMD4<Double>) {
            var (v0, v1) = (x, y)
            if let mask {
                let d = UnsafeRawPointer(mask + row + j)
                v0 = v0 * d.loadUnaligned(as: SIMD4<Double>.self) / keep
                v1 = v1 * d.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self) / keep
            }
            let p = UnsafeRawPointer(a + row + j)
            v0 = G.derive(v0, p.loadUnaligned(as: SIMD4<Double>.self))
            v1 = G.derive(v1, p.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self))
            return Products.keepColumns(v0, v1, j: j, width: width)
        }
    }

    // MARK: weight gradient

    /// dW (m × k) = dZ (m × ld) · A_prevᵀ (A_prev k × ld), over the padded rows (their
    /// padding is zero in both).
    static func weightGradient(_ dw: UnsafeMutablePointer<Double>, _ dz: UnsafePointer<Double>, _ input: UnsafePointer<Double>,
                               m: Int, k: Int, width: Int, ld: Int) {
        if m * width * k > smallLimit {
            BLASGate.dgemm(CblasNoTrans, CblasTrans, m, k, width, 1.0, dz, ld, input, ld, 0.0, dw, k)
            return
        }
        // Blocks of up to 8 dot products (rows × columns of dW) share their loads: 2 × 4,
        // or 4 × 2 when the layer below has at most 2 units (so 3- and 4-row blocks only
        // ever have 1 or 2 columns).
        let blockRows = k <= 2 ? 4 : 2
        var r0 = 0
        while r0 < m {
            let rows = Swift.min(blockRows, m - r0)
            var c0 = 0
            while c0 < k {
                let cols = Swift.min(4, k - c0)
                let a = dz + r0 * ld, b = input + c0 * ld, out = dw + r0 * k + c0
                switch (rows, cols) {
                case (1, 1): dots(out, k, InlineArray<1, UnsafePointer<Double>> { a + $0 * ld }, InlineArray<1, UnsafePointer<Double>> { b + $0 * ld }, ld)
                case (1, 2): dots(out, k, InlineArray<1, UnsafePointer<Double>> { a + $0 * ld }, InlineArray<2, UnsafePointer<Double>> { b + $0 * ld }, ld)
                case (1, 3): dots(out, k, InlineArray<1, UnsafePointer<Double>> { a + $0 * ld }, InlineArray<3, UnsafePointer<Double>> { b + $0 * ld }, ld)
                case (1, _): dots(out, k, InlineArray<1, UnsafePointer<Double>> { a + $0 * ld }, InlineArray<4, UnsafePointer<Double>> { b + $0 * ld }, ld)
                case (2, 1): dots(out, k, InlineArray<2, UnsafePointer<Double>> { a + $0 * ld }, InlineArray<1, UnsafePointer<Double>> { b + $0 * ld }, ld)
                case (2, 2): dots(out, k, InlineArray<2, UnsafePointer<Double>> { a + $0 * ld }, InlineArray<2, UnsafePointer<Double>> { b + $0 * ld }, ld)
                case (2, 3): dots(out, k, InlineArray<2, UnsafePointer<Double>> { a + $0 * ld }, InlineArray<3, UnsafePointer<Double>> { b + $0 * ld }, ld)
                case (2, _): dots(out, k, InlineArray<2, UnsafePointer<Double>> { a + $0 * ld }, InlineArray<4, UnsafePointer<Double>> { b + $0 * ld }, ld)
                case (3, 1): dots(out, k, InlineArray<3, UnsafePointer<Double>> { a + $0 * ld }, InlineArray<1, UnsafePointer<Double>> { b + $0 * ld }, ld)
                case (3, _): dots(out, k, InlineArray<3, UnsafePointer<Double>> { a + $0 * ld }, InlineArray<2, UnsafePointer<Double>> { b + $0 * ld }, ld)
                case (_, 1): dots(out, k, InlineArray<4, UnsafePointer<Double>> { a + $0 * ld }, InlineArray<1, UnsafePointer<Double>> { b + $0 * ld }, ld)
                default: dots(out, k, InlineArray<4, UnsafePointer<Double>> { a + $0 * ld }, InlineArray<2, UnsafePointer<Double>> { b + $0 * ld }, ld)
                }
                c0 += cols
            }
            r0 += rows
        }
    }

    /// out[r · stride + c] = Σ_j a[r][j] · b[c][j] for the R × C pairs, j over n (a multiple of 4).
    @inline(__always)
    private static func dots<let R: Int, let C: Int>(_ out: UnsafeMutablePointer<Double>, _ stride: Int,
                                                     _ a: InlineArray<R, UnsafePointer<Double>>,
                                                     _ b: InlineArray<C, UnsafePointer<Double>>, _ n: Int) {
        var acc = InlineArray<R, InlineArray<C, SIMD4<Double>>>(repeating: .init(repeating: SIMD4<Double>()))
        var j = 0
        while j < n {
            let bv = InlineArray<C, SIMD4<Double>> { UnsafeRawPointer(b[$0] + j).loadUnaligned(as: SIMD4<Double>.self) }
            for r in 0..<R {
                let av = UnsafeRawPointer(a[r] + j).loadUnaligned(as: SIMD4<Double>.self)
                for c in 0..<C { acc[r][c] = multiplyAdd(acc[r][c], av, bv[c]) }
            }
            j += 4
        }
        for r in 0..<R {
            for c in 0..<C { out[r * stride + c] = acc[r][c].sum() }
        }
    }

    // MARK: shared pieces

    /// The elementwise work that follows a product, on an 8-column block of one row.
    protocol BlockFinish {
        /// The block's two vectors at row offset `row` (r · ld) and column `j`, finished.
        func apply(_ a: SIMD4<Double>, _ b: SIMD4<Double>, row: Int, j: Int) -> (SIMD4<Double>, SIMD4<Double>)
    }

    /// out (rows × ld) = bias ⊕ C · src, finished by `after`, where C's entry for output row
    /// r and depth i is `c[r · rowStride + i · depthStride]` (W, or Wᵀ read in place) and src
    /// is depth × ld. With `rowSums`, each finished row's sum is written there.
    @inline(__always)
    private static func blockProduct<F: BlockFinish>(_ out: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>?,
                                                     _ c: UnsafePointer<Double>, rowStride: Int, depthStride: Int,
                                                     _ src: UnsafePointer<Double>, rows: Int, depth: Int, ld: Int,
                                                     after: F, rowSums: UnsafeMutablePointer<Double>?) {
        var r0 = 0
        while r0 < rows {
            let count = Swift.min(4, rows - r0)
            let (o, w, sums) = (out + r0 * ld, c + r0 * rowStride, rowSums.map { $0 + r0 })
            let first = r0
            switch count {
            case 1: blockRows(o, InlineArray<1, Double> { bias?[first + $0] ?? 0 }, w, rowStride: rowStride, depthStride: depthStride, src, depth: depth, ld: ld, after: after, firstRow: first, rowSums: sums)
            case 2: blockRows(o, InlineArray<2, Double> { bias?[first + $0] ?? 0 }, w, rowStride: rowStride, depthStride: depthStride, src, depth: depth, ld: ld, after: after, firstRow: first, rowSums: sums)
            case 3: blockRows(o, InlineArray<3, Double> { bias?[first + $0] ?? 0 }, w, rowStride: rowStride, depthStride: depthStride, src, depth: depth, ld: ld, after: after, firstRow: first, rowSums: sums)
            default: blockRows(o, InlineArray<4, Double> { bias?[first + $0] ?? 0 }, w, rowStride: rowStride, depthStride: depthStride, src, depth: depth, ld: ld, after: after, firstRow: first, rowSums: sums)
            }
            r0 += count
        }
    }

    /// R rows of a product, 8 columns at a time, finished and stored (and summed).
    @inline(__always)
    private static func blockRows<let R: Int, F: BlockFinish>(_ out: UnsafeMutablePointer<Double>, _ initial: InlineArray<R, Double>,
                                                              _ coefficients: UnsafePointer<Double>, rowStride: Int, depthStride: Int,
                                                              _ src: UnsafePointer<Double>, depth: Int, ld: Int,
                                                              after: F, firstRow: Int, rowSums: UnsafeMutablePointer<Double>?) {
        var sums = InlineArray<R, SIMD4<Double>>(repeating: SIMD4<Double>())
        var j = 0
        while j < ld {
            let (lo, hi) = combine(initial, coefficients, rowStride: rowStride, depthStride: depthStride, src, depth: depth, ld: ld, j: j)
            for r in 0..<R {
                let (v0, v1) = after.apply(lo[r], hi[r], row: (firstRow + r) * ld, j: j)
                let p = UnsafeMutableRawPointer(out + r * ld + j)
                p.storeBytes(of: v0, as: SIMD4<Double>.self)
                p.storeBytes(of: v1, toByteOffset: 32, as: SIMD4<Double>.self)
                if rowSums != nil { sums[r] += v0 + v1 }
            }
            j += 8
        }
        if let rowSums { for r in 0..<R { rowSums[r] = sums[r].sum() } }
    }

    /// `after` applied in place to a rows × ld buffer OpenBLAS wrote (and its row sums).
    private static func finishInPlace<F: BlockFinish>(_ buffer: UnsafeMutablePointer<Double>, rows: Int, ld: Int,
                                                      after: F, rowSums: UnsafeMutablePointer<Double>?) {
        for r in 0..<rows {
            var sum = SIMD4<Double>()
            var j = 0
            while j < ld {
                let p = UnsafeMutableRawPointer(buffer + r * ld + j)
                let (v0, v1) = after.apply(p.loadUnaligned(as: SIMD4<Double>.self),
                                           p.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self), row: r * ld, j: j)
                p.storeBytes(of: v0, as: SIMD4<Double>.self)
                p.storeBytes(of: v1, toByteOffset: 32, as: SIMD4<Double>.self)
                sum += v0 + v1
                j += 8
            }
            rowSums?[r] = sum.sum()
        }
    }

    /// R rows of `initial[r] + Σ_i c[r · rowStride + i · depthStride] · src[i][j ..< j + 8]`,
    /// as two 4-wide vectors per row: 2R sums in registers while the source rows stream past
    /// (8 sums keep both of a core's fused multiply-add units busy).
    @inline(__always)
    private static func combine<let R: Int>(_ initial: InlineArray<R, Double>, _ c: UnsafePointer<Double>, rowStride: Int, depthStride: Int,
                                            _ src: UnsafePointer<Double>, depth: Int, ld: Int, j: Int)
        -> (InlineArray<R, SIMD4<Double>>, InlineArray<R, SIMD4<Double>>) {
        var lo = InlineArray<R, SIMD4<Double>> { SIMD4(repeating: initial[$0]) }
        var hi = lo
        for i in 0..<depth {
            let p = UnsafeRawPointer(src + i * ld + j)
            let (x0, x1) = (p.loadUnaligned(as: SIMD4<Double>.self), p.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self))
            for r in 0..<R {
                let coefficient = SIMD4<Double>(repeating: c[r * rowStride + i * depthStride])
                lo[r] = multiplyAdd(lo[r], coefficient, x0)
                hi[r] = multiplyAdd(hi[r], coefficient, x1)
            }
        }
        return (lo, hi)
    }

    /// The block's vectors with the columns at or past `width` set to zero.
    @inline(__always)
    static func keepColumns(_ v0: SIMD4<Double>, _ v1: SIMD4<Double>, j: Int, width: Int) -> (SIMD4<Double>, SIMD4<Double>) {
        guard j + 8 > width else { return (v0, v1) }
        let column = SIMD4<Double>(0, 1, 2, 3) + Double(j)
        let limit = SIMD4<Double>(repeating: Double(width))
        return (v0.replacing(with: 0, where: column .>= limit), v1.replacing(with: 0, where: column + 4 .>= limit))
    }

    /// Sets the padding columns width ..< ld of every row to zero.
    static func clearPadding(_ p: UnsafeMutablePointer<Double>, rows: Int, width: Int, ld: Int) {
        guard ld > width else { return }
        for r in 0..<rows { (p + r * ld + width).update(repeating: 0, count: ld - width) }
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
