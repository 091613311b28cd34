import Testing
@testable import DNNCore
import DNNTestSupport

/// The two-lane kernel gives the same bits with or without its second thread, and the
/// same gradients as one lane up to summation order.
@Suite struct WorkspaceTests {
    static func setup() throws -> (Network, Dataset) {
        var rng = NumPyRandom(seed: 1)
        let data = try DatasetGenerators.circles(samples: 300, noise: 0.05, rng: &rng)
        rng.seed(3)
        let net = try Network(inputSize: 2, layers: [LayerSpec(units: 10, activation: .relu, keepProb: 0.8),
                                                     LayerSpec(units: 5, activation: .relu),
                                                     LayerSpec(units: 1, activation: .sigmoid)],
                              initializer: .he, rng: &rng)
        return (net, data)
    }

    static func steps(_ space: Workspace, _ data: Dataset, count: Int) -> [Double] {
        var rng = NumPyRandom(seed: 9)
        var costs: [Double] = []
        data.X.values.withUnsafeBufferPointer { px in
            data.Y.values.withUnsafeBufferPointer { py in
                space.setBatch(px.baseAddress!, py.baseAddress!, total: data.count)
                for _ in 0..<count {
                    space.drawMasks(&rng)
                    costs.append(space.pass(dropout: true, regularizer: .l2(lambda: 0.1)))
                    space.update(learningRate: 0.05)
                }
            }
        }
        return costs
    }

    @Test func threadedAndSequentialLanesGiveTheSameBits() throws {
        let (net, data) = try Self.setup()
        let threaded = try Workspace(network: net, capacity: data.count, parallel: true, threads: true)
        let sequential = try Workspace(network: net, capacity: data.count, parallel: true, threads: false)
        #expect(threaded.laneCount == 2 && threaded.threaded)
        #expect(sequential.laneCount == 2 && !sequential.threaded)
        let a = Self.steps(threaded, data, count: 300), b = Self.steps(sequential, data, count: 300)
        #expect(a == b)
        var n1 = net, n2 = net
        threaded.store(into: &n1)
        sequential.store(into: &n2)
        #expect(n1 == n2)
    }

    @Test func twoLanesAgreeWithOneLane() throws {
        let (net, data) = try Self.setup()
        let two = try Workspace(network: net, capacity: data.count, parallel: true, threads: true)
        let one = try Workspace(network: net, capacity: data.count, parallel: false)
        #expect(one.laneCount == 1)
        let a = Self.steps(two, data, count: 50), b = Self.steps(one, data, count: 50)
        for (x, y) in zip(a, b) { expectClose(x, y, rtol: 1e-12) }
        let (g2, g1) = (two.gradients(), one.gradients())
        for (m2, m1) in zip(g2.dW, g1.dW) {
            for (x, y) in zip(m2.values, m1.values) { expectClose(x, y, rtol: 1e-9, atol: 1e-15) }
        }
    }
}
