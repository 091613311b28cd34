import Foundation
import Testing
import DNNCore
import DNNTestSupport

/// The "Optimization Methods" assignment through the engine: its seven runs, with the
/// numbers it prints (docs/course-reference.md §7).
@Suite struct Week2AssignmentTests {
    struct Run {
        var name: String
        var optimizer: Optimizer
        var learningRate: Double
        var decay: LearningRateDecay?
        /// "Cost after epoch 0/1000/2000/3000/4000" as printed (%f).
        var costs: [String]
        var accuracy: Double
        /// "learning rate after epoch 0/1000/…" as printed (%f), for the decay runs.
        var rates: [String] = []
    }

    static let schedule = LearningRateDecay.schedule(decayRate: 0.3, interval: 1000)
    static let runs: [Run] = [
        Run(name: "gd", optimizer: .gd, learningRate: 0.0007, decay: nil,
            costs: ["0.702405", "0.668101", "0.635288", "0.600491", "0.573367"], accuracy: 0.7166666666666667),
        Run(name: "momentum", optimizer: .momentum(beta: 0.9), learningRate: 0.0007, decay: nil,
            costs: ["0.702413", "0.668167", "0.635388", "0.600591", "0.573444"], accuracy: 0.7166666666666667),
        Run(name: "adam", optimizer: .adam(), learningRate: 0.0007, decay: nil,
            costs: ["0.702166", "0.167845", "0.141316", "0.138788", "0.136066"], accuracy: 0.9433333333333334),
        Run(name: "gd update_lr", optimizer: .gd, learningRate: 0.1, decay: .inverse(decayRate: 1),
            costs: ["0.701091", "0.661884", "0.658620", "0.656765", "0.655486"], accuracy: 0.6533333333333333,
            rates: ["0.100000", "0.000100", "0.000050", "0.000033", "0.000025"]),
        Run(name: "gd schedule", optimizer: .gd, learningRate: 0.1, decay: schedule,
            costs: ["0.701091", "0.127161", "0.119716", "0.116513", "0.120763"], accuracy: 0.9466666666666667,
            rates: ["0.100000", "0.076923", "0.062500", "0.052632", "0.045455"]),
        Run(name: "momentum schedule", optimizer: .momentum(beta: 0.9), learningRate: 0.1, decay: schedule,
            costs: ["0.702226", "0.128974", "0.126024", "0.123031", "0.123331"], accuracy: 0.9533333333333334,
            rates: ["0.100000", "0.076923", "0.062500", "0.052632", "0.045455"]),
        Run(name: "adam schedule", optimizer: .adam(), learningRate: 0.01, decay: schedule,
            costs: ["0.699346", "0.130074", "0.130358", "0.131692", "0.128566"], accuracy: 0.94,
            rates: ["0.010000", "0.007692", "0.006250", "0.005263", "0.004545"]),
    ]

    /// `load_dataset`: seed 3, make_moons(300, noise=.2); the model [2, 5, 2, 1] with He
    /// initialisation after seed 3; 5000 epochs of batches of 64 shuffled from seed 10.
    static func replay(_ run: Run) throws -> (history: TrainingHistory, accuracy: Double) {
        var rng = NumPyRandom(seed: 3)
        let train = try DatasetGenerators.moons(samples: 300, noise: 0.2, rng: &rng)
        rng.seed(3)
        var net = try Network(inputSize: 2, layers: [LayerSpec(units: 5, activation: .relu),
                                                     LayerSpec(units: 2, activation: .relu),
                                                     LayerSpec(units: 1, activation: .sigmoid)],
                              initializer: .he, rng: &rng)
        var options = TrainingOptions()
        options.optimizer = run.optimizer
        options.learningRate = run.learningRate
        options.learningRateDecay = run.decay
        options.epochs = 5000
        options.batchSize = 64
        options.shuffleSeed = 10
        let history = try Trainer.train(&net, x: train.X, y: train.Y, options: options, rng: &rng)
        return (history, try net.accuracy(train.X, train.Y))
    }

    @Test(arguments: runs.indices)
    func runPrintsTheCourseNumbers(_ index: Int) throws {
        let run = Self.runs[index]
        let (history, accuracy) = try Self.replay(run)
        #expect(history.epochCosts.count == 5000)
        #expect(history.costs.count == 5000 * 5)  // 300 = 4 × 64 + 44
        let epochs = [0, 1000, 2000, 3000, 4000]
        #expect(epochs.map { String(format: "%f", history.epochCosts[$0]) } == run.costs, "\(run.name): Cost after epoch")
        #expect(accuracy == run.accuracy, "\(run.name): train accuracy")
        if !run.rates.isEmpty {
            #expect(epochs.map { String(format: "%f", history.learningRates[$0]) } == run.rates, "\(run.name): learning rate after epoch")
        }
    }
}
