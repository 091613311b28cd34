import Testing
@testable import DNNCore

private func toy() throws -> Dataset {
    // 2 features, 6 examples, classes 0/1/2
    try Dataset(X: Matrix([[1, 2, 3, 4, 5, 6], [10, 20, 30, 40, 50, 60]]),
                Y: Matrix(row: [0, 1, 2, 1, 0, 1]), classNames: ["a", "b", "c"], name: "toy")
}

@Suite("Dataset")
struct DatasetTests {
    @Test func basics() throws {
        let d = try toy()
        #expect(d.count == 6 && d.featureCount == 2 && d.classCount == 3)
        #expect(d.classCounts() == [2, 3, 1])
        #expect(try d.oneHotY() == (try Matrix([[1, 0, 0, 0, 1, 0], [0, 1, 0, 1, 0, 1], [0, 0, 1, 0, 0, 0]])))
        let s = try d.subset(columns: [5, 0])
        #expect(s.X == (try Matrix([[6, 1], [60, 10]])) && s.Y == Matrix(row: [1, 0]))
        #expect(s.classNames == d.classNames)
        #expect(throws: DatasetError.outOfRange("dataset 'toy': example 6 is out of range 0..<6")) {
            try d.subset(columns: [6])
        }
        let unnamed = try Dataset(X: Matrix(rows: 1, cols: 3), Y: Matrix(row: [0, 4, 1]))
        #expect(unnamed.classCount == 5)
        #expect(unnamed.classCounts() == [1, 1, 0, 0, 1])
    }

    @Test func validation() {
        #expect(throws: DatasetError.shapeMismatch(
            "dataset 'd': X is 2×3 and Y is 1×2; Y must be 1×3 (examples as columns)")) {
            try Dataset(X: Matrix(rows: 2, cols: 3), Y: Matrix(rows: 1, cols: 2), name: "d")
        }
        #expect(throws: DatasetError.self) { try Dataset(X: Matrix(rows: 2, cols: 3), Y: Matrix(rows: 3, cols: 1)) }
    }

    @Test func splitSizesAndDisjointness() throws {
        var rng = NumPyRandom(seed: 0)
        let d = try DatasetGenerators.blobs(samples: 101, centers: 3, rng: &rng)
        let parts = try d.split(ratios: [0.6, 0.2, 0.2], rng: &rng)
        // floor(101·0.6) = 60, floor(101·0.2) = 20 twice; 1 left over goes to the first part
        #expect(parts.map(\.count) == [61, 20, 20])
        #expect(parts.map(\.name) == ["train", "dev", "test"])
        let all = parts.flatMap { p in (0..<p.count).map { [p.X[0, $0], p.X[1, $0]] } }
        #expect(Set(all).count == 101)
        // same seed, same split; ratios are relative
        var a = NumPyRandom(seed: 4), b = NumPyRandom(seed: 4)
        #expect(try d.split(ratios: [3, 1, 1], rng: &a) == (try d.split(ratios: [0.6, 0.2, 0.2], rng: &b)))
    }

    @Test func unstratifiedSplitFollowsPermutation() throws {
        let d = try toy()
        var rng = NumPyRandom(seed: 1)
        let parts = try d.split(ratios: [0.5, 0.5], rng: &rng)
        var ref = NumPyRandom(seed: 1)
        let perm = ref.permutation(6)  // np.random.seed(1); np.random.permutation(6)
        #expect(parts[0].X.values.prefix(3).map { Int($0) } == perm.prefix(3).map { $0 + 1 })
        #expect(parts[1].X.values.prefix(3).map { Int($0) } == perm.suffix(3).map { $0 + 1 })
    }

    @Test func stratifiedSplitKeepsProportions() throws {
        var rng = NumPyRandom(seed: 3)
        let d = try DatasetGenerators.gaussianQuantiles(samples: 300, classes: 3, rng: &rng)
        let parts = try d.split(ratios: [0.6, 0.2, 0.2], stratified: true, rng: &rng)
        #expect(parts.map { $0.classCounts() } == [[60, 60, 60], [20, 20, 20], [20, 20, 20]])
        let odd = try toy().split(ratios: [0.5, 0.5], stratified: true, rng: &rng)
        // parts of 3 and 3 as unstratified; class sizes 2, 3, 1 by largest remainder over the
        // room left: 2 → 1 + 1; 3 → 1.5 + 1.5, the tie to the first part: 2 + 1; 1 → 0 + 1
        #expect(odd.map { $0.classCounts() } == [[1, 2, 0], [1, 1, 1]])
        let regression = try Dataset(X: Matrix(rows: 1, cols: 2), Y: Matrix(row: [0.5, 1]))
        #expect(throws: DatasetError.self) { try regression.split(ratios: [1, 1], stratified: true, rng: &rng) }
    }

    /// A stratified split has the unstratified sizes: 2000 examples at 0.9/0.05/0.05 give
    /// 1800/100/100 (per-class floors gave 1799/99/102).
    @Test func stratifiedSharesKeepThePartSizes() throws {
        #expect(Dataset.classShares([1000, 1000], [1800, 100, 100]) == [[900, 50, 50], [900, 50, 50]])
        // 1708 · (1800, 100, 100) / 2000 = 1537.2, 85.4, 85.4: one left over, to the first of
        // the tied 0.4 remainders; class 1 fills what is left.
        #expect(Dataset.classShares([1708, 292], [1800, 100, 100]) == [[1537, 86, 85], [263, 14, 15]])
        var rng = NumPyRandom(seed: 1)
        let d = try DatasetGenerators.circles(samples: 2000, noise: 0.05, rng: &rng)
        let parts = try d.split(ratios: [0.9, 0.05, 0.05], stratified: true, rng: &rng)
        #expect(parts.map(\.count) == [1800, 100, 100])
        #expect(parts.map { $0.classCounts() } == [[900, 900], [50, 50], [50, 50]])
    }

    @Test func splitRejectsBadRatios() throws {
        var rng = NumPyRandom(seed: 0)
        let d = try toy()
        #expect(throws: DatasetError.invalidArgument("split needs at least one ratio")) { try d.split(ratios: [], rng: &rng) }
        #expect(throws: DatasetError.invalidArgument("split ratios must be positive numbers, got -0.2")) {
            try d.split(ratios: [1.2, -0.2], rng: &rng)
        }
    }

    @Test func shuffledIsThePermutation() throws {
        let d = try toy()
        var rng = NumPyRandom(seed: 2), ref = NumPyRandom(seed: 2)
        let s = try d.shuffled(rng: &rng)
        #expect(s.X.values.prefix(6).map { Int($0) } == ref.permutation(6).map { $0 + 1 })
        #expect(s.classCounts() == d.classCounts())
    }
}

@Suite("Normalizer")
struct NormalizerTests {
    @Test func fitsAndApplies() throws {
        // feature 1: [1, 2, 3, 4] → μ 2.5, σ sqrt(1.25) (np.std, ddof 0); feature 2 constant 7 → σ 0
        let train = try Dataset(X: Matrix([[1, 2, 3, 4], [7, 7, 7, 7]]), Y: Matrix(row: [0, 1, 0, 1]))
        let n = try Normalizer(fitting: train)
        #expect(n.mean == [2.5, 7])
        #expect(n.std == [(1.25).squareRoot(), 0])
        let t = try n.apply(to: train)
        #expect(t.X[0, 0] == -1.5 / (1.25).squareRoot())
        #expect(t.X.values[4...] == [0, 0, 0, 0])  // σ = 0: centred, not scaled
        #expect(t.Y == train.Y)
        let other = try Dataset(X: Matrix([[5], [9]]), Y: Matrix(row: [1]))
        #expect(try n.apply(to: other).X == (try Matrix([[2.5 / (1.25).squareRoot()], [2]])))
    }

    @Test func errors() throws {
        let train = try Dataset(X: Matrix([[1, 2]]), Y: Matrix(row: [0, 1]), name: "a")
        let n = try Normalizer(fitting: train)
        let wide = try Dataset(X: Matrix([[1], [2]]), Y: Matrix(row: [0]), name: "b")
        #expect(throws: DatasetError.shapeMismatch("normalizer was fitted on 1 features but dataset 'b' has 2")) {
            try n.apply(to: wide)
        }
        let empty = try Dataset(X: Matrix(rows: 2, cols: 0), Y: Matrix(rows: 1, cols: 0), name: "e")
        #expect(throws: DatasetError.self) { try Normalizer(fitting: empty) }
        #expect(throws: DatasetError.self) { try Normalizer(mean: [0], std: []) }
    }
}

@Suite("Augmentation")
struct AugmentationTests {
    private func points() throws -> Dataset {
        try Dataset(X: Matrix([[1, 0], [2, -3]]), Y: Matrix(row: [0, 1]), name: "p")
    }

    @Test func mirrorAndRotate() throws {
        let p = try points()
        #expect(try p.mirrored(axis: .x).X == (try Matrix([[1, 0], [-2, 3]])))
        #expect(try p.mirrored(axis: .y).X == (try Matrix([[-1, -0.0], [2, -3]])))
        let r = try p.rotated(degrees: 90)  // (1, 2) → (−2, 1); (0, −3) → (3, 0)
        let expected: [Double] = [-2, 3, 1, 0]
        for (a, b) in zip(r.X.values, expected) { #expect(abs(a - b) < 1e-15) }
        let full = try p.rotated(degrees: 360)
        for (a, b) in zip(full.X.values, p.X.values) { #expect(abs(a - b) < 1e-15) }
    }

    @Test func jitterDrawsRowByRow() throws {
        let p = try points()
        var rng = NumPyRandom(seed: 1), ref = NumPyRandom(seed: 1)
        let j = try p.jittered(std: 0.1, rng: &rng)
        let noise = (0..<4).map { _ in ref.normal(loc: 0, scale: 0.1) }  // np.random.normal(0, .1, (2, 2))
        #expect(j.X[0, 0] == 1 + noise[0] && j.X[1, 0] == 2 + noise[1])
        #expect(j.X[0, 1] == 0 + noise[2] && j.X[1, 1] == -3 + noise[3])
        #expect(throws: DatasetError.self) { try p.jittered(std: -1, rng: &rng) }
    }

    @Test func augmentedAppendsCopies() throws {
        let p = try points()
        var rng = NumPyRandom(seed: 0)
        let a = try p.augmented(mirrors: [.x, .y], rotations: [180], jitterCopies: 2, jitterStd: 0.01, rng: &rng)
        #expect(a.count == 12)
        #expect(a.Y.values == [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1])
        #expect(try a.subset(columns: [2, 3]).X == (try p.mirrored(axis: .x).X))
        let threeD = try Dataset(X: Matrix(rows: 3, cols: 1), Y: Matrix(row: [0]), name: "q")
        #expect(throws: DatasetError.invalidArgument(
            "cannot rotate 'q': augmentation works on 2-D points, it has 3 features")) {
            try threeD.rotated(degrees: 10)
        }
    }
}
