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
/// (docs/performance.md): those run in register-blocked SIMD loops over 8-column blocks
/// that keep several independent sums in flight, so the fused multiply-adds are not
/// waiting on each other. Both paths compute the same sums up to rounding order.
enum Products {
    /// Products with at most this many multiply-adds take the small-matrix path.
    static let smallLimit = 1 << 16

    /// Eight columns of a row: the kernels' unit of work.
    typealias Block = SIMD8<Double>
    /// The vectors of the dot products of dW: 8-wide with AVX-512 (8 blocks of sums in 512-bit
    /// registers), 4-wide otherwise (8 in 256-bit registers; 8-wide would not fit).
    #if DNN_AVX512
    typealias DotVector = SIMD8<Double>
    #else
    typealias DotVector = SIMD4<Double>
    #endif

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
            finishInPlace(out, rows: rows, ld: ld, after: ForwardFinish<Linear>(mask: mask, keep: keep, width: width), rowSums: nil)
        }
    }

    private static func forward<G: Activating>(_ out: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>, _ w: UnsafePointer<Double>,
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
    struct ForwardFinish<G: Activating>: BlockFinish {
        let mask: UnsafePointer<Double>?
        let keep: Double
        let width: Int

        /// The block at row offset `row` (r · ld) and column `j`.
        @inline(__always)
        func apply(_ z: Block, row: Int, j: Int) -> Block {
            let v = Products.dropout(G.activate(z), mask, at: row + j, keep: keep)
            return Products.keepColumns(v, j: j, width: width)
        }
    }

    /// An activation computed on blocks inside the forward kernels.
    protocol Activating {
        static func activate(_ z: Block) -> Block
    }

    /// An activation's derivative through its output (as ``Activation/derivative(output:)``),
    /// applied in the backward kernels: dA ⊙ g'(Z) from dA and A.
    protocol Deriving {
        static func derive(_ da: Block, _ a: Block) -> Block
    }

    enum ReLU: Activating, Deriving {
        /// max(0, z) keeping NaN, as np.maximum(0, z).
        @inline(__always) static func activate(_ z: Block) -> Block {
            z.replacing(with: 0, where: .!(z .> 0) .& (z .== z))
        }
        @inline(__always) static func derive(_ da: Block, _ a: Block) -> Block {
            da.replacing(with: 0, where: .!(a .> 0))
        }
    }

    enum LeakyReLU: Activating, Deriving {
        @inline(__always) static func activate(_ z: Block) -> Block {
            z.replacing(with: z * Activation.leakySlope, where: z .< 0)
        }
        @inline(__always) static func derive(_ da: Block, _ a: Block) -> Block {
            da * Block(repeating: Activation.leakySlope).replacing(with: 1, where: a .> 0)
        }
    }

    /// Identity (also the derivative used for a hidden softmax, as the scalar path's 1).
    enum Linear: Activating, Deriving {
        @inline(__always) static func activate(_ z: Block) -> Block { z }
        @inline(__always) static func derive(_ da: Block, _ a: Block) -> Block { da }
    }

    /// Derivative only: tanh itself is applied by ``Activation/applyInPlace(_:rows:cols:)``.
    enum Tanh: Deriving {
        @inline(__always) static func derive(_ da: Block, _ a: Block) -> Block { da * (1 - a * a) }
    }

    /// Derivative only, as ``Tanh``.
    enum Sigmoid: Deriving {
        @inline(__always) static func derive(_ da: Block, _ a: Block) -> Block { da * (a * (1 - a)) }
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

    private static func backward<G: Deriving>(_ prev: UnsafeMutablePointer<Double>, _ w: UnsafePointer<Double>, _ dz: UnsafePointer<Double>,
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
    struct BackwardFinish<G: Deriving>: BlockFinish {
        let a: UnsafePointer<Double>
        let mask: UnsafePointer<Double>?
        let keep: Double
        let width: Int

        @inline(__always)
        func apply(_ da: Block, row: Int, j: Int) -> Block {
            let v = G.derive(Products.dropout(da, mask, at: row + j, keep: keep), UnsafeRawPointer(a + row + j).loadUnaligned(as: Block.self))
            return Products.keepColumns(v, j: j, width: width)
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
        // or 4 × 2 when the layer below has at most 2 units.
        let blockRows = k <= 2 ? 4 : 2
        var r0 = 0
        while r0 < m {
            let rows = Swift.min(blockRows, m - r0)
            var c0 = 0
            while c0 < k {
                let cols = Swift.min(4, k - c0)
                let a = dz + r0 * ld, b = input + c0 * ld, out = dw + r0 * k + c0
                let rowPointers = { (i: Int) in a + i * ld }, columnPointers = { (i: Int) in b + i * ld }
                switch rows {
                case 1: dotBlock(out, k, InlineArray<1, UnsafePointer<Double>>(rowPointers), columns: cols, columnPointers, ld)
                case 2: dotBlock(out, k, InlineArray<2, UnsafePointer<Double>>(rowPointers), columns: cols, columnPointers, ld)
                case 3: dotBlock(out, k, InlineArray<3, UnsafePointer<Double>>(rowPointers), columns: cols, columnPointers, ld)
                default: dotBlock(out, k, InlineArray<4, UnsafePointer<Double>>(rowPointers), columns: cols, columnPointers, ld)
                }
                c0 += cols
            }
            r0 += rows
        }
    }

    /// ``dots(_:_:_:_:_:)`` for R rows and `columns` (1 to 4) columns.
    @inline(__always)
    private static func dotBlock<let R: Int>(_ out: UnsafeMutablePointer<Double>, _ stride: Int, _ a: InlineArray<R, UnsafePointer<Double>>,
                                             columns: Int, _ b: (Int) -> UnsafePointer<Double>, _ n: Int) {
        switch columns {
        case 1: dots(out, stride, a, InlineArray<1, UnsafePointer<Double>>(b), n)
        case 2: dots(out, stride, a, InlineArray<2, UnsafePointer<Double>>(b), n)
        case 3: dots(out, stride, a, InlineArray<3, UnsafePointer<Double>>(b), n)
        default: dots(out, stride, a, InlineArray<4, UnsafePointer<Double>>(b), n)
        }
    }

    /// out[r · stride + c] = Σ_j a[r][j] · b[c][j] for the R × C pairs, j over n (a multiple of 8).
    @inline(__always)
    private static func dots<let R: Int, let C: Int>(_ out: UnsafeMutablePointer<Double>, _ stride: Int,
                                                     _ a: InlineArray<R, UnsafePointer<Double>>,
                                                     _ b: InlineArray<C, UnsafePointer<Double>>, _ n: Int) {
        var acc = InlineArray<R, InlineArray<C, DotVector>>(repeating: .init(repeating: DotVector()))
        var j = 0
        while j < n {
            let bv = InlineArray<C, DotVector> { UnsafeRawPointer(b[$0] + j).loadUnaligned(as: DotVector.self) }
            for r in 0..<R {
                let av = UnsafeRawPointer(a[r] + j).loadUnaligned(as: DotVector.self)
                for c in 0..<C { acc[r][c] = multiplyAdd(acc[r][c], av, bv[c]) }
            }
            j += DotVector.scalarCount
        }
        for r in 0..<R {
            for c in 0..<C { out[r * stride + c] = acc[r][c].sum() }
        }
    }

    // MARK: shared pieces

    /// The elementwise work that follows a product, on an 8-column block of one row.
    protocol BlockFinish {
        /// The block at row offset `row` (r · ld) and column `j`, finished.
        func apply(_ v: Block, row: Int, j: Int) -> Block
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
        var sums = InlineArray<R, Block>(repeating: Block())
        var j = 0
        while j < ld {
            let acc = combine(initial, coefficients, rowStride: rowStride, depthStride: depthStride, src, depth: depth, ld: ld, j: j)
            for r in 0..<R {
                let v = after.apply(acc[r], row: (firstRow + r) * ld, j: j)
                UnsafeMutableRawPointer(out + r * ld + j).storeBytes(of: v, as: Block.self)
                if rowSums != nil { sums[r] += v }
            }
            j += 8
        }
        if let rowSums { for r in 0..<R { rowSums[r] = sums[r].sum() } }
    }

    /// `after` applied in place to a rows × ld buffer OpenBLAS wrote (and its row sums).
    private static func finishInPlace<F: BlockFinish>(_ buffer: UnsafeMutablePointer<Double>, rows: Int, ld: Int,
                                                      after: F, rowSums: UnsafeMutablePointer<Double>?) {
        for r in 0..<rows {
            var sum = Block()
            var j = 0
            while j < ld {
                let p = UnsafeMutableRawPointer(buffer + r * ld + j)
                let v = after.apply(p.loadUnaligned(as: Block.self), row: r * ld, j: j)
                p.storeBytes(of: v, as: Block.self)
                sum += v
                j += 8
            }
            rowSums?[r] = sum.sum()
        }
    }

    /// R rows of `initial[r] + Σ_i c[r · rowStride + i · depthStride] · src[i][j ..< j + 8]`:
    /// R eight-wide sums in registers while the source rows stream past (one 512-bit register
    /// each with AVX-512, two 256-bit ones with AVX2 — 8 sums then, enough to keep both of a
    /// core's fused multiply-add units busy).
    @inline(__always)
    private static func combine<let R: Int>(_ initial: InlineArray<R, Double>, _ c: UnsafePointer<Double>, rowStride: Int, depthStride: Int,
                                            _ src: UnsafePointer<Double>, depth: Int, ld: Int, j: Int) -> InlineArray<R, Block> {
        var acc = InlineArray<R, Block> { Block(repeating: initial[$0]) }
        for i in 0..<depth {
            let x = UnsafeRawPointer(src + i * ld + j).loadUnaligned(as: Block.self)
            for r in 0..<R {
                acc[r] = multiplyAdd(acc[r], Block(repeating: c[r * rowStride + i * depthStride]), x)
            }
        }
        return acc
    }

    /// Inverted dropout on a block, as the course: `v · D / keep_prob` (no mask: v).
    @inline(__always)
    static func dropout(_ v: Block, _ mask: UnsafePointer<Double>?, at offset: Int, keep: Double) -> Block {
        guard let mask else { return v }
        return v * UnsafeRawPointer(mask + offset).loadUnaligned(as: Block.self) / keep
    }

    /// The block's vectors with the columns at or past `width` set to zero.
    @inline(__always)
    static func keepColumns(_ v: Block, j: Int, width: Int) -> Block {
        guard j + 8 > width else { return v }
        let column = Block(0, 1, 2, 3, 4, 5, 6, 7) + Double(j)
        return v.replacing(with: 0, where: column .>= Block(repeating: Double(width)))
    }

    /// Sets the padding columns width ..< ld of every row to zero.
    static func clearPadding(_ p: UnsafeMutablePointer<Double>, rows: Int, width: Int, ld: Int) {
        guard ld > width else { return }
        for r in 0..<rows { (p + r * ld + width).update(repeating: 0, count: ld - width) }
    }

    /// acc + a·b: one fused instruction where the build targets FMA, else multiply then add
    /// (a fused multiply-add without hardware support would be a slow library call).
    @inline(__always)
    private static func multiplyAdd<V: SIMD>(_ acc: V, _ a: V, _ b: V) -> V where V.Scalar == Double {
        #if DNN_FMA
        return acc.addingProduct(a, b)
        #else
        return acc + a * b
        #endif
    }
}
