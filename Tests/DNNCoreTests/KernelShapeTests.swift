import Testing
@testable import DNNCore
import DNNTestSupport

/// The training kernels (register-blocked products with fused activations, dropout, padding
/// to 8 columns, db from the fused row sums) against a plain loop-by-loop backprop written
/// here, over many small shapes: every row-block remainder (1–9 units per layer), every
/// padding width (1–20 examples), every hidden activation, the three output/loss pairs,
/// dropout on and off, one and two lanes.
@Suite struct KernelShapeTests {
    /// Plain backprop on row-major arrays, the course's formulas, one loop per formula.
    static func reference(_ net: Network, x: Matrix, t: Matrix, masks: [[Double]?]) -> (cost: Double, dW: [[Double]], db: [[Double]]) {
        let m = x.cols, depth = net.depth
        var a: [[Double]] = [x.values]
        for l in 0..<depth {
            let (rows, cols) = (net.sizes[l + 1], net.sizes[l])
            var z = [Double](repeating: 0, count: rows * m)
            for r in 0..<rows {
                for j in 0..<m {
                    var s = net.biases[l].values[r]
                    for i in 0..<cols { s += net.weights[l].values[r * cols + i] * a[l][i * m + j] }
                    z[r * m + j] = s
                }
            }
            var out = net.activations[l].apply(try! Matrix(rows: rows, cols: m, values: z)).values
            if let d = masks[l] { for i in out.indices { out[i] = out[i] * d[i] / net.keepProbs[l] } }
            a.append(out)
        }
        let outL = a[depth], rowsL = net.sizes[depth]
        var cost = 0.0
        for i in 0..<(rowsL * m) {
            let (p, y) = (outL[i], t.values[i])
            switch net.loss {
            case .binaryCrossEntropy: cost += -(y * Foundation_log(p) + (1 - y) * Foundation_log(1 - p))
            case .softmaxCrossEntropy: cost += -y * Foundation_log(p)
            case .meanSquaredError: cost += (p - y) * (p - y) / 2
            }
        }
        cost /= Double(m)
        var dz = (0..<(rowsL * m)).map { (outL[$0] - t.values[$0]) / Double(m) }
        var dW = [[Double]](repeating: [], count: depth), db = [[Double]](repeating: [], count: depth)
        for l in stride(from: depth - 1, through: 0, by: -1) {
            let (rows, cols) = (net.sizes[l + 1], net.sizes[l])
            dW[l] = (0..<(rows * cols)).map { k in (0..<m).reduce(0.0) { $0 + dz[(k / cols) * m + $1] * a[l][(k % cols) * m + $1] } }
            db[l] = (0..<rows).map { r in (0..<m).reduce(0.0) { $0 + dz[r * m + $1] } }
            guard l > 0 else { break }
            var prev = [Double](repeating: 0, count: cols * m)
            for c in 0..<cols {
                for j in 0..<m {
                    var s = 0.0
                    for r in 0..<rows { s += net.weights[l].values[r * cols + c] * dz[r * m + j] }
                    if let d = masks[l - 1] { s = s * d[c * m + j] / net.keepProbs[l - 1] }
                    let ap = a[l][c * m + j]
                    let slope: Double
                    switch net.activations[l - 1] {
                    case .relu: slope = ap > 0 ? 1 : 0
                    case .leakyRelu: slope = ap > 0 ? 1 : 0.01
                    case .tanh: slope = 1 - ap * ap
                    case .sigmoid: slope = ap * (1 - ap)
                    case .linear, .softmax: slope = 1
                    }
                    prev[c * m + j] = s * slope
                }
            }
            dz = prev
        }
        return (cost, dW, db)
    }

    static let hidden: [Activation] = [.relu, .leakyRelu, .tanh, .sigmoid, .linear]
    static let outputs: [(Activation, Int)] = [(.sigmoid, 1), (.softmax, 3), (.linear, 2)]

    /// One of the 60 shape cases: a network, a batch, and the dropout masks the engine draws
    /// from `NumPyRandom(seed: 7)` (nil when the network has no dropout).
    struct ShapeCase {
        let net: Network
        let x: Matrix
        let labels: Matrix
        let masks: [[Double]?]
    }

    static func shapeCase(_ case_: Int) throws -> ShapeCase {
        var rng = NumPyRandom(seed: UInt32(100 + case_))
        let m = 1 + case_ % 20
        let (outAct, outUnits) = Self.outputs[case_ % 3]
        let hiddenCount = 1 + case_ % 3
        var layers: [LayerSpec] = []
        for h in 0..<hiddenCount {
            let units = 1 + rng.randint(9)
            let keep = case_ % 4 == 0 ? 0.75 : 1
            layers.append(LayerSpec(units: units, activation: Self.hidden[(case_ + h) % 5], keepProb: keep))
        }
        layers.append(LayerSpec(units: outUnits, activation: outAct))
        let inputs = 1 + case_ % 5
        var net = try Network(inputSize: inputs, layers: layers, initializer: .he, rng: &rng)
        for l in 0..<net.depth { net.biases[l] = try rng.randn(net.sizes[l + 1], 1) }
        let x = try rng.randn(inputs, m)
        let labels: Matrix
        switch outAct {
        case .sigmoid: labels = Matrix(row: (0..<m).map { _ in rng.rand() < 0.5 ? 0 : 1 })
        case .softmax: labels = Matrix(row: (0..<m).map { _ in Double(rng.randint(3)) })
        default: labels = try rng.randn(outUnits, m)
        }
        // The masks the engine draws: D1, D2, … each row by row over the batch.
        var drawn = NumPyRandom(seed: 7)
        let masks: [[Double]?] = (0..<net.depth).map { l in
            guard net.usesDropout, net.keepProbs[l] < 1 else { return nil }
            return (0..<(net.sizes[l + 1] * m)).map { _ in drawn.rand() < net.keepProbs[l] ? 1 : 0 }
        }
        return ShapeCase(net: net, x: x, labels: labels, masks: masks)
    }

    @Test(arguments: 0..<60)
    func kernelsMatchPlainBackprop(_ case_: Int) throws {
        let c = try Self.shapeCase(case_)
        let expected = Self.reference(c.net, x: c.x, t: try c.net.targets(forLabels: c.labels), masks: c.masks)
        var maskRng: NumPyRandom? = c.net.usesDropout ? NumPyRandom(seed: 7) : nil
        let got = try Trainer.gradients(of: c.net, x: c.x, y: c.labels, dropout: &maskRng)
        expectClose(got.cost, expected.cost, rtol: 1e-12, atol: 1e-14)
        for l in 0..<c.net.depth {
            for (g, e) in zip(got.dW[l].values, expected.dW[l]) { expectClose(g, e, rtol: 1e-10, atol: 1e-13) }
            for (g, e) in zip(got.db[l].values, expected.db[l]) { expectClose(g, e, rtol: 1e-10, atol: 1e-13) }
        }
    }

    /// One workspace, batches of changing width (so the padding changes), through the small
    /// kernels and through OpenBLAS (a 40 × 40 layer at 45 examples is 72 000 multiply-adds,
    /// over ``Products/smallLimit``), dropout on: every pass equals the plain backprop.
    @Test(arguments: [[3, 7, 5, 1], [30, 40, 40, 1]])
    func changingBatchWidths(_ sizes: [Int]) throws {
        var rng = NumPyRandom(seed: 11)
        let net = try Network(inputSize: sizes[0], layers: [LayerSpec(units: sizes[1], activation: .relu, keepProb: 0.7),
                                                            LayerSpec(units: sizes[2], activation: .tanh, keepProb: 0.9),
                                                            LayerSpec(units: sizes[3], activation: .sigmoid)],
                              initializer: .he, rng: &rng)
        let widths = [45, 13, 45, 5, 1, 33]
        let space = try Workspace(network: net, capacity: 45)
        for (n, m) in widths.enumerated() {
            let x = try rng.randn(sizes[0], m)
            let labels = Matrix(row: (0..<m).map { _ in rng.rand() < 0.5 ? 0 : 1 })
            var drawn = NumPyRandom(seed: UInt32(n))
            let masks: [[Double]?] = [(0..<(sizes[1] * m)).map { _ in drawn.rand() < 0.7 ? 1 : 0 },
                                      (0..<(sizes[2] * m)).map { _ in drawn.rand() < 0.9 ? 1 : 0 }, nil]
            let expected = Self.reference(net, x: x, t: labels, masks: masks)
            var maskRng = NumPyRandom(seed: UInt32(n))
            let cost = x.values.withUnsafeBufferPointer { px in
                labels.values.withUnsafeBufferPointer { py in
                    space.setBatch(px.baseAddress!, py.baseAddress!, total: m)
                    space.drawMasks(&maskRng)
                    return space.pass(dropout: true, regularizer: .none)
                }
            }
            expectClose(cost, expected.cost, rtol: 1e-12, "width \(m)")
            let (dW, db) = space.gradients()
            for l in 0..<3 {
                for (g, e) in zip(dW[l].values, expected.dW[l]) { expectClose(g, e, rtol: 1e-10, atol: 1e-13, "dW\(l + 1), width \(m)") }
                for (g, e) in zip(db[l].values, expected.db[l]) { expectClose(g, e, rtol: 1e-10, atol: 1e-13, "db\(l + 1), width \(m)") }
            }
        }
    }

    /// A batch of one example on a two-lane workspace leaves the second lane empty: its
    /// gradients from the batch before must not be added in.
    @Test func emptySecondLaneAddsNothing() throws {
        var rng = NumPyRandom(seed: 5)
        let net = try Network(inputSize: 2, layers: [LayerSpec(units: 6, activation: .relu), LayerSpec(units: 1, activation: .sigmoid)],
                              initializer: .he, rng: &rng)
        let space = try Workspace(network: net, capacity: 257, parallel: true, threads: false)
        #expect(space.laneCount == 2)
        for m in [128, 1] {
            let x = try rng.randn(2, m)
            let labels = Matrix(row: (0..<m).map { _ in rng.rand() < 0.5 ? 0 : 1 })
            let expected = Self.reference(net, x: x, t: labels, masks: [nil, nil])
            x.values.withUnsafeBufferPointer { px in
                labels.values.withUnsafeBufferPointer { py in
                    space.setBatch(px.baseAddress!, py.baseAddress!, total: m)
                    _ = space.pass(dropout: false, regularizer: .none)
                }
            }
            let (dW, db) = space.gradients()
            for l in 0..<2 {
                for (g, e) in zip(dW[l].values, expected.dW[l]) { expectClose(g, e, rtol: 1e-10, atol: 1e-13, "dW\(l + 1), \(m) examples") }
                for (g, e) in zip(db[l].values, expected.db[l]) { expectClose(g, e, rtol: 1e-10, atol: 1e-13, "db\(l + 1), \(m) examples") }
            }
        }
    }

    /// The padding columns must stay zero: here the padding of a bias-only input would
    /// reach 1e300 in A1 and overflow to inf in A2, and 0 · inf would make dW3 NaN, while
    /// every real example has finite values (x = 1 cancels the bias exactly).
    @Test func paddingStaysZeroWhenItWouldOverflow() throws {
        let net = try Network(weights: [Matrix([[-1e300]]), Matrix([[1e10]]), Matrix([[0.3]])],
                              biases: [Matrix([[1e300]]), Matrix([[0.5]]), Matrix([[0]])],
                              activations: [.relu, .relu, .sigmoid])
        let x = Matrix(row: [1, 1, 1, 1, 1]), labels = Matrix(row: [1, 0, 1, 0, 1])
        var noDropout: NumPyRandom? = nil
        let got = try Trainer.gradients(of: net, x: x, y: labels, dropout: &noDropout)
        let expected = Self.reference(net, x: x, t: labels, masks: [nil, nil, nil])
        #expect(got.cost.isFinite)
        for l in 0..<3 {
            for (g, e) in zip(got.dW[l].values, expected.dW[l]) { expectClose(g, e, rtol: 1e-12, atol: 1e-300, "dW\(l + 1)") }
        }
    }

    /// Batches wide enough for two lanes (≥ 128), odd so the lanes' padding differs.
    @Test(arguments: [129, 131, 150, 211, 300])
    func twoLanesMatchPlainBackprop(_ m: Int) throws {
        var rng = NumPyRandom(seed: UInt32(m))
        let net = try Network(inputSize: 2, layers: [LayerSpec(units: 7, activation: .relu, keepProb: 0.8),
                                                     LayerSpec(units: 5, activation: .tanh),
                                                     LayerSpec(units: 1, activation: .sigmoid)],
                              initializer: .he, rng: &rng)
        let x = try rng.randn(2, m)
        let labels = Matrix(row: (0..<m).map { _ in rng.rand() < 0.5 ? 0 : 1 })
        var drawn = NumPyRandom(seed: 3)
        let masks: [[Double]?] = [(0..<(7 * m)).map { _ in drawn.rand() < 0.8 ? 1 : 0 }, nil, nil]
        let expected = Self.reference(net, x: x, t: labels, masks: masks)
        for threads in [false, true] {
            let space = try Workspace(network: net, capacity: m, parallel: true, threads: threads)
            #expect(space.laneCount == 2)
            var maskRng = NumPyRandom(seed: 3)
            let cost = x.values.withUnsafeBufferPointer { px in
                labels.values.withUnsafeBufferPointer { py in
                    space.setBatch(px.baseAddress!, py.baseAddress!, total: m)
                    space.drawMasks(&maskRng)
                    return space.pass(dropout: true, regularizer: .none)
                }
            }
            expectClose(cost, expected.cost, rtol: 1e-12)
            let (dW, db) = space.gradients()
            for l in 0..<3 {
                for (g, e) in zip(dW[l].values, expected.dW[l]) { expectClose(g, e, rtol: 1e-10, atol: 1e-13) }
                for (g, e) in zip(db[l].values, expected.db[l]) { expectClose(g, e, rtol: 1e-10, atol: 1e-13) }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
private func Foundation_log(_ x: Double) -> Double { log(x) }
