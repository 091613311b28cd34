import Testing
import DNNCore
import DNNTestSupport

/// Training with every optimizer, decay, shuffle seed, L2 and dropout agrees with an
/// independent numpy implementation of the course's formulas (Week2Fixtures, from
/// `python3 scripts/reference/week2_numpy.py`), on networks and data the course never uses.
@Suite struct Week2AgreementTests {
    @Test(arguments: Week2Fixtures.cases.indices)
    func engineAgreesWithNumpy(_ index: Int) throws {
        let f = Week2Fixtures.cases[index]
        // The script's data(): X = randn(3, m) after its seed; the labels from X.
        var rng = NumPyRandom(seed: Week2Fixtures.dataSeed)
        let x = try rng.randn(3, Week2Fixtures.examples)
        let labels = (0..<x.cols).map { j -> Double in
            f.output == "sigmoid" ? (x[0, j] * x[1, j] + 0.5 * x[2, j] > 0 ? 1 : 0)
                                  : (x[0, j] > 0 ? 1 : 0) + (x[1, j] > 0.5 ? 1 : 0)
        }
        rng.seed(Week2Fixtures.initSeed)
        var net = try Network(inputSize: 3, layers: [LayerSpec(units: 4, activation: .tanh, keepProb: f.keepProb),
                                                     LayerSpec(units: 3, activation: .relu, keepProb: f.keepProb),
                                                     f.output == "sigmoid" ? LayerSpec(units: 1, activation: .sigmoid)
                                                                           : LayerSpec(units: 3, activation: .softmax)],
                              initializer: .xavier, rng: &rng)
        var options = TrainingOptions()
        options.optimizer = f.optimizer
        options.learningRate = f.learningRate
        options.batchSize = f.batchSize
        options.epochs = f.epochs
        options.iterations = f.iterations ?? 0
        options.shuffleSeed = f.shuffleSeed
        options.learningRateDecay = f.decay
        if f.lambda > 0 { options.regularizer = .l2(lambda: f.lambda) }
        let h = try Trainer.train(&net, x: x, y: Matrix(row: labels), options: options, rng: &rng)

        #expect(h.costs.count == f.costs.count, "\(f.name): steps")
        #expect(h.epochCosts.count == f.epochCosts.count, "\(f.name): epochs")
        #expect(h.learningRates == f.learningRates, "\(f.name): learning rates")
        for (i, (cost, expected)) in zip(h.costs, f.costs).enumerated() {
            expectClose(cost, expected, rtol: 1e-9, "\(f.name): cost of step \(i)")
        }
        for (e, (cost, expected)) in zip(h.epochCosts, f.epochCosts).enumerated() {
            expectClose(cost, expected, rtol: 1e-9, "\(f.name): cost of epoch \(e)")
        }
        let parameters = (0..<net.depth).flatMap { net.weights[$0].values + net.biases[$0].values }
        #expect(parameters.count == f.parameters.count)
        for (k, (p, expected)) in zip(parameters, f.parameters).enumerated() {
            expectClose(p, expected, rtol: 1e-9, atol: 1e-12, "\(f.name): parameter \(k)")
        }
    }
}
