/// Constructors, reshaping, slicing and stacking.
extension Matrix {
    /// The largest number of entries one matrix may hold (2^28 ≈ 268 million doubles, 2 GiB):
    /// bigger requests are refused with an error instead of an allocation that fails.
    public static let maximumEntries = 1 << 28

    /// Checks a requested size before anything is allocated.
    /// - Throws: ``MatrixError/badSize(rows:cols:count:)`` for negative or absurd sizes.
    public static func checkSize(rows: Int, cols: Int) throws {
        guard rows >= 0, cols >= 0,
              rows == 0 || cols <= maximumEntries / rows else {
            throw MatrixError.tooLarge(rows: rows, cols: cols)
        }
    }

    /// A matrix of zeros, like `np.zeros((rows, cols))`.
    public static func zeros(_ rows: Int, _ cols: Int) throws -> Matrix {
        try checkSize(rows: rows, cols: cols)
        return Matrix(rows: rows, cols: cols)
    }

    /// A matrix of ones.
    public static func ones(_ rows: Int, _ cols: Int) throws -> Matrix {
        try checkSize(rows: rows, cols: cols)
        return Matrix(rows: rows, cols: cols, repeating: 1)
    }

    /// The n×n identity.
    public static func identity(_ n: Int) throws -> Matrix {
        var m = try zeros(n, n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// The same entries in another shape (row by row, like numpy's C-order reshape).
    /// - Throws: ``MatrixError/badReshape(from:to:)`` when the counts differ.
    public func reshaped(_ newRows: Int, _ newCols: Int) throws -> Matrix {
        guard newRows >= 0, newCols >= 0, newRows * newCols == count else {
            throw MatrixError.badReshape(from: shape, to: Shape(newRows, newCols))
        }
        return Matrix(unchecked: newRows, newCols, values)
    }

    /// The entries as one column, row by row (the course's `reshape(-1, 1)`).
    public var flattenedColumn: Matrix { Matrix(unchecked: count, 1, values) }

    /// A block of rows and columns, like `A[r0:r1, c0:c1]`.
    /// - Throws: ``MatrixError/outOfRange(what:shape:)`` for ranges outside the matrix.
    public func slice(rows rowRange: Range<Int>, cols colRange: Range<Int>) throws -> Matrix {
        guard rowRange.lowerBound >= 0, rowRange.upperBound <= rows else {
            throw MatrixError.outOfRange(what: "rows \(rowRange.lowerBound):\(rowRange.upperBound)", shape: shape)
        }
        guard colRange.lowerBound >= 0, colRange.upperBound <= cols else {
            throw MatrixError.outOfRange(what: "columns \(colRange.lowerBound):\(colRange.upperBound)", shape: shape)
        }
        var out = [Double]()
        out.reserveCapacity(rowRange.count * colRange.count)
        for r in rowRange {
            out.append(contentsOf: values[(r * cols + colRange.lowerBound)..<(r * cols + colRange.upperBound)])
        }
        return Matrix(unchecked: rowRange.count, colRange.count, out)
    }

    /// The chosen columns, in the order given (examples picked out of a dataset).
    /// - Throws: ``MatrixError/outOfRange(what:shape:)`` for an index outside the matrix.
    public func columns(_ indices: [Int]) throws -> Matrix {
        if let bad = indices.first(where: { $0 < 0 || $0 >= cols }) {
            throw MatrixError.outOfRange(what: "column \(bad)", shape: shape)
        }
        var out = [Double](repeating: 0, count: rows * indices.count)
        for r in 0..<rows {
            for (j, c) in indices.enumerated() { out[r * indices.count + j] = values[r * cols + c] }
        }
        return Matrix(unchecked: rows, indices.count, out)
    }

    /// Matrices side by side, like `np.hstack`.
    /// - Throws: ``MatrixError/shapeMismatch(operation:lhs:rhs:)`` when row counts differ.
    public static func hstack(_ parts: [Matrix]) throws -> Matrix {
        guard let first = parts.first else { return Matrix(rows: 0, cols: 0) }
        for p in parts where p.rows != first.rows {
            throw MatrixError.shapeMismatch(operation: "stack side by side", lhs: first.shape, rhs: p.shape)
        }
        let total = parts.reduce(0) { $0 + $1.cols }
        var out = [Double]()
        out.reserveCapacity(first.rows * total)
        for r in 0..<first.rows {
            for p in parts { out.append(contentsOf: p.values[(r * p.cols)..<((r + 1) * p.cols)]) }
        }
        return Matrix(unchecked: first.rows, total, out)
    }

    /// Matrices one above the other, like `np.vstack`.
    /// - Throws: ``MatrixError/shapeMismatch(operation:lhs:rhs:)`` when column counts differ.
    public static func vstack(_ parts: [Matrix]) throws -> Matrix {
        guard let first = parts.first else { return Matrix(rows: 0, cols: 0) }
        for p in parts where p.cols != first.cols {
            throw MatrixError.shapeMismatch(operation: "stack vertically", lhs: first.shape, rhs: p.shape)
        }
        return Matrix(unchecked: parts.reduce(0) { $0 + $1.rows }, first.cols, parts.flatMap(\.values))
    }
}
