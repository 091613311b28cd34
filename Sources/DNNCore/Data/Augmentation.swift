import Foundation

/// The axis a 2-D dataset is mirrored across.
public enum MirrorAxis: Sendable, Equatable {
    /// Across the x axis: (x, y) → (x, −y).
    case x
    /// Across the y axis: (x, y) → (−x, y).
    case y
}

extension Dataset {
    /// The points mirrored across an axis (2-D datasets only); labels unchanged.
    /// - Throws: ``DatasetError/invalidArgument(_:)`` unless the dataset has 2 features.
    public func mirrored(axis: MirrorAxis) throws -> Dataset {
        try requirePlanar("mirror")
        var x = X
        let row = axis == .x ? 1 : 0
        for j in 0..<count { x[row, j] = -x[row, j] }
        return replacingX(x)
    }

    /// The points rotated counter-clockwise about the origin (2-D datasets only):
    /// (x, y) → (x·cos θ − y·sin θ, x·sin θ + y·cos θ).
    /// - Throws: ``DatasetError/invalidArgument(_:)`` unless the dataset has 2 features.
    public func rotated(degrees: Double) throws -> Dataset {
        try requirePlanar("rotate")
        let theta = degrees * Double.pi / 180
        let (c, s) = (cos(theta), sin(theta))
        var x = X
        for j in 0..<count {
            let (a, b) = (X[0, j], X[1, j])
            x[0, j] = a * c - b * s
            x[1, j] = a * s + b * c
        }
        return replacingX(x)
    }

    /// The points with `normal(0, std)` noise added to each coordinate, drawn example by
    /// example (x then y), i.e. row by row in numpy's `m × 2` layout.
    /// - Throws: ``DatasetError/invalidArgument(_:)`` unless the dataset has 2 features and std ≥ 0.
    public func jittered(std: Double, rng: inout NumPyRandom) throws -> Dataset {
        try requirePlanar("jitter")
        guard std >= 0, std.isFinite else {
            throw DatasetError.invalidArgument("jitter std must be ≥ 0, got \(std)")
        }
        var x = X
        for j in 0..<count {
            for f in 0..<2 { x[f, j] += rng.normal(loc: 0, scale: std) }
        }
        return replacingX(x)
    }

    /// The dataset followed by transformed copies of itself: one per mirror axis, one per
    /// rotation angle, then `jitterCopies` jittered copies (in that order, each copy drawn
    /// with ``jittered(std:rng:)``). Labels are copied with their points.
    /// - Throws: ``DatasetError/invalidArgument(_:)`` unless the dataset has 2 features, or
    ///   for a negative copy count.
    public func augmented(mirrors: [MirrorAxis] = [], rotations: [Double] = [], jitterCopies: Int = 0,
                          jitterStd: Double = 0, rng: inout NumPyRandom) throws -> Dataset {
        try requirePlanar("augment")
        guard jitterCopies >= 0 else {
            throw DatasetError.invalidArgument("jitter copies must be ≥ 0, got \(jitterCopies)")
        }
        var copies = [self]
        for axis in mirrors { copies.append(try mirrored(axis: axis)) }
        for angle in rotations { copies.append(try rotated(degrees: angle)) }
        for _ in 0..<jitterCopies { copies.append(try jittered(std: jitterStd, rng: &rng)) }
        return try Dataset.concatenating(copies, name: name)
    }

    /// The examples of several datasets with the same features, one after another.
    static func concatenating(_ parts: [Dataset], name: String) throws -> Dataset {
        let n = parts.first?.featureCount ?? 0
        let m = parts.reduce(0) { $0 + $1.count }
        var x = try Matrix(rows: n, cols: m)
        var labels: [Double] = []
        labels.reserveCapacity(m)
        var offset = 0
        for part in parts {
            for f in 0..<n { for j in 0..<part.count { x[f, offset + j] = part.X[f, j] } }
            labels += part.Y.values
            offset += part.count
        }
        return Dataset(unchecked: x, Matrix(row: labels), classNames: parts.first?.classNames ?? [], name: name)
    }

    private func requirePlanar(_ operation: String) throws {
        guard featureCount == 2 else {
            throw DatasetError.invalidArgument(
                "cannot \(operation) '\(name)': augmentation works on 2-D points, it has \(featureCount) features")
        }
    }
}
