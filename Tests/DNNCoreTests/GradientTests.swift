import Testing
@testable import DNNCore
import DNNTestSupport

/// Every activation, loss and regularizer against central differences.
@Suite struct GradientTests {
    static func data(outputs: Int, classes: Bool) throws -> (Matrix, Matrix) {
        var rng = NumPyRandom(seed: 7)
        let x = try rng.randn(3, 8)
        if outputs == 1 {
            return (x, Matrix(row: (0..<8).map { Double($0 % 2) }))
        }
        if classes { return (x, Matrix(row: (0..<8).map { Double($0 % outputs) })) }
        return (x, try rng.randn(outputs, 8))
    }

    static func check(hidden: Activation, output: Activation, outputs: Int = 1, loss: Loss? = nil,
                      regularizer: Regularizer = .none, keepProb: Double = 1) throws -> GradientCheck.Result {
        var rng = NumPyRandom(seed: 11)
        let net = try Network(inputSize: 3, layers: [LayerSpec(units: 4, activation: hidden, keepProb: keepProb),
                                                     LayerSpec(units: 3, activation: hidden),
                                                     LayerSpec(units: outputs, activation: output)],
                              initializer: .xavier, loss: loss, rng: &rng)
        let (x, y) = try data(outputs: outputs, classes: output == .softmax)
        return try GradientCheck.check(network: net, x: x, y: y, regularizer: regularizer)
    }

    @Test(arguments: Activation.allCases.filter { $0 != .softmax })
    func hiddenActivations(_ activation: Activation) throws {
        let r = try Self.check(hidden: activation, output: .sigmoid)
        #expect(r.difference < 1e-7, "\(activation): \(r.difference)")
    }

    @Test(arguments: [(Activation.sigmoid, Loss.binaryCrossEntropy, 1), (.softmax, .softmaxCrossEntropy, 4),
                      (.linear, .meanSquaredError, 2), (.tanh, .meanSquaredError, 2), (.sigmoid, .meanSquaredError, 1),
                      (.relu, .meanSquaredError, 2), (.leakyRelu, .meanSquaredError, 2)])
    func outputsAndLosses(_ output: Activation, _ loss: Loss, _ outputs: Int) throws {
        let r = try Self.check(hidden: .tanh, output: output, outputs: outputs, loss: loss)
        #expect(r.difference < 1e-7, "\(output)/\(loss): \(r.difference)")
    }

    @Test(arguments: [Regularizer.l2(lambda: 0.7), .l1(lambda: 0.3)])
    func regularizers(_ regularizer: Regularizer) throws {
        let r = try Self.check(hidden: .tanh, output: .sigmoid, regularizer: regularizer)
        #expect(r.difference < 1e-7, "\(regularizer): \(r.difference)")
    }

    @Test func dropoutIsTurnedOffWithAWarning() throws {
        let r = try Self.check(hidden: .tanh, output: .sigmoid, keepProb: 0.5)
        #expect(r.difference < 1e-7)
        #expect(r.warnings.count == 1 && r.warnings[0].contains("dropout is turned off"))
    }

    @Test func l2CostUnitFact() throws {
        // docs/course-reference.md §3: after seed 1, Y, W1…b3 drawn in order, A3 given, λ = 0.1 → 1.7864859451590758.
        var rng = NumPyRandom(seed: 1)
        let y = Matrix(row: [1, 1, 0, 1, 0])
        let w1 = try rng.randn(2, 3); _ = try rng.randn(2, 1)
        let w2 = try rng.randn(3, 2); _ = try rng.randn(3, 1)
        let w3 = try rng.randn(1, 3); _ = try rng.randn(1, 1)
        let a3 = Matrix(row: [0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402])
        let cost = try Loss.binaryCrossEntropy.cost(a3, y) + Regularizer.l2(lambda: 0.1).cost(weights: [w1, w2, w3], examples: 5)
        expectClose(cost, 1.7864859451590758, rtol: 1e-9, "L2 cost")
    }

    @Test func crossEntropyKeepsInfAndDropsNaN() throws {
        // −log(0)·1 = inf stays; 0·∞ (a = 1, y = 1 in the second term) is NaN and dropped.
        #expect(try Loss.binaryCrossEntropy.cost(Matrix(row: [0, 0.5]), Matrix(row: [1, 1])) == .infinity)
        let dropped = try Loss.binaryCrossEntropy.cost(Matrix(row: [1, 0.5]), Matrix(row: [1, 1]))
        expectClose(dropped, -0.5.squareRoot().squareRoot() * 0 + 0.34657359027997264, rtol: 1e-12, "−log(0.5)/2")
    }
}

@Suite struct KinkTests {
    @Test func silentLayerAtZeroBiasIsNamedAsAKink() throws {
        // Layer 1's ReLUs are all silent for an input of zeros, so with zero biases layer 2's
        // pre-activations are exactly 0: the kink, where central differences average slopes.
        var rng = NumPyRandom(seed: 3)
        let net = try Network(inputSize: 2, layers: [LayerSpec(units: 3, activation: .relu),
                                                     LayerSpec(units: 2, activation: .relu),
                                                     LayerSpec(units: 1, activation: .sigmoid)],
                              initializer: .he, rng: &rng)
        let x = try Matrix([[0, 1, -1], [0, 0.5, 2]]), y = Matrix(row: [1, 0, 1])
        let r = try GradientCheck.check(network: net, x: x, y: y)
        // Backprop is right, yet the kink makes the difference look like a bug; the probes
        // that cross it are found, and without them the check passes.
        #expect(r.verdict != .correct, "difference \(r.difference)")
        #expect(r.warnings.contains { $0.contains("kink") })
        #expect(r.kinkCrossings > 0 && r.kinkCrossings < r.gradient.count)
        let without = try #require(r.differenceWithoutKinks)
        #expect(without < GradientCheck.passThreshold, "without the kinks: \(without)")
    }

    @Test func noKinkNoCrossings() throws {
        // Non-zero biases keep every z away from 0: nothing crosses, no warning.
        var rng = NumPyRandom(seed: 3)
        var net = try Network(inputSize: 2, layers: [LayerSpec(units: 3, activation: .relu),
                                                     LayerSpec(units: 1, activation: .sigmoid)],
                              initializer: .he, rng: &rng)
        net.biases[0] = try Matrix([[0.3], [-0.2], [0.5]])
        let x = try Matrix([[0.1, 1, -1], [0.2, 0.5, 2]]), y = Matrix(row: [1, 0, 1])
        let r = try GradientCheck.check(network: net, x: x, y: y)
        #expect(r.verdict == .correct)
        #expect(r.kinkCrossings == 0 && r.differenceWithoutKinks == nil)
        #expect(!r.warnings.contains { $0.contains("kink") })
    }
}
