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

    @Test(arguments: 0..<60)
    func kernelsMatchPlainBackprop(_ case_: Int) throws {
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
        for l in 0..<net.depth { net.biases[l] = rng.randn(net.sizes[l + 1], 1) }
        let x = rng.randn(inputs, m)
        let labels: Matrix
        switch outAct {
        case .sigmoid: labels = Matrix(row: (0..<m).map { _ in rng.rand() < 0.5 ? 0 : 1 })
        case .softmax: labels = Matrix(row: (0..<m).map { _ in Double(rng.randint(3)) })
        default: labels = rng.randn(outUnits, m)
        }
        let t = try net.targets(forLabels: labels)
        // The masks the engine draws: D1, D2, … each row by row over the batch.
        var maskRng: NumPyRandom? = net.usesDropout ? NumPyRandom(seed: 7) : nil
        var drawn = NumPyRandom(seed: 7)
        let masks: [[Double]?] = (0..<net.depth).map { l in
            guard net.usesDropout, net.keepProbs[l] < 1 else { return nil }
            return (0..<(net.sizes[l + 1] * m)).map { _ in drawn.rand() < net.keepProbs[l] ? 1 : 0 }
        }
        let expected = Self.reference(net, x: x, t: t, masks: masks)
        let got = try Trainer.gradients(of: net, x: x, y: labels, dropout: &maskRng)
        expectClose(got.cost, expected.cost, rtol: 1e-12, atol: 1e-14)
        for l in 0..<net.depth {
            for (g, e) in zip(got.dW[l].values, expected.dW[l]) { expectClose(g, e, rtol: 1e-10, atol: 1e-13) }
            for (g, e) in zip(got.db[l].values, expected.db[l]) { expectClose(g, e, rtol: 1e-10, atol: 1e-13) }
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
        let x = rng.randn(2, m)
        let labels = Matrix(row: (0..<m).map { _ in rng.rand() < 0.5 ? 0 : 1 })
        var drawn = NumPyRandom(seed: 3)
        let masks: [[Double]?] = [(0..<(7 * m)).map { _ in drawn.rand() < 0.8 ? 1 : 0 }, nil, nil]
        let expected = Self.reference(net, x: x, t: labels, masks: masks)
        for threads in [false, true] {
            let space = Workspace(network: net, capacity: m, parallel: true, threads: threads)
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
