import Foundation

/// Synthetic datasets drawn from a ``NumPyRandom`` exactly as scikit-learn, CS231n and the
/// course draw them from numpy's global generator.
///
/// Each generator builds the points as numpy would (an `m × d` array, filled row by row),
/// then returns them transposed: examples as columns, labels `1 × m`. Pass the generator
/// after seeding it as the original code does (e.g. `seed(1)` before `circles(samples: 300,
/// noise: 0.05)` for the course's training set).
public enum DatasetGenerators {
    /// Two concentric circles, like `sklearn.datasets.make_circles(n, shuffle=True, noise=noise, factor=factor)`.
    ///
    /// n_out = n / 2 points on the unit circle (label 0) at angles `linspace(0, 2π, n_out,
    /// endpoint=False)`, then n − n_out on the circle of radius `factor` (label 1); the rows
    /// are permuted by `rng.permutation(n)` (sklearn's `shuffle`), then `normal(0, noise)` is
    /// added to every coordinate, row by row. No noise is drawn when `noise` is nil.
    /// - Throws: ``DatasetError/invalidArgument(_:)`` for a negative count or noise, or a
    ///   factor outside [0, 1).
    public static func circles(samples: Int, noise: Double? = nil, factor: Double = 0.8,
                               rng: inout NumPyRandom) throws -> Dataset {
        try check(samples >= 0, "circles: samples must be ≥ 0, got \(samples)")
        try check(factor >= 0 && factor < 1, "circles: factor must be in [0, 1), got \(factor)")
        let nOut = samples / 2, nIn = samples - nOut
        let angleOut = linspace(0, 2 * Double.pi, nOut, endpoint: false)
        let angleIn = linspace(0, 2 * Double.pi, nIn, endpoint: false)
        var rows: [[Double]] = angleOut.map { [cos($0), sin($0)] }
        rows += angleIn.map { [cos($0) * factor, sin($0) * factor] }
        let labels = [Double](repeating: 0, count: nOut) + [Double](repeating: 1, count: nIn)
        return try shuffledWithNoise(rows, labels, noise: noise, name: "circles", rng: &rng)
    }

    /// Two interleaving half circles, like `sklearn.datasets.make_moons(n, shuffle=True, noise=noise)`.
    ///
    /// Outer moon (label 0): (cos t, sin t) for t in `linspace(0, π, n/2)`; inner moon
    /// (label 1): (1 − cos t, 1 − sin t − 0.5) for t in `linspace(0, π, n − n/2)`; then the
    /// permutation and noise as in ``circles(samples:noise:factor:rng:)``.
    public static func moons(samples: Int, noise: Double? = nil, rng: inout NumPyRandom) throws -> Dataset {
        try check(samples >= 0, "moons: samples must be ≥ 0, got \(samples)")
        let nOut = samples / 2, nIn = samples - nOut
        var rows: [[Double]] = linspace(0, Double.pi, nOut).map { [cos($0), sin($0)] }
        rows += linspace(0, Double.pi, nIn).map { [1 - cos($0), 1 - sin($0) - 0.5] }
        let labels = [Double](repeating: 0, count: nOut) + [Double](repeating: 1, count: nIn)
        return try shuffledWithNoise(rows, labels, noise: noise, name: "moons", rng: &rng)
    }

    /// Isotropic Gaussian blobs, like `sklearn.datasets.make_blobs(n, n_features=features,
    /// centers=centers, cluster_std=std, center_box=(-10, 10), shuffle=True)`.
    ///
    /// Draw order: the centers as `uniform(−10, 10)` of shape `centers × features` (row by
    /// row); then for each center i its n_i points as `normal(center_i, std)` row by row,
    /// n_i = n / centers plus one for the first n mod centers centers; then the rows are
    /// permuted by `rng.permutation(n)`. Label i for center i.
    public static func blobs(samples: Int, centers: Int = 3, features: Int = 2, std: Double = 1.0,
                             rng: inout NumPyRandom) throws -> Dataset {
        try check(samples >= 0, "blobs: samples must be ≥ 0, got \(samples)")
        try check(centers >= 1, "blobs: centers must be ≥ 1, got \(centers)")
        try check(features >= 1, "blobs: features must be ≥ 1, got \(features)")
        try check(std >= 0, "blobs: std must be ≥ 0, got \(std)")
        let centerPoints = (0..<centers).map { _ in
            (0..<features).map { _ in rng.uniform(low: -10, high: 10) }
        }
        var rows: [[Double]] = []
        var labels: [Double] = []
        for (i, center) in centerPoints.enumerated() {
            let n = samples / centers + (i < samples % centers ? 1 : 0)
            for _ in 0..<n {
                rows.append(center.map { rng.normal(loc: $0, scale: std) })
                labels.append(Double(i))
            }
        }
        let order = rng.permutation(samples)
        return try dataset(order.map { rows[$0] }, order.map { labels[$0] }, features: features, name: "blobs")
    }

    /// The CS231n spiral: `classes` arms of `samples` points each.
    ///
    /// For arm j: r = linspace(0, 1, N), t = linspace(4j, 4(j+1), N) + randn(N)·noise,
    /// points (r·sin t, r·cos t), label j (CS231n uses noise 0.2).
    public static func spiral(samples: Int, classes: Int = 3, noise: Double = 0.2,
                              rng: inout NumPyRandom) throws -> Dataset {
        try check(samples >= 0, "spiral: samples per class must be ≥ 0, got \(samples)")
        try check(classes >= 1, "spiral: classes must be ≥ 1, got \(classes)")
        var rows: [[Double]] = []
        var labels: [Double] = []
        for j in 0..<classes {
            let r = linspace(0, 1, samples)
            let base = linspace(Double(j) * 4, Double(j + 1) * 4, samples)
            for i in 0..<samples {
                let t = base[i] + rng.randn() * noise
                rows.append([r[i] * sin(t), r[i] * cos(t)])
                labels.append(Double(j))
            }
        }
        return try dataset(rows, labels, features: 2, name: "spiral")
    }

    /// XOR of two coordinates: points uniform in [−1, 1]², label 1 where exactly one
    /// coordinate is positive.
    ///
    /// Draw order: `uniform(−1, 1)` of shape `samples × 2` row by row; the labels are taken
    /// from the clean points; then, unless `noise` is nil, `normal(0, noise)` is added to
    /// every coordinate row by row (dnnscript's own definition; no shuffle is needed).
    public static func xor(samples: Int, noise: Double? = nil, rng: inout NumPyRandom) throws -> Dataset {
        try check(samples >= 0, "xor: samples must be ≥ 0, got \(samples)")
        try check((noise ?? 0) >= 0, "xor: noise must be ≥ 0, got \(noise ?? 0)")
        var rows = (0..<samples).map { _ in [rng.uniform(low: -1, high: 1), rng.uniform(low: -1, high: 1)] }
        let labels = rows.map { (($0[0] > 0) != ($0[1] > 0)) ? 1.0 : 0.0 }
        if let noise {
            for i in rows.indices { for c in 0..<2 { rows[i][c] += rng.normal(loc: 0, scale: noise) } }
        }
        return try dataset(rows, labels, features: 2, name: "xor")
    }

    /// Classes as nested shells of a standard normal cloud, like
    /// `sklearn.datasets.make_gaussian_quantiles(n_samples, n_features, n_classes)` with mean 0, cov 1.
    ///
    /// Draw order: `randn(samples, features)` row by row (what sklearn's
    /// `multivariate_normal(0, I)` draws); the points are sorted by squared distance to the
    /// origin; the first n/k get class 0, the next n/k class 1, …, the remainder class k−1;
    /// then the rows are permuted by `rng.permutation(n)`.
    public static func gaussianQuantiles(samples: Int, classes: Int = 3, features: Int = 2,
                                         rng: inout NumPyRandom) throws -> Dataset {
        try check(classes >= 1, "gaussianQuantiles: classes must be ≥ 1, got \(classes)")
        try check(features >= 1, "gaussianQuantiles: features must be ≥ 1, got \(features)")
        try check(samples >= classes, "gaussianQuantiles: samples (\(samples)) must be ≥ classes (\(classes))")
        let points = (0..<samples).map { _ in (0..<features).map { _ in rng.randn() } }
        let distance = points.map { p in p.reduce(0) { $0 + $1 * $1 } }
        let sorted = points.indices.sorted { (distance[$0], $0) < (distance[$1], $1) }
        let step = samples / classes
        let labels = (0..<samples).map { Double(min($0 / step, classes - 1)) }
        let rows = sorted.map { points[$0] }
        let order = rng.permutation(samples)
        return try dataset(order.map { rows[$0] }, order.map { labels[$0] }, features: features,
                       name: "gaussian quantiles")
    }

    /// The course's planar "flower" (deeplearning.ai `planar_utils.load_planar_dataset`).
    ///
    /// N = samples / 2 points per petal set, a = 4. For class j in 0, 1:
    /// t = linspace(3.12j, 3.12(j+1), N) + randn(N)·0.2, r = a·sin(4t) + randn(N)·0.2,
    /// points (r·sin t, r·cos t), label j. The course seeds 1 first; here the caller seeds.
    public static func flower(samples: Int = 400, rng: inout NumPyRandom) throws -> Dataset {
        try check(samples >= 0, "flower: samples must be ≥ 0, got \(samples)")
        let perClass = samples / 2, a = 4.0
        var rows: [[Double]] = []
        var labels: [Double] = []
        for j in 0..<2 {
            let base = linspace(Double(j) * 3.12, Double(j + 1) * 3.12, perClass)
            let t = base.map { $0 + rng.randn() * 0.2 }
            let r = t.map { a * sin(4 * $0) + rng.randn() * 0.2 }
            for i in 0..<perClass {
                rows.append([r[i] * sin(t[i]), r[i] * cos(t[i])])
                labels.append(Double(j))
            }
        }
        return try dataset(rows, labels, features: 2, name: "flower")
    }

    // MARK: - helpers

    /// Evenly spaced values exactly as `numpy.linspace` computes them (i·step + start, the
    /// last one set to `stop` when `endpoint`).
    static func linspace(_ start: Double, _ stop: Double, _ num: Int, endpoint: Bool = true) -> [Double] {
        guard num > 0 else { return [] }
        let div = endpoint ? num - 1 : num
        let delta = stop - start
        var y: [Double]
        if div > 0 {
            let step = delta / Double(div)
            y = step == 0
                ? (0..<num).map { Double($0) / Double(div) * delta + start }
                : (0..<num).map { Double($0) * step + start }
        } else {
            y = [start]
        }
        if endpoint && num > 1 { y[num - 1] = stop }
        return y
    }

    /// sklearn's `shuffle` (rows permuted by `permutation(n)`) then optional noise row by row.
    private static func shuffledWithNoise(_ rows: [[Double]], _ labels: [Double], noise: Double?,
                                          name: String, rng: inout NumPyRandom) throws -> Dataset {
        try check((noise ?? 0) >= 0, "\(name): noise must be ≥ 0, got \(noise ?? 0)")
        let order = rng.permutation(rows.count)
        var shuffled = order.map { rows[$0] }
        if let noise {
            for i in shuffled.indices {
                for c in shuffled[i].indices { shuffled[i][c] += rng.normal(loc: 0, scale: noise) }
            }
        }
        return try dataset(shuffled, order.map { labels[$0] }, features: 2, name: name)
    }

    /// Transposes numpy-style rows (`m × d`) into a dataset with examples as columns.
    private static func dataset(_ rows: [[Double]], _ labels: [Double], features: Int, name: String) throws -> Dataset {
        var x = try Matrix(rows: features, cols: rows.count)
        for (j, row) in rows.enumerated() {
            for f in 0..<features { x[f, j] = row[f] }
        }
        return Dataset(unchecked: x, Matrix(row: labels), classNames: [], name: name)
    }

    private static func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw DatasetError.invalidArgument(message()) }
    }
}
