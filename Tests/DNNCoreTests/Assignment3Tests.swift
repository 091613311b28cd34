import Testing
import DNNCore
import DNNTestSupport

/// Assignment 3 (Gradient Checking) through the generic checker; numbers from docs/course-reference.md §4.
@Suite struct Assignment3Tests {
    @Test func oneDimensionalChecks() throws {
        for (x, expected) in [(2.0, 2.919335883291695e-10), (3.0, 7.814075313343006e-11)] {
            let result = try GradientCheck.check(cost: { $0[0] * x }, gradient: [x], at: [4])
            expectClose(result.difference, expected, rtol: 1e-9, "x = \(x)")
            #expect(result.verdict == .correct)
            if x == 2 { expectClose(result.approximation[0], 2.0000000011677344, rtol: 1e-12, "gradapprox") }
        }
    }

    @Test func twoSidedBeatsOneSided() {
        // docs/course-reference.md §1: θ³ at θ = 1, ε = 0.01: two-sided 3.0001, one-sided 3.0301.
        let f = { (t: Double) in t * t * t }
        expectClose(GradientCheck.numericalDerivative(f, at: 1, epsilon: 0.01), 3.0001, rtol: 1e-12)
        expectClose(GradientCheck.numericalDerivative(f, at: 1, epsilon: 0.01, twoSided: false), 3.0301, rtol: 1e-12)
    }

    struct Parameters { var W1, b1, W2, b2, W3, b3: Matrix }

    static func forward(_ x: Matrix, _ y: Matrix, _ p: Parameters) throws -> (cost: Double, cache: [Matrix]) {
        let z1 = try p.W1.matmul(x) + p.b1, a1 = z1.relu()
        let z2 = try p.W2.matmul(a1) + p.b2, a2 = z2.relu()
        let z3 = try p.W3.matmul(a2) + p.b3, a3 = z3.sigmoid()
        let logprobs = try (-a3.log()) * y + (-(1 - a3).log()) * (1 - y)
        return (1.0 / Double(x.cols) * logprobs.sum(), [a1, a2, a3])
    }

    /// The assignment's backward_propagation_n, with its two planted bugs when `buggy`.
    static func backward(_ x: Matrix, _ y: Matrix, _ p: Parameters, _ cache: [Matrix], buggy: Bool) throws -> [Double] {
        let (a1, a2, a3) = (cache[0], cache[1], cache[2])
        let m = 1.0 / Double(x.cols)
        let dz3 = try a3 - y
        let dw3 = try m * dz3.matmul(a2.transposed), db3 = try m * dz3.sum(axis: .columns)
        let dz2 = try p.W3.transposed.matmul(dz3) * a2.compare(.greater, Matrix(scalar: 0))
        let dw2 = try m * dz2.matmul(a1.transposed) * (buggy ? 2 : 1), db2 = try m * dz2.sum(axis: .columns)
        let dz1 = try p.W2.transposed.matmul(dz2) * a1.compare(.greater, Matrix(scalar: 0))
        let dw1 = try m * dz1.matmul(x.transposed), db1 = try (buggy ? 4 : 1) * m * dz1.sum(axis: .columns)
        return [dw1, db1, dw2, db2, dw3, db3].flatMap(\.values)
    }

    static func check(buggy: Bool) throws -> GradientCheck.Result {
        var rng = NumPyRandom(seed: 1)
        let x = try rng.randn(4, 3), y = Matrix(row: [1, 1, 0])
        let p = Parameters(W1: try rng.randn(5, 4), b1: try rng.randn(5, 1), W2: try rng.randn(3, 5), b2: try rng.randn(3, 1),
                           W3: try rng.randn(1, 3), b3: try rng.randn(1, 1))
        let shapes = [("W1", 5, 4), ("b1", 5, 1), ("W2", 3, 5), ("b2", 3, 1), ("W3", 1, 3), ("b3", 1, 1)]
        let blocks = shapes.map { GradientCheck.Block(name: $0.0, rows: $0.1, cols: $0.2) }
        let theta = [p.W1, p.b1, p.W2, p.b2, p.W3, p.b3].flatMap(\.values)
        #expect(theta.count == 47)
        let (_, cache) = try forward(x, y, p)
        let grad = try backward(x, y, p, cache, buggy: buggy)
        return try GradientCheck.check(cost: { t in
            var k = 0
            func take(_ r: Int, _ c: Int) throws -> Matrix {
                defer { k += r * c }
                return try Matrix(rows: r, cols: c, values: Array(t[k..<(k + r * c)]))
            }
            let q = Parameters(W1: try take(5, 4), b1: try take(5, 1), W2: try take(3, 5), b2: try take(3, 1),
                               W3: try take(1, 3), b3: try take(1, 1))
            return try forward(x, y, q).cost
        }, gradient: grad, at: theta, blocks: blocks)
    }

    @Test func plantedBugsAreFoundAndNamed() throws {
        let result = try Self.check(buggy: true)
        expectClose(result.difference, 0.2850931567761623, rtol: 1e-9, "difference with the planted bugs")
        #expect(result.verdict == .bug)
        #expect(result.worstBlocks.prefix(2).map(\.name).sorted() == ["W2", "b1"])
        #expect(result.blocks.filter { $0.difference > 1e-6 }.map(\.name) == ["b1", "W2"])
    }

    @Test func fixedBackpropPasses() throws {
        let result = try Self.check(buggy: false)
        #expect(result.difference < 2e-7)
        #expect(result.verdict == .correct)
    }
}
