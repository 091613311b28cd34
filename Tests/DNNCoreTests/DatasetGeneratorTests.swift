import Testing
@testable import DNNCore

/// Rebuilds a fixture's dataset with the Swift generator from a freshly seeded generator.
private func generate(_ f: DatasetFixtures.Generated) throws -> Dataset {
    var rng = NumPyRandom(seed: f.seed)
    switch f.call {
    case "make_circles(300, noise=.05)": return try DatasetGenerators.circles(samples: 300, noise: 0.05, rng: &rng)
    case "make_circles(100, noise=.05)": return try DatasetGenerators.circles(samples: 100, noise: 0.05, rng: &rng)
    case "make_circles(51, noise=None, factor=0.5)":
        return try DatasetGenerators.circles(samples: 51, noise: nil, factor: 0.5, rng: &rng)
    case "make_moons(200, noise=0.1)": return try DatasetGenerators.moons(samples: 200, noise: 0.1, rng: &rng)
    case "make_moons(101, noise=None)": return try DatasetGenerators.moons(samples: 101, rng: &rng)
    case "make_blobs(150, centers=3, n_features=2, cluster_std=1.0)":
        return try DatasetGenerators.blobs(samples: 150, centers: 3, features: 2, std: 1.0, rng: &rng)
    case "make_blobs(101, centers=4, n_features=3, cluster_std=0.5)":
        return try DatasetGenerators.blobs(samples: 101, centers: 4, features: 3, std: 0.5, rng: &rng)
    case "cs231n spiral N=100 K=3 noise=0.2": return try DatasetGenerators.spiral(samples: 100, classes: 3, noise: 0.2, rng: &rng)
    case "cs231n spiral N=51 K=4 noise=0.1": return try DatasetGenerators.spiral(samples: 51, classes: 4, noise: 0.1, rng: &rng)
    case "load_planar_dataset() m=400": return try DatasetGenerators.flower(samples: 400, rng: &rng)
    case "xor(200, noise=0.1)": return try DatasetGenerators.xor(samples: 200, noise: 0.1, rng: &rng)
    case "make_gaussian_quantiles(200, n_features=2, n_classes=3)":
        return try DatasetGenerators.gaussianQuantiles(samples: 200, classes: 3, features: 2, rng: &rng)
    case "make_gaussian_quantiles(100, n_features=3, n_classes=4)":
        return try DatasetGenerators.gaussianQuantiles(samples: 100, classes: 4, features: 3, rng: &rng)
    default: throw DatasetError.invalidArgument("no Swift call for fixture \(f.call)")
    }
}

/// numpy's row order (m × d) of a dataset's X, as bit patterns.
private func numpyRows(_ d: Dataset) -> [UInt64] {
    var out: [UInt64] = []
    for j in 0..<d.count { for f in 0..<d.featureCount { out.append(d.X[f, j].bitPattern) } }
    return out
}

@Suite("Dataset generators")
struct DatasetGeneratorTests {
    // docs/course-reference.md §2: np.random.seed(1); make_circles(n_samples=300, noise=.05), first three points.
    @Test func courseCirclesFirstPoints() throws {
        var rng = NumPyRandom(seed: 1)
        let train = try DatasetGenerators.circles(samples: 300, noise: 0.05, rng: &rng)
        #expect(train.X.shape == Shape(2, 300))
        #expect(train.Y.shape == Shape(1, 300))
        #expect(train.X[0, 0] == -0.07741354010048114 && train.X[1, 0] == 0.8526022642742742 && train.Y[0, 0] == 1)
        #expect(train.X[0, 1] == 0.43186959584803564 && train.X[1, 1] == -0.8721450395952108 && train.Y[0, 1] == 0)
        #expect(train.X[0, 2] == 0.07916502322979652 && train.X[1, 2] == 0.8406610985900007 && train.Y[0, 2] == 1)
        #expect(train.classCounts() == [150, 150])  // docs/course-reference.md §2: 150/150
        var testRng = NumPyRandom(seed: 2)
        let test = try DatasetGenerators.circles(samples: 100, noise: 0.05, rng: &testRng)
        #expect(test.classCounts() == [50, 50])  // docs/course-reference.md §2: 50/50
    }

    /// Every generator matches its numpy reimplementation value for value (fixture hashes over
    /// all of X and y; circles train/test compared in full).
    @Test(arguments: DatasetFixtures.cases.indices)
    func matchesNumPy(_ index: Int) throws {
        let f = DatasetFixtures.cases[index]
        let d = try generate(f)
        #expect(d.count == f.count && d.featureCount == f.features, "\(f.call): shape")
        let rows = numpyRows(d)
        #expect(Array(rows.prefix(f.firstRows.count)) == f.firstRows, "\(f.call): first rows")
        #expect(d.Y.values.prefix(3).map { Int($0) } == f.firstLabels, "\(f.call): first labels")
        #expect(RandomFixtures.fnv1a(rows) == f.xHash, "\(f.call): X hash")
        #expect(RandomFixtures.fnv1a(d.Y.values.map { $0.bitPattern }) == f.yHash, "\(f.call): y hash")
        if !f.all.isEmpty {
            let mismatches = zip(rows, f.all).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
            #expect(rows.count == f.all.count && mismatches.isEmpty, "\(f.call): differing values at \(mismatches.prefix(5))")
        }
    }

    @Test func linspaceMatchesNumPy() {
        // np.linspace(0, 1, 5), np.linspace(0, 2*np.pi, 4, endpoint=False)[1], np.linspace(3.12, 6.24, 200)[-1]
        #expect(DatasetGenerators.linspace(0, 1, 5) == [0, 0.25, 0.5, 0.75, 1])
        #expect(DatasetGenerators.linspace(0, 2 * Double.pi, 4, endpoint: false)[1] == 1.5707963267948966)
        #expect(DatasetGenerators.linspace(3.12, 6.24, 200).last == 6.24)
        #expect(DatasetGenerators.linspace(2, 5, 1) == [2])
        #expect(DatasetGenerators.linspace(2, 5, 0) == [])
    }

    @Test func invalidArgumentsThrow() {
        var rng = NumPyRandom(seed: 0)
        #expect(throws: DatasetError.self) { try DatasetGenerators.circles(samples: -1, rng: &rng) }
        #expect(throws: DatasetError.self) { try DatasetGenerators.circles(samples: 10, factor: 1.5, rng: &rng) }
        #expect(throws: DatasetError.self) { try DatasetGenerators.moons(samples: 10, noise: -1, rng: &rng) }
        #expect(throws: DatasetError.self) { try DatasetGenerators.blobs(samples: 10, centers: 0, rng: &rng) }
        #expect(throws: DatasetError.self) { try DatasetGenerators.spiral(samples: 10, classes: 0, rng: &rng) }
        #expect(throws: DatasetError.self) { try DatasetGenerators.gaussianQuantiles(samples: 2, classes: 3, rng: &rng) }
        #expect(throws: DatasetError.self) { try DatasetGenerators.flower(samples: -4, rng: &rng) }
    }

    @Test func emptyDatasetsAreFine() throws {
        var rng = NumPyRandom(seed: 0)
        let d = try DatasetGenerators.circles(samples: 0, noise: 0.1, rng: &rng)
        #expect(d.count == 0 && d.featureCount == 2)
        #expect(try DatasetGenerators.blobs(samples: 0, rng: &rng).count == 0)
    }
}
