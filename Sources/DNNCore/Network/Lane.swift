/// One share of a batch's examples (a block of columns) with its own activation, gradient
/// and mask buffers, so two lanes can run forward and backward propagation at once.
///
/// Buffers are row-major with leading dimension `ld` = the lane's current width rounded up
/// to 8 (``Products/paddedWidth(_:)``); the padding columns stay zero in X, A and dZ.
/// Forward computes A[l] in place of Z[l]; backward keeps dA/dZ in one buffer per layer and
/// derives g'(Z) from A as the course does. Gradients here are this lane's share (already
/// scaled by 1/m of the whole batch); the workspace adds the lanes' shares.
final class Lane {
    let sizes: [Int]
    let activations: [Activation]
    let keepProbs: [Double]
    let loss: Loss
    let capacity: Int
    /// The build of the small-matrix kernels the lane's products run.
    let kernels: Kernels
    var depth: Int { activations.count }

    /// The lane's examples: inputs n[0] × width and targets n[L] × width.
    let x: UnsafeMutablePointer<Double>
    let y: UnsafeMutablePointer<Double>
    var width = 0
    /// The row length of every buffer: `width` rounded up to 8.
    private(set) var ld = 0
    private(set) var a: [UnsafeMutablePointer<Double>] = []      // A[1] … A[L]
    private var dz: [UnsafeMutablePointer<Double>] = []          // dZ[1] … dZ[L]
    private(set) var mask: [UnsafeMutablePointer<Double>?] = []  // D[l] for dropout layers
    private(set) var dw: [UnsafeMutablePointer<Double>] = []
    private(set) var db: [UnsafeMutablePointer<Double>] = []

    init(sizes: [Int], activations: [Activation], keepProbs: [Double], loss: Loss, capacity: Int, kernels: Kernels) {
        self.kernels = kernels
        self.sizes = sizes
        self.activations = activations
        self.keepProbs = keepProbs
        self.loss = loss
        self.capacity = Swift.max(capacity, 1)
        let cap = Products.paddedWidth(self.capacity)
        x = Lane.alloc(sizes[0] * cap)
        y = Lane.alloc(sizes[sizes.count - 1] * cap)
        for l in 0..<activations.count {
            let (rows, cols) = (sizes[l + 1], sizes[l])
            a.append(Lane.alloc(rows * cap))
            dz.append(Lane.alloc(rows * cap))
            mask.append(keepProbs[l] < 1 ? Lane.alloc(rows * cap) : nil)
            dw.append(Lane.alloc(rows * cols))
            db.append(Lane.alloc(rows))
        }
    }

    deinit {
        for p in a + dz + dw + db { p.deallocate() }
        for p in mask { p?.deallocate() }
        x.deallocate()
        y.deallocate()
    }

    /// Checks, before a workspace allocates them, that a lane's buffers for a batch of
    /// `capacity` examples (n[l] × the padded width, per layer) are within the matrix size limit.
    /// - Throws: ``TrainingError/activationsTooLarge(layer:units:examples:)`` for the first
    ///   layer (0: the inputs) whose buffer is not.
    static func checkSizes(_ sizes: [Int], capacity: Int) throws {
        let width = Products.paddedWidth(Swift.min(Swift.max(capacity, 1), Matrix.maximumEntries))
        for (l, units) in sizes.enumerated() where (try? Matrix.checkSize(rows: units, cols: width)) == nil {
            throw TrainingError.activationsTooLarge(layer: l, units: units, examples: capacity)
        }
    }

    /// `n` zeros, 64-byte aligned (a cache line, and whole vectors for the kernels).
    static func alloc(_ n: Int) -> UnsafeMutablePointer<Double> {
        let count = Swift.max(n, 1)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Double>.stride, alignment: 64)
        return raw.initializeMemory(as: Double.self, repeating: 0, count: count)
    }

    /// Copies the given columns of (x, y) (n × total each, row-major) into the lane.
    func gather(_ sx: UnsafePointer<Double>, _ sy: UnsafePointer<Double>, total: Int, columns: ArraySlice<Int>) {
        setWidth(columns.count)
        for r in 0..<sizes[0] {
            for (j, c) in columns.enumerated() { x[r * ld + j] = sx[r * total + c] }
        }
        for r in 0..<sizes[depth] {
            for (j, c) in columns.enumerated() { y[r * ld + j] = sy[r * total + c] }
        }
    }

    /// Copies the contiguous columns `start..<start + count` of (x, y) into the lane.
    func load(_ sx: UnsafePointer<Double>, _ sy: UnsafePointer<Double>, total: Int, start: Int, count: Int) {
        setWidth(count)
        for r in 0..<sizes[0] { (x + r * ld).update(from: sx + r * total + start, count: count) }
        for r in 0..<sizes[depth] { (y + r * ld).update(from: sy + r * total + start, count: count) }
    }

    /// Sets the width and the row length, and zeroes the input's padding columns.
    private func setWidth(_ count: Int) {
        width = count
        ld = Products.paddedWidth(count)
        Products.clearPadding(x, rows: sizes[0], width: width, ld: ld)
        Products.clearPadding(y, rows: sizes[depth], width: width, ld: ld)
    }

    /// Forward propagation with the given parameters; `dropout` applies the lane's masks.
    func forward(w: [UnsafeMutablePointer<Double>], b: [UnsafeMutablePointer<Double>], dropout: Bool) {
        var input = UnsafePointer(x)
        for l in 0..<depth {
            Products.forward(kernels, a[l], bias: b[l], w[l], input, rows: sizes[l + 1], k: sizes[l], width: width, ld: ld,
                             activation: activations[l], mask: dropout ? mask[l].map { UnsafePointer($0) } : nil,
                             keep: keepProbs[l])
            input = UnsafePointer(a[l])
        }
    }

    /// Forward, the loss terms, and backward: this lane's share of dW, db.
    /// - Parameters:
    ///   - terms: the batch's loss terms (n[L] × total, row-major); the lane fills its columns.
    ///   - offset: the batch column of the lane's first example.
    ///   - total: the whole batch's example count m (for the 1/m in dZ[L]).
    func run(w: [UnsafeMutablePointer<Double>], b: [UnsafeMutablePointer<Double>], dropout: Bool,
             terms: UnsafeMutablePointer<Double>, offset: Int, total: Int) {
        forward(w: w, b: b, dropout: dropout)
        let out = a[depth - 1]
        for r in 0..<sizes[depth] {
            let row = terms + r * total + offset
            loss.terms(out + r * ld, y + r * ld, count: width, into: row, kernels: kernels)
        }
        backward(w: w, dropout: dropout, total: total)
    }

    private func backward(w: [UnsafeMutablePointer<Double>], dropout: Bool, total: Int) {
        let last = depth - 1
        let inv = 1.0 / Double(total)
        // dZ[L] (Loss.outputDelta); db[L] is its row sums.
        do {
            let (out, d) = (a[last], dz[last])
            let act = activations[last]
            for r in 0..<sizes[depth] {
                let base = r * ld
                for i in base..<(base + width) { d[i] = loss.outputDelta(out[i], y[i], activation: act, inv: inv) }
                db[last][r] = numpySum(d + base, width)
            }
            Products.clearPadding(d, rows: sizes[depth], width: width, ld: ld)
        }
        for l in stride(from: last, through: 0, by: -1) {
            let (rows, cols) = (sizes[l + 1], sizes[l])
            let input: UnsafePointer<Double> = l == 0 ? UnsafePointer(x) : UnsafePointer(a[l - 1])
            // dW = dZ · A_prevᵀ (db came with dZ).
            Products.weightGradient(kernels, dw[l], dz[l], input, m: rows, k: cols, width: width, ld: ld)
            guard l > 0 else { break }
            // dZ_prev = Wᵀ · dZ, then dropout's mask and scale, then g'(A_prev); and db_prev.
            Products.backward(kernels, dz[l - 1], w[l], dz[l], m: rows, k: cols, width: width, ld: ld,
                              activation: activations[l - 1], aPrev: a[l - 1],
                              mask: dropout ? mask[l - 1].map { UnsafePointer($0) } : nil, keep: keepProbs[l - 1],
                              db: db[l - 1])
        }
    }
}
