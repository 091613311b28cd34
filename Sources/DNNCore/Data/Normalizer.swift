/// Per-feature standardisation fitted on one dataset and applied to others:
/// x := (x − μ) / σ, μ and σ (population standard deviation, numpy's `std`) taken over
/// the examples of the fitting set.
///
/// A feature with σ = 0 is only centred (divided by 1), as scikit-learn's `StandardScaler` does.
public struct Normalizer: Sendable, Equatable {
    /// The mean of each feature.
    public let mean: [Double]
    /// The standard deviation of each feature (ddof 0), as fitted.
    public let std: [Double]

    /// Fits μ and σ per feature on `dataset`.
    /// - Throws: ``DatasetError/invalidArgument(_:)`` for a dataset without examples.
    public init(fitting dataset: Dataset) throws {
        let x = dataset.X
        guard x.cols > 0 else {
            throw DatasetError.invalidArgument("cannot fit a normalizer on '\(dataset.name)': it has no examples")
        }
        // numpy's X.mean(axis=1) and X.std(axis=1), bit for bit.
        mean = try x.mean(axis: .columns).values
        std = try x.standardDeviation(axis: .columns).values
    }

    /// A normalizer from known statistics.
    /// - Throws: ``DatasetError/shapeMismatch(_:)`` when the counts differ.
    public init(mean: [Double], std: [Double]) throws {
        guard mean.count == std.count else {
            throw DatasetError.shapeMismatch("normalizer: \(mean.count) means but \(std.count) standard deviations")
        }
        self.mean = mean
        self.std = std
    }

    /// `dataset` with its features normalised.
    /// - Throws: ``DatasetError/shapeMismatch(_:)`` when the feature count differs from the fit.
    public func apply(to dataset: Dataset) throws -> Dataset {
        dataset.replacingX(try apply(to: dataset.X, what: "dataset '\(dataset.name)'"))
    }

    /// A feature matrix (`n_x × m`, examples as columns) normalised.
    /// - Throws: ``DatasetError/shapeMismatch(_:)`` when the row count differs from the fit.
    public func apply(to x: Matrix) throws -> Matrix {
        try apply(to: x, what: "\(withArticle("\(x.shape) matrix"))")
    }

    private func apply(to x: Matrix, what: String) throws -> Matrix {
        guard x.rows == mean.count else {
            throw DatasetError.shapeMismatch(
                "normalizer was fitted on \(mean.count) features but \(what) has \(x.rows)")
        }
        var out = x
        for f in 0..<x.rows {
            let scale = std[f] == 0 ? 1 : std[f]
            for j in 0..<x.cols { out[f, j] = (x[f, j] - mean[f]) / scale }
        }
        return out
    }
}
