import Testing
import DNNCore
import DNNTestSupport

/// Assignment 2 (Regularization) through the engine, on the course's data.mat; numbers from
/// docs/course-reference.md §3. The file is read from $DNNSCRIPT_COURSE_DATA or ../shared/course-data/.
@Suite struct Assignment2Tests {
    static let dataPath = courseDataPath(packageRoot: packageRoot())

    enum Variant { case none, l2, dropout }

    static func replay(_ variant: Variant, path: String) throws -> (costs: [Double], train: Double, test: Double) {
        let (train, test) = try Dataset.fromCourseMat(path: path)
        var rng = NumPyRandom(seed: 3)
        let keep = variant == .dropout ? 0.86 : 1
        var net = try Network(inputSize: 2, layers: [LayerSpec(units: 20, activation: .relu, keepProb: keep),
                                                     LayerSpec(units: 3, activation: .relu, keepProb: keep),
                                                     LayerSpec(units: 1, activation: .sigmoid)],
                              initializer: .xavier, rng: &rng)
        var options = TrainingOptions()
        options.learningRate = 0.3
        options.iterations = 30000
        if variant == .l2 { options.regularizer = .l2(lambda: 0.7) }
        if variant == .dropout { options.dropoutReseed = 1 }
        let h = try Trainer.train(&net, x: train.X, y: train.Y, options: options, rng: &rng)
        return (h.costs, try net.accuracy(train.X, train.Y), try net.accuracy(test.X, test.Y))
    }

    @Test(arguments: [
        (Variant.none, [0.6557412523481002, 0.16329987525724204, 0.13851642423234922], 0.9478672985781991, 0.915),
        (.l2, [0.6974484493131264, 0.2684918873282238, 0.26809163371273004], 0.9383886255924171, 0.93),
        (.dropout, [0.6543912405149825, 0.0610169865749056, 0.060582435798513114], 0.9289099526066351, 0.95),
    ])
    func runsMatchTheCourse(_ variant: Variant, _ costs: [Double], _ train: Double, _ test: Double) throws {
        guard let path = Self.dataPath else {
            print("Assignment2Tests: data.mat not found (set DNNSCRIPT_COURSE_DATA); skipping the \(variant) replay")
            return
        }
        let run = try Self.replay(variant, path: path)
        for (i, expected) in zip([0, 10000, 20000], costs) {
            expectClose(run.costs[i], expected, rtol: 1e-9, "\(variant) cost after iteration \(i)")
        }
        #expect(run.train == train)
        #expect(run.test == test)
    }

    @Test func courseDataShapes() throws {
        guard let path = Self.dataPath else { return }
        let (train, test) = try Dataset.fromCourseMat(path: path)
        #expect(train.X.shape == Shape(2, 211))
        #expect(test.X.shape == Shape(2, 200))
        #expect(train.classCounts() == [105, 106])
        #expect(test.classCounts() == [113, 87])
    }
}
