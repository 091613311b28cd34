import Testing
import DNNCore
import DNNTestSupport

@Suite struct TrainerTests {
    static func circles() throws -> Dataset {
        var rng = NumPyRandom(seed: 1)
        return try DatasetGenerators.circles(samples: 300, noise: 0.05, rng: &rng)
    }

    static func network(keepProb: Double = 1) throws -> Network {
        var rng = NumPyRandom(seed: 3)
        return try Network(inputSize: 2, layers: [LayerSpec(units: 10, activation: .relu, keepProb: keepProb),
                                                  LayerSpec(units: 1, activation: .sigmoid)],
                           initializer: .he, rng: &rng)
    }

    @Test func xorConverges() throws {
        var rng = NumPyRandom(seed: 0)
        let data = try DatasetGenerators.xor(samples: 200, noise: 0.1, rng: &rng)
        var net = try Network(inputSize: 2, layers: [LayerSpec(units: 8, activation: .tanh), LayerSpec(units: 1, activation: .sigmoid)],
                              initializer: .xavier, rng: &rng)
        var options = TrainingOptions()
        options.learningRate = 0.5
        options.iterations = 3000
        let h = try Trainer.train(&net, x: data.X, y: data.Y, options: options, rng: &rng)
        #expect(h.costs.last! < h.costs.first!)
        #expect(try net.accuracy(data.X, data.Y) > 0.9)
    }

    @Test func stopRequestKeepsWhatWasReached() throws {
        let data = try Self.circles()
        var net = try Self.network()
        var rng = NumPyRandom(seed: 0)
        var options = TrainingOptions()
        options.iterations = 1000
        let h = try Trainer.train(&net, x: data.X, y: data.Y, options: options, rng: &rng) { $0.iteration == 41 ? .stop : .proceed }
        #expect(h.interrupted)
        #expect(h.iterations == 42)
        // The kept weights are the ones after 42 steps: a fresh 42-step run gives the same.
        var again = try Self.network()
        options.iterations = 42
        _ = try Trainer.train(&again, x: data.X, y: data.Y, options: options, rng: &rng)
        #expect(again == net)
    }

    @Test func miniBatchesCoverEveryExampleEachEpoch() throws {
        let data = try Self.circles()
        var net = try Self.network()
        var rng = NumPyRandom(seed: 0)
        var options = TrainingOptions()
        options.batchSize = 64
        options.iterations = 50
        options.learningRate = 0.1
        let h = try Trainer.train(&net, x: data.X, y: data.Y, options: options, rng: &rng)
        #expect(h.iterations == 50)
        #expect(h.costs.allSatisfy { $0.isFinite })
        // 300 examples in batches of 64: 5 steps an epoch, so 10 permutations were drawn.
        var expected = NumPyRandom(seed: 0)
        for _ in 0..<10 { _ = expected.permutation(300) }
        #expect(rng == expected)
    }

    @Test func dropoutReseedDrawsTheSameMasksEachPass() throws {
        let data = try Self.circles()
        var rng = NumPyRandom(seed: 5)
        var options = TrainingOptions()
        options.iterations = 2
        options.dropoutReseed = 1
        let start = try Self.network(keepProb: 0.5)
        var net = start
        let h = try Trainer.train(&net, x: data.X, y: data.Y, options: options, rng: &rng)
        // Two one-step runs draw the masks the two-step run drew (its second pass reuses them).
        options.iterations = 1
        var stepwise = start
        let first = try Trainer.train(&stepwise, x: data.X, y: data.Y, options: options, rng: &rng)
        let second = try Trainer.train(&stepwise, x: data.X, y: data.Y, options: options, rng: &rng)
        #expect([first.costs[0], second.costs[0]] == h.costs)
        #expect(stepwise == net)
        // Fresh masks: the same weights give another cost on the next pass.
        options.dropoutReseed = nil
        var (a, b) = (start, start)
        let fa = try Trainer.train(&a, x: data.X, y: data.Y, options: options, rng: &rng)
        let fb = try Trainer.train(&b, x: data.X, y: data.Y, options: options, rng: &rng)
        #expect(fa.costs[0] != fb.costs[0])
    }

    @Test func earlyStoppingRestoresTheBestWeights() throws {
        var rng = NumPyRandom(seed: 2)
        let all = try DatasetGenerators.moons(samples: 60, noise: 0.35, rng: &rng)
        let train = try all.subset(columns: Array(0..<30)), dev = try all.subset(columns: Array(30..<60))
        var net = try Network(inputSize: 2, layers: [LayerSpec(units: 50, activation: .relu), LayerSpec(units: 1, activation: .sigmoid)],
                              initializer: .he, rng: &rng)
        var options = TrainingOptions()
        options.learningRate = 0.5
        options.iterations = 20000
        options.dev = (dev.X, dev.Y)
        options.evaluateEvery = 50
        options.earlyStopping = EarlyStopping(patience: 5)
        let h = try Trainer.train(&net, x: train.X, y: train.Y, options: options, rng: &rng)
        #expect(h.stoppedEarly)
        let best = try #require(h.bestIteration)
        let i = try #require(h.devIterations.firstIndex(of: best))
        #expect(h.devCosts[i] == h.devCosts.min())
        expectClose(try net.cost(dev.X, dev.Y), h.devCosts[i], rtol: 1e-12, "restored weights give the best dev cost")
    }

    @Test func badOptionsAreRefusedBeforeTraining() throws {
        let data = try Self.circles()
        var net = try Self.network()
        var rng = NumPyRandom(seed: 0)
        var options = TrainingOptions()
        options.earlyStopping = EarlyStopping(patience: 3)
        #expect(throws: TrainingError.badOption("early stopping needs a dev set to watch")) {
            try Trainer.train(&net, x: data.X, y: data.Y, options: options, rng: &rng)
        }
        #expect(throws: NetworkError.inputSize(expected: 2, found: 3)) {
            try Trainer.train(&net, x: Matrix(rows: 3, cols: 4), y: Matrix(rows: 1, cols: 4), options: TrainingOptions(), rng: &rng)
        }
        #expect(throws: NetworkError.tooManyParameters(3_000_000_000)) {
            try Network(inputSize: 2, layers: [LayerSpec(units: 1_000_000_000, activation: .relu), LayerSpec(units: 1_000_000_000, activation: .sigmoid)],
                        initializer: .he, rng: &rng)
        }
        #expect(throws: NetworkError.badKeepProb(layer: 1, keepProb: 0)) {
            try Network(inputSize: 2, layers: [LayerSpec(units: 3, activation: .relu, keepProb: 0), LayerSpec(units: 1, activation: .sigmoid)],
                        initializer: .he, rng: &rng)
        }
    }

    /// A run's keep_prob applies dropout to the hidden layers for that run only: the costs are
    /// those of a network declared with that keep_prob, and the network's own stay 1.
    @Test func keepProbOptionDropsOutWithoutChangingTheNetwork() throws {
        let data = try Self.circles()
        var plain = try Self.network()
        var declared = try Self.network(keepProb: 0.7)
        var options = TrainingOptions()
        options.iterations = 20
        var rng1 = NumPyRandom(seed: 5), rng2 = NumPyRandom(seed: 5)
        let expected = try Trainer.train(&declared, x: data.X, y: data.Y, options: options, rng: &rng1)
        options.keepProb = 0.7
        let history = try Trainer.train(&plain, x: data.X, y: data.Y, options: options, rng: &rng2)
        #expect(history.costs == expected.costs)
        #expect(plain.keepProbs == [1, 1])
        #expect(plain.weights == declared.weights)
        options.keepProb = 0
        #expect(throws: TrainingError.badOption("keep_prob must be in (0, 1], not 0.0")) {
            try Trainer.train(&plain, x: data.X, y: data.Y, options: options, rng: &rng2)
        }
    }

    /// Empty data is named as empty, not as a 1×0 target shape that matches the 1×0 output.
    @Test func emptyDataHasNoExamples() throws {
        let net = try Self.network()
        var noDropout: NumPyRandom? = nil
        #expect(throws: TrainingError.noExamples) {
            try Trainer.gradients(of: net, x: Matrix(rows: 2, cols: 0), y: Matrix(rows: 1, cols: 0), dropout: &noDropout)
        }
        #expect(TrainingError.noExamples.description == "the data has no examples")
    }

    @Test func softmaxLearnsClasses() throws {
        var rng = NumPyRandom(seed: 0)
        let data = try DatasetGenerators.blobs(samples: 300, centers: 3, features: 2, std: 1.0, rng: &rng)
        var net = try Network(inputSize: 2, layers: [LayerSpec(units: 8, activation: .relu), LayerSpec(units: 3, activation: .softmax)],
                              initializer: .he, rng: &rng)
        var options = TrainingOptions()
        options.learningRate = 0.1
        options.iterations = 500
        let h = try Trainer.train(&net, x: data.X, y: data.Y, options: options, rng: &rng)
        #expect(h.costs.last! < 0.25 * h.costs.first!)
        #expect(try net.accuracy(data.X, data.Y) > 0.9)  // three overlapping blobs; chance is 1/3
        let confusion = try net.confusionMatrix(data.X, data.Y)
        #expect(confusion.sum() == 300)
        #expect(confusion.shape == Shape(3, 3))
    }
}

@Suite struct DiagnosisTests {
    // The lecture's four examples (train error / dev error, human ≈ 0%), and which gap is larger.
    @Test(arguments: [(0.01, 0.11, Diagnosis.Case.highVariance, Diagnosis.Larger.variance),
                      (0.15, 0.16, .highBias, .avoidableBias),
                      (0.15, 0.30, .highBiasAndVariance, .neither), (0.005, 0.01, .fine, .neither)])
    func lectureCases(_ train: Double, _ dev: Double, _ expected: Diagnosis.Case, _ larger: Diagnosis.Larger) throws {
        let d = try Diagnosis(trainError: train, devError: dev)
        #expect(d.diagnosis == expected)
        #expect(d.larger == larger)
        #expect(d.steps.isEmpty == (expected == .fine))
    }

    @Test func humanLevelChangesTheVerdict() throws {
        // The lecture: with blurry images (human error 15%), 15% / 16% is fine.
        #expect(try Diagnosis(trainError: 0.15, devError: 0.16, humanError: 0.15).diagnosis == .fine)
        #expect(throws: TrainingError.self) { try Diagnosis(trainError: 1.5, devError: 0.1) }
    }

    @Test func deepNetworkActivationsShrinkWithSmallWeights() throws {
        var rng = NumPyRandom(seed: 1)
        let x = try rng.randn(4, 20), y = Matrix(row: (0..<20).map { Double($0 % 2) })
        let layers = (0..<10).map { _ in LayerSpec(units: 4, activation: .linear) } + [LayerSpec(units: 1, activation: .sigmoid)]
        var net = try Network(inputSize: 4, layers: layers, initializer: .zeros, rng: &rng)
        // W[l] = 0.5·I: activations halve at every layer (the lecture's vanishing example).
        for l in 0..<10 { net.weights[l] = try Matrix.identity(4) * 0.5 }
        let stats = try LayerStatistics.measure(net, x: x, y: y)
        #expect(stats.count == 11)
        for l in 1..<10 { expectClose(stats[l].activationMeanAbs, stats[l - 1].activationMeanAbs * 0.5, rtol: 1e-12) }
    }

    /// Ten tanh layers of 20 units: seed 1, X = randn(2, 50), Y = X[0] > 0; seed 3, W = randn·scale.
    static func deepTanh(scale: Double) throws -> [LayerStatistics] {
        var data = NumPyRandom(seed: 1)
        let x = try data.randn(2, 50)
        let y = Matrix(row: (0..<50).map { x[0, $0] > 0 ? 1 : 0 })
        var rng = NumPyRandom(seed: 3)
        let layers = (0..<10).map { _ in LayerSpec(units: 20, activation: .tanh) } + [LayerSpec(units: 1, activation: .sigmoid)]
        let net = try Network(inputSize: 2, layers: layers, initializer: .random(scale: scale), rng: &rng)
        return try LayerStatistics.measure(net, x: x, y: y)
    }

    // ‖dZ[l]‖_F, ‖dW[l]‖_F and mean |dZ[l]| for layers 1…11 from scripts/reference/layer_stats_numpy.py.
    @Test func smallWeightsGradientsVanishTowardsTheInput() throws {
        let stats = try Self.deepTanh(scale: 0.01)
        let dZ = [1.349213557672826e-15, 2.4790158438665333e-14, 4.635472215928038e-13, 9.661178722430817e-12,
                  2.9855333694764813e-10, 7.401638442577592e-09, 1.9790741550269465e-07, 4.5071106768073365e-06,
                  8.604457942813367e-05, 0.002551574891665092, 0.07071067811865477]
        let dW = [7.563104703833775e-15, 5.931238971888306e-15, 6.461847358219816e-15, 7.420335993868322e-15,
                  1.4111351804531407e-14, 1.4515714504270466e-14, 1.8230336247390306e-14, 1.754789489475098e-14,
                  1.3648718754135304e-14, 1.9997420988164717e-14, 2.7394260557813032e-14]
        #expect(stats.count == 11)
        for l in 0..<11 {
            expectClose(stats[l].gradientNorm, dZ[l], rtol: 1e-9)
            expectClose(stats[l].weightGradientNorm, dW[l], rtol: 1e-9)
        }
        expectClose(stats[0].gradientMeanAbs, 3.6096200989921666e-17, rtol: 1e-9)
        expectClose(stats[10].gradientMeanAbs, 0.01, rtol: 1e-9)
    }

    @Test func largeWeightsGradientsGrowTowardsTheInput() throws {
        let stats = try Self.deepTanh(scale: 1.5)
        let dZ = [63.42458095081166, 15.22873962416766, 11.857167827593365, 8.67097480782719, 5.028229372236432,
                  2.1368533915123264, 1.4019567303686238, 0.7818219521771255, 0.40811194996515493,
                  0.17245539817700858, 0.11333866085279287]
        for l in 0..<11 { expectClose(stats[l].gradientNorm, dZ[l], rtol: 1e-9) }
        expectClose(stats[0].weightGradientNorm, 30.53798112584114, rtol: 1e-9)
        expectClose(stats[10].weightGradientNorm, 1.2923076657489367, rtol: 1e-9)
    }
}
