import Testing
import DNNCore
import DNNTestSupport

/// Assignment 1 (Initialization) through the engine; every number is from docs/course-reference.md §2.
@Suite struct Assignment1Tests {
    struct Run { var costs: [Double]; var trainAccuracy: Double; var testAccuracy: Double; var history: TrainingHistory }

    static func replay(_ initializer: Initializer) throws -> Run {
        var rng = NumPyRandom(seed: 1)
        let train = try DatasetGenerators.circles(samples: 300, noise: 0.05, rng: &rng)
        rng.seed(2)
        let test = try DatasetGenerators.circles(samples: 100, noise: 0.05, rng: &rng)
        rng.seed(3)
        var net = try Network(inputSize: 2, layers: [LayerSpec(units: 10, activation: .relu),
                                                     LayerSpec(units: 5, activation: .relu),
                                                     LayerSpec(units: 1, activation: .sigmoid)],
                              initializer: initializer, rng: &rng)
        var options = TrainingOptions()
        options.learningRate = 0.01
        options.iterations = 15000
        let history = try Trainer.train(&net, x: train.X, y: train.Y, options: options, rng: &rng)
        return Run(costs: history.costs, trainAccuracy: try net.accuracy(train.X, train.Y),
                   testAccuracy: try net.accuracy(test.X, test.Y), history: history)
    }

    @Test func zerosStaysAtLog2() throws {
        let run = try Self.replay(.zeros)
        for i in stride(from: 0, to: 15000, by: 1000) {
            expectClose(run.costs[i], 0.6931471805599453, rtol: 1e-9, "cost after iteration \(i)")
        }
        #expect(run.trainAccuracy == 0.5)
        #expect(run.testAccuracy == 0.5)
    }

    @Test func largeRandomStartsInfiniteAndTrainsOn() throws {
        let run = try Self.replay(.random(scale: 10))
        #expect(run.costs[0] == .infinity)
        #expect(run.costs.count == 15000)
        #expect(run.history.warnings.count == 1)
        #expect(run.history.warnings.first?.contains("inf at iteration 0") == true)
        // "≈0.3828 (chaotic in the 3rd decimal across machines)"
        expectClose(run.costs[14000], 0.3828, rtol: 0.01, "cost after iteration 14000")
        #expect(run.trainAccuracy == 0.83)
        #expect(run.testAccuracy == 0.86)
    }

    @Test func heMatchesTheCourse() throws {
        let run = try Self.replay(.he)
        let expected: [Int: Double] = [
            0: 0.8830537463419761, 1000: 0.6879825919728063, 2000: 0.6751286264523371,
            3000: 0.6526117768893805, 4000: 0.6082958970572938, 5000: 0.5304944491717495,
            14000: 0.07357895962677366,
        ]
        for (i, cost) in expected.sorted(by: { $0.key < $1.key }) {
            expectClose(run.costs[i], cost, rtol: 1e-9, "cost after iteration \(i)")
        }
        #expect(run.trainAccuracy == 0.9933333333333333)
        #expect(run.testAccuracy == 0.96)
    }

    @Test func initializerUnitFacts() throws {
        // docs/course-reference.md §2: he for [2, 4, 1] and random for [3, 2, 1], after seed 3.
        var rng = NumPyRandom(seed: 3)
        let he = try Network(inputSize: 2, layers: [LayerSpec(units: 4, activation: .relu), LayerSpec(units: 1, activation: .sigmoid)],
                             initializer: .he, rng: &rng)
        expectClose(he.weights[0], [[1.78862847, 0.43650985], [0.09649747, -1.8634927],
                                    [-0.2773882, -0.35475898], [-0.08274148, -0.62700068]], rtol: 0, atol: 5e-9)
        expectClose(he.weights[1], [[-0.03098412, -0.33744411, -0.92904268, 0.62552248]], rtol: 0, atol: 5e-9)
        #expect(he.biases.allSatisfy { $0.values.allSatisfy { $0 == 0 } })
        rng.seed(3)
        let random = try Network(inputSize: 3, layers: [LayerSpec(units: 2, activation: .relu), LayerSpec(units: 1, activation: .sigmoid)],
                                 initializer: .random(scale: 10), rng: &rng)
        expectClose(random.weights[0], [[17.88628473, 4.36509851, 0.96497468], [-18.63492703, -2.77388203, -3.54758979]], rtol: 0, atol: 5e-8)
        expectClose(random.weights[1], [[-0.82741481, -6.27000677]], rtol: 0, atol: 5e-9)
    }
}
