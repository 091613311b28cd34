import Testing
@testable import DNNCore

/// Sums, means, variances and standard deviations against numpy's bits
/// (Fixtures/ReductionFixtures.swift, made by scripts/reference/reductions_numpy.py from
/// the same seeded randn draws): compared with `==` on bit patterns, no tolerance.
@Suite struct ReductionTests {
    /// The fixture's matrix: randn(rows, cols) + shift right after seed(seed).
    private func draw(_ seed: UInt32, _ rows: Int, _ cols: Int, shift: Double = 0) throws -> Matrix {
        var rng = NumPyRandom(seed: seed)
        return try rng.randn(rows, cols) + shift
    }

    /// A NaN as the fixture records it (positive quiet), other values as they are.
    private func bits(_ x: Double) -> UInt64 { x.isNaN ? Double.nan.bitPattern : x.bitPattern }

    private func reduced(_ m: Matrix) -> ReductionFixtures.Reduced {
        .init(first: m.values.first.map(bits), hash: RandomFixtures.fnv1a(m.values.map(bits)))
    }

    @Test(arguments: ReductionFixtures.rows)
    func rowOfLength(_ f: ReductionFixtures.Row) throws {
        let row = try draw(f.seed, 1, f.n), column = try row.reshaped(f.n, 1)
        let n = "1×\(f.n)"
        #expect(bits(row.sum()) == f.sum, "sum of \(n)")
        #expect(bits(try row.sum(axis: .columns).values[0]) == f.sum, "sum of \(n), axis 1")
        #expect(bits(try column.sum(axis: .rows).values[0]) == f.sum, "sum of its column, axis 0")
        #expect(bits(row.mean()) == f.mean, "mean of \(n)")
        #expect(bits(try row.mean(axis: .columns).values[0]) == f.mean, "mean of \(n), axis 1")
        #expect(bits(try column.mean(axis: .rows).values[0]) == f.mean, "mean of its column, axis 0")
        #expect(bits(row.variance()) == f.variance, "var of \(n)")
        #expect(bits(try row.variance(axis: .columns).values[0]) == f.variance, "var of \(n), axis 1")
        #expect(bits(try column.variance(axis: .rows).values[0]) == f.variance, "var of its column, axis 0")
        #expect(bits(row.standardDeviation()) == f.std, "std of \(n)")
        #expect(bits(try row.standardDeviation(axis: .columns).values[0]) == f.std, "std of \(n), axis 1")
        #expect(bits(try column.standardDeviation(axis: .rows).values[0]) == f.std, "std of its column, axis 0")
    }

    @Test(arguments: ReductionFixtures.cases)
    func matrix(_ f: ReductionFixtures.Case) throws {
        let a = try draw(f.seed, f.rows, f.cols, shift: f.shift)
        let name = "\(f.rows)×\(f.cols) seed \(f.seed)"
        #expect(bits(a.sum()) == f.sum, "sum of \(name)")
        #expect(bits(a.mean()) == f.mean, "mean of \(name)")
        #expect(bits(a.variance()) == f.variance, "var of \(name)")
        #expect(bits(a.standardDeviation()) == f.std, "std of \(name)")
        #expect(reduced(try a.sum(axis: .rows)) == f.sum0, "sum of \(name), axis 0")
        #expect(reduced(try a.sum(axis: .columns)) == f.sum1, "sum of \(name), axis 1")
        #expect(reduced(try a.mean(axis: .rows)) == f.mean0, "mean of \(name), axis 0")
        #expect(reduced(try a.mean(axis: .columns)) == f.mean1, "mean of \(name), axis 1")
        #expect(reduced(try a.variance(axis: .rows)) == f.var0, "var of \(name), axis 0")
        #expect(reduced(try a.variance(axis: .columns)) == f.var1, "var of \(name), axis 1")
        #expect(reduced(try a.standardDeviation(axis: .rows)) == f.std0, "std of \(name), axis 0")
        #expect(reduced(try a.standardDeviation(axis: .columns)) == f.std1, "std of \(name), axis 1")
    }

    /// The normalizer's μ and σ are numpy's X.mean(axis=1) and X.std(axis=1).
    @Test(arguments: ReductionFixtures.cases.filter { $0.rows > 0 && $0.cols > 0 && $0.rows <= 300 })
    func normalizerFitsNumpysStatistics(_ f: ReductionFixtures.Case) throws {
        let x = try draw(f.seed, f.rows, f.cols, shift: f.shift)
        let n = try Normalizer(fitting: Dataset(X: x, Y: Matrix(rows: 1, cols: f.cols)))
        #expect(reduced(Matrix(column: n.mean)) == f.mean1, "μ of \(f.rows)×\(f.cols)")
        #expect(reduced(Matrix(column: n.std)) == f.std1, "σ of \(f.rows)×\(f.cols)")
    }

    /// The table tells numpy's pairwise order from a left-to-right sum: most rows' bits differ.
    @Test func tableSeparatesSummationOrders() throws {
        var differing = 0
        for f in ReductionFixtures.rows {
            let naive = try draw(f.seed, 1, f.n).values.reduce(0, +)
            #expect((naive.bitPattern != f.sum) == f.naive, "1×\(f.n): left to right")
            if naive.bitPattern != f.sum { differing += 1 }
        }
        #expect(differing > 200)
    }

    /// numpy's reduction starts from +0, so −0 entries sum to +0 at every length
    /// (np.sum(np.full(n, -0.0)) is 0.0 for n = 1, 7, 8, 9, 130, 300).
    @Test(arguments: [1, 7, 8, 9, 130, 300])
    func negativeZerosSumToPositiveZero(_ n: Int) throws {
        let zeros = Matrix(row: [Double](repeating: -0.0, count: n))
        #expect(zeros.sum().bitPattern == 0)
        #expect(try zeros.sum(axis: .columns).values[0].bitPattern == 0)
        #expect(try zeros.reshaped(n, 1).sum(axis: .rows).values[0].bitPattern == 0)
    }
}

extension ReductionFixtures.Row: CustomTestStringConvertible {
    var testDescription: String { "1×\(n), seed \(seed)" }
}

extension ReductionFixtures.Case: CustomTestStringConvertible {
    var testDescription: String { "\(rows)×\(cols) + \(shift), seed \(seed)" }
}
