/// A labelled dataset with examples as columns, as in the course.
///
/// `X` is `n_x × m`. `Y` is `1 × m`: a class index 0 … k−1 for classification
/// (with `classNames` naming the classes, possibly empty) or a real target for regression.
public struct Dataset: Sendable, Equatable {
    /// Features, one example per column (`n_x × m`).
    public private(set) var X: Matrix
    /// Labels, `1 × m`.
    public private(set) var Y: Matrix
    /// Class names, index `i` naming class `i`; empty when the classes are unnamed or the
    /// targets are real values.
    public var classNames: [String]
    /// A name for messages and plots.
    public var name: String

    /// A dataset from features and labels.
    /// - Parameters:
    ///   - X: features, `n_x × m`.
    ///   - Y: labels, `1 × m`.
    ///   - classNames: names of the classes 0 … k−1 (optional).
    ///   - name: the dataset's name.
    /// - Throws: ``DatasetError/shapeMismatch(_:)`` when `Y` is not `1 × m`.
    public init(X: Matrix, Y: Matrix, classNames: [String] = [], name: String = "data") throws {
        guard Y.rows == 1, X.cols == Y.cols else {
            throw DatasetError.shapeMismatch(
                "dataset '\(name)': X is \(X.shape) and Y is \(Y.shape); Y must be 1×\(X.cols) (examples as columns)")
        }
        self.X = X
        self.Y = Y
        self.classNames = classNames
        self.name = name
    }

    /// Internal initialiser for callers that built matching shapes.
    init(unchecked X: Matrix, _ Y: Matrix, classNames: [String], name: String) {
        self.X = X
        self.Y = Y
        self.classNames = classNames
        self.name = name
    }

    /// Number of examples `m`.
    public var count: Int { X.cols }
    /// Number of features `n_x`.
    public var featureCount: Int { X.rows }

    /// Number of classes: the number of class names when given, else 1 + the largest label
    /// (0 for an empty dataset).
    public var classCount: Int {
        if !classNames.isEmpty { return classNames.count }
        guard let top = Y.values.max(), top.isFinite, top >= 0 else { return 0 }
        return Int(top) + 1
    }

    /// The labels as one-hot columns (`k × m`), k = ``classCount``.
    ///
    /// A label that is not an integer in 0 ..< k gives an all-zero column.
    /// - Throws: ``MatrixError/tooLarge(rows:cols:)`` when k × m is beyond the size limit.
    public func oneHotY() throws -> Matrix {
        let k = classCount
        var out = try Matrix(rows: k, cols: count)
        for (j, label) in Y.values.enumerated() {
            if let c = classIndex(label), c < k { out[c, j] = 1 }
        }
        return out
    }

    /// How many examples carry each class label 0 ..< ``classCount``.
    public func classCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in Y.values {
            if let c = classIndex(label), c < counts.count { counts[c] += 1 }
        }
        return counts
    }

    /// The examples at the given column indices, in that order.
    /// - Throws: ``DatasetError/outOfRange(_:)`` for an index outside 0 ..< m.
    public func subset(columns: [Int]) throws -> Dataset {
        for c in columns where c < 0 || c >= count {
            throw DatasetError.outOfRange("dataset '\(name)': example \(c) is out of range 0..<\(count)")
        }
        return Dataset(unchecked: try gatherColumns(X, columns), try gatherColumns(Y, columns),
                       classNames: classNames, name: name)
    }

    /// The examples at trusted column indices.
    func uncheckedSubset(_ columns: [Int], name: String? = nil) throws -> Dataset {
        Dataset(unchecked: try gatherColumns(X, columns), try gatherColumns(Y, columns),
                classNames: classNames, name: name ?? self.name)
    }

    /// A copy with new features (same labels); used by transforms.
    func replacingX(_ newX: Matrix) -> Dataset {
        Dataset(unchecked: newX, Y, classNames: classNames, name: name)
    }

    private func classIndex(_ label: Double) -> Int? {
        guard label >= 0, label < Double(Int32.max), label == label.rounded() else { return nil }
        return Int(label)
    }
}

/// The columns of `m` at trusted indices, in the order given (a free function so it cannot
/// clash with Matrix's own API).
private func gatherColumns(_ m: Matrix, _ columns: [Int]) throws -> Matrix {
    var out = try Matrix(rows: m.rows, cols: columns.count)
    for r in 0..<m.rows {
        let base = r * m.cols, outBase = r * columns.count
        for (j, c) in columns.enumerated() { out.values[outBase + j] = m.values[base + c] }
    }
    return out
}

/// Errors from building, reading and transforming datasets; the description is the message.
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// X and Y (or two datasets) whose shapes do not fit.
    case shapeMismatch(String)
    /// An index outside the dataset.
    case outOfRange(String)
    /// A malformed CSV text (the message names the line).
    case csv(String)
    /// A MAT-file that cannot be read (the message names the file and variable).
    case matFile(String)
    /// An argument outside its allowed range.
    case invalidArgument(String)
    /// A file that cannot be opened or written.
    case io(String)

    public var description: String {
        switch self {
        case let .shapeMismatch(m), let .outOfRange(m), let .csv(m), let .matFile(m),
             let .invalidArgument(m), let .io(m):
            return m
        }
    }
}
