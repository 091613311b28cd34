/// One share of a batch's examples (a block of columns) with its own activation, gradient
/// and mask buffers, so two lanes can run forward and backward propagation at once.
///
/// Buffers are row-major with leading dimension = the lane's current width. Forward
/// computes A[l] in place of Z[l]; backward keeps dA/dZ in one buffer per layer and derives
/// g'(Z) from A as the course does. Gradients here are this lane's share (already scaled by
/// 1/m of the whole batch); the workspace adds the lanes' shares.
final class Lane {
    let sizes: [Int]
    let activations: [Activation]
    let keepProbs: [Double]
    let loss: Loss
    let capacity: Int
    var depth: Int { activations.count }

    /// The lane's examples: inputs n[0] × width and targets n[L] × width.
    let x: UnsafeMutablePointer<Double>
    let y: UnsafeMutablePointer<Double>
    var width = 0
    private(set) var a: [UnsafeMutablePointer<Double>] = []      // A[1] … A[L]
    private var dz: [UnsafeMutablePointer<Double>] = []          // dZ[1] … dZ[L]
    private(set) var mask: [UnsafeMutablePointer<Double>?] = []  // D[l] for dropout layers
    private(set) var dw: [UnsafeMutablePointer<Double>] = []
    private(set) var db: [UnsafeMutablePointer<Double>] = []

    init(sizes: [Int], activations: [Activation], keepProbs: [Double], loss: Loss, capacity: Int) {
        self.sizes = sizes
        self.activations = activations
        self.keepProbs = keepProbs
        self.loss = loss
        self.capacity = Swift.max(capacity, 1)
        let cap = self.capacity
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

    static func alloc(_ n: Int) -> UnsafeMutablePointer<Double> {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(n, 1))
        p.initialize(repeating: 0, count: Swift.max(n, 1))
        return p
    }

    /// Copies the given columns of (x, y) (n × total each, row-major) into the lane.
    func gather(_ sx: UnsafePointer<Double>, _ sy: UnsafePointer<Double>, total: Int, columns: ArraySlice<Int>) {
        width = columns.count
        for r in 0..<sizes[0] {
            for (j, c) in columns.enumerated() { x[r * width + j] = sx[r * total + c] }
        }
        for r in 0..<sizes[depth] {
            for (j, c) in columns.enumerated() { y[r * width + j] = sy[r * total + c] }
        }
    }

    /// Copies the contiguous columns `start..<start + count` of (x, y) into the lane.
    func load(_ sx: UnsafePointer<Double>, _ sy: UnsafePointer<Double>, total: Int, start: Int, count: Int) {
        width = count
        for r in 0..<sizes[0] { (x + r * count).update(from: sx + r * total + start, count: count) }
        for r in 0..<sizes[depth] { (y + r * count).update(from: sy + r * total + start, count: count) }
    }

    /// Forward propagation with the given parameters; `dropout` applies the lane's masks.
    func forward(w: [UnsafeMutablePointer<Double>], b: [UnsafeMutablePointer<Double>], dropout: Bool) {
        let m = width
        var input = UnsafePointer(x)
        for l in 0..<depth {
            let (rows, cols) = (sizes[l + 1], sizes[l])
            let out = a[l]
            let relu = activations[l] == .relu
            Products.biasedProduct(out, bias: b[l], w[l], input, m: rows, n: m, k: cols, relu: relu)
            if !relu { activations[l].applyInPlace(out, rows: rows, cols: m) }
            if dropout, let d = mask[l] {
                let keep = keepProbs[l]
                for i in 0..<(rows * m) { out[i] = out[i] * d[i] / keep }
            }
            input = UnsafePointer(out)
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
            for j in 0..<width { row[j] = loss.term(out[r * width + j], y[r * width + j]) }
        }
        backward(w: w, dropout: dropout, total: total)
    }

    private func backward(w: [UnsafeMutablePointer<Double>], dropout: Bool, total: Int) {
        let m = width
        let last = depth - 1
        let inv = 1.0 / Double(total)
        // dZ[L] = (A[L] − Y)/m for sigmoid + cross-entropy and softmax + cross-entropy;
        // otherwise dJ/dA · g'(A).
        do {
            let n = sizes[depth] * m
            let (out, d) = (a[last], dz[last])
            let act = activations[last]
            let natural = (loss == .binaryCrossEntropy && act == .sigmoid) || (loss == .softmaxCrossEntropy && act == .softmax)
            if natural || (act == .linear && loss == .meanSquaredError) {
                for i in 0..<n { d[i] = inv * (out[i] - y[i]) }
            } else if loss == .meanSquaredError {
                for i in 0..<n { d[i] = inv * (out[i] - y[i]) * act.derivative(output: out[i]) }
            } else if loss == .binaryCrossEntropy {
                // dJ/dA = (−y/a + (1 − y)/(1 − a))/m, times g'(A).
                for i in 0..<n {
                    d[i] = inv * (-y[i] / out[i] + (1 - y[i]) / (1 - out[i])) * act.derivative(output: out[i])
                }
            } else {
                for i in 0..<n { d[i] = inv * (-y[i] / out[i]) * act.derivative(output: out[i]) }
            }
        }
        for l in stride(from: last, through: 0, by: -1) {
            let (rows, cols) = (sizes[l + 1], sizes[l])
            let input: UnsafePointer<Double> = l == 0 ? UnsafePointer(x) : UnsafePointer(a[l - 1])
            // dW = dZ · A_prevᵀ ; db = Σ_columns dZ.
            Products.transposedRightProduct(dw[l], dz[l], input, m: rows, n: m, k: cols)
            for r in 0..<rows { db[l][r] = pairwiseSum(dz[l] + r * m, m) }
            guard l > 0 else { break }
            // dA_prev = Wᵀ · dZ, then dropout's mask and scale, then g'(A_prev).
            let prev = dz[l - 1]
            Products.transposedLeftProduct(prev, w[l], dz[l], m: rows, n: m, k: cols)
            let n = cols * m
            if dropout, let d = mask[l - 1] {
                let keep = keepProbs[l - 1]
                for i in 0..<n { prev[i] = prev[i] * d[i] / keep }
            }
            let ap = a[l - 1]
            switch activations[l - 1] {
            case .relu:
                for i in 0..<n { prev[i] = ap[i] > 0 ? prev[i] : 0 }
            case .linear:
                break
            default:
                let g = activations[l - 1]
                for i in 0..<n { prev[i] *= g.derivative(output: ap[i]) }
            }
        }
    }
}
