/// The training kernel: a network's parameters and every forward/backward buffer in raw
/// memory allocated once, so an iteration allocates nothing.
///
/// Buffers hold up to `capacity` examples as columns (row-major, leading dimension = the
/// current batch width). Forward computes A[l] in place of Z[l]; backward keeps dA/dZ in
/// one buffer per layer and derives g'(Z) from A as the course does.
final class Workspace {
    let sizes: [Int]
    let activations: [Activation]
    let keepProbs: [Double]
    let loss: Loss
    let capacity: Int
    var depth: Int { activations.count }

    private(set) var w: [UnsafeMutablePointer<Double>] = []
    private(set) var b: [UnsafeMutablePointer<Double>] = []
    private(set) var dw: [UnsafeMutablePointer<Double>] = []
    private(set) var db: [UnsafeMutablePointer<Double>] = []
    private(set) var a: [UnsafeMutablePointer<Double>] = []      // A[1] … A[L]
    private var dz: [UnsafeMutablePointer<Double>] = []          // dZ[1] … dZ[L]
    private var mask: [UnsafeMutablePointer<Double>?] = []       // D[l] for dropout layers
    /// A batch's inputs and targets when they are gathered from a larger set.
    let xBatch: UnsafeMutablePointer<Double>
    let yBatch: UnsafeMutablePointer<Double>

    init(network: Network, capacity: Int) {
        sizes = network.sizes
        activations = network.activations
        keepProbs = network.keepProbs
        loss = network.loss
        self.capacity = Swift.max(capacity, 1)
        func alloc(_ n: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(n, 1))
            p.initialize(repeating: 0, count: Swift.max(n, 1))
            return p
        }
        for l in 0..<network.depth {
            let (rows, cols) = (sizes[l + 1], sizes[l])
            w.append(alloc(rows * cols))
            b.append(alloc(rows))
            dw.append(alloc(rows * cols))
            db.append(alloc(rows))
            a.append(alloc(rows * self.capacity))
            dz.append(alloc(rows * self.capacity))
            mask.append(keepProbs[l] < 1 ? alloc(rows * self.capacity) : nil)
        }
        xBatch = alloc(sizes[0] * self.capacity)
        yBatch = alloc(sizes[sizes.count - 1] * self.capacity)
        load(network)
    }

    deinit {
        for p in w + b + dw + db + a + dz { p.deallocate() }
        for p in mask { p?.deallocate() }
        xBatch.deallocate()
        yBatch.deallocate()
    }

    /// Copies the network's parameters in.
    func load(_ network: Network) {
        for l in 0..<depth {
            network.weights[l].values.withUnsafeBufferPointer { w[l].update(from: $0.baseAddress!, count: $0.count) }
            network.biases[l].values.withUnsafeBufferPointer { b[l].update(from: $0.baseAddress!, count: $0.count) }
        }
    }

    /// Copies the parameters out into the network.
    func store(into network: inout Network) {
        for l in 0..<depth {
            network.weights[l].values.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: w[l], count: $0.count) }
            network.biases[l].values.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: b[l], count: $0.count) }
        }
    }

    /// How a forward pass treats dropout layers.
    enum DropoutMode {
        /// Inference: no dropout.
        case off
        /// Draw fresh masks (rand, row by row, D1 then D2 …) from the generator.
        case draw(UnsafeMutablePointer<NumPyRandom>)
        /// Apply the masks of the previous pass again (same batch width).
        case reuse
    }

    /// Forward propagation over `m` examples in `x` (n[0] × m, leading dimension m).
    func forward(_ x: UnsafePointer<Double>, m: Int, dropout: DropoutMode) {
        var input = x
        for l in 0..<depth {
            let (rows, cols) = (sizes[l + 1], sizes[l])
            let out = a[l]
            let relu = activations[l] == .relu
            Products.biasedProduct(out, bias: b[l], w[l], input, m: rows, n: m, k: cols, relu: relu)
            if !relu { activations[l].applyInPlace(out, rows: rows, cols: m) }
            if let d = mask[l] {
                let keep = keepProbs[l]
                switch dropout {
                case .off:
                    break
                case .draw(let rng):
                    for i in 0..<(rows * m) { d[i] = rng.pointee.rand() < keep ? 1 : 0 }
                    fallthrough
                case .reuse:
                    for i in 0..<(rows * m) { out[i] = out[i] * d[i] / keep }
                }
            }
            input = UnsafePointer(out)
        }
    }

    /// The cost of the last forward pass against targets `y` (n[L] × m), without penalty.
    func cost(_ y: UnsafePointer<Double>, m: Int) -> Double {
        loss.cost(a[depth - 1], y, count: sizes[depth] * m, examples: m)
    }

    /// The regularizer's penalty on the current weights.
    func penalty(_ regularizer: Regularizer, m: Int) -> Double {
        switch regularizer {
        case .none: return 0
        case .l2(let lambda):
            var squares = 0.0
            for l in 0..<depth {
                let p = w[l]
                squares += pairwiseTermSum(sizes[l + 1] * sizes[l]) { p[$0] * p[$0] }
            }
            return 1.0 / Double(m) * (lambda / 2) * squares
        case .l1(let lambda):
            var total = 0.0
            for l in 0..<depth {
                let p = w[l]
                total += pairwiseTermSum(sizes[l + 1] * sizes[l]) { Swift.abs(p[$0]) }
            }
            return lambda / (2 * Double(m)) * total
        }
    }

    /// Backward propagation after `forward` on the same batch: fills dW[l], db[l].
    func backward(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, m: Int, regularizer: Regularizer) {
        let last = depth - 1
        let inv = 1.0 / Double(m)
        // dZ[L] = (A[L] − Y)/m for sigmoid + cross-entropy and softmax + cross-entropy;
        // for mean squared error (A − Y)/m · g'(A).
        do {
            let n = sizes[depth] * m
            let (out, d) = (a[last], dz[last])
            let act = activations[last]
            let natural = (loss == .binaryCrossEntropy && act == .sigmoid) || (loss == .softmaxCrossEntropy && act == .softmax)
            if natural || act == .linear {
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
            let input: UnsafePointer<Double> = l == 0 ? x : UnsafePointer(a[l - 1])
            // dW = dZ · A_prevᵀ ; db = Σ_columns dZ.
            Products.transposedRightProduct(dw[l], dz[l], input, m: rows, n: m, k: cols)
            for r in 0..<rows { db[l][r] = pairwiseSum(dz[l] + r * m, m) }
            regularizer.addGradient(w[l], into: dw[l], count: rows * cols, examples: m)
            guard l > 0 else { break }
            // dA_prev = Wᵀ · dZ, then dropout's mask and scale, then g'(A_prev).
            let prev = dz[l - 1]
            Products.transposedLeftProduct(prev, w[l], dz[l], m: rows, n: m, k: cols)
            let n = cols * m
            if let d = mask[l - 1] {
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

    /// One gradient-descent step: W −= lr·dW, b −= lr·db.
    func update(learningRate lr: Double) {
        for l in 0..<depth {
            let n = sizes[l + 1] * sizes[l]
            let (p, g) = (w[l], dw[l])
            for i in 0..<n { p[i] = p[i] - lr * g[i] }
            let (q, h) = (b[l], db[l])
            for i in 0..<sizes[l + 1] { q[i] = q[i] - lr * h[i] }
        }
    }

    /// The gradients as matrices (dW1, db1, …) after `backward`.
    func gradients() -> (dW: [Matrix], db: [Matrix]) {
        var gw: [Matrix] = [], gb: [Matrix] = []
        for l in 0..<depth {
            let (rows, cols) = (sizes[l + 1], sizes[l])
            gw.append(Matrix(unchecked: rows, cols, Array(UnsafeBufferPointer(start: dw[l], count: rows * cols))))
            gb.append(Matrix(unchecked: rows, 1, Array(UnsafeBufferPointer(start: db[l], count: rows))))
        }
        return (gw, gb)
    }

    /// Gathers the chosen example columns of (x, y) into the batch buffers.
    func gather(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, total: Int, columns: ArraySlice<Int>) {
        let mb = columns.count
        for r in 0..<sizes[0] {
            for (j, c) in columns.enumerated() { xBatch[r * mb + j] = x[r * total + c] }
        }
        for r in 0..<sizes[depth] {
            for (j, c) in columns.enumerated() { yBatch[r * mb + j] = y[r * total + c] }
        }
    }
}
