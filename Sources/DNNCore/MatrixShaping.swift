/// Constructors, reshaping, slicing and stacking.
extension Matrix {
    /// The largest number of entries one matrix may hold (2^28 ≈ 268 million doubles, 2 GiB):
    /// bigger requests are refused with an error instead of an allocation that fails.
    public static let maximumEntries = 1 << 28

    /// Checks a requested size before anything is allocated. Each side is bounded too, so a
    /// matrix with a zero side cannot carry a length no reduction, product or stack of it
    /// could allocate (a 0×2^63 matrix sums to a 1×2^63 row).
    /// - Throws: ``MatrixError/tooLarge(rows:cols:)`` for negative or absurd sizes.
    public static func checkSize(rows: Int, cols: Int) throws {
        let (entries, overflow) = rows.multipliedReportingOverflow(by: cols)
        guard rows >= 0, cols >= 0, rows <= maximumEntries, cols <= maximumEntries,
              !overflow, entries <= maximumEntries else {
            throw MatrixError.tooLarge(rows: rows, cols: cols)
        }
    }

    /// A matrix of zeros, like `np.zeros((rows, cols))`.
    public static func zeros(_ rows: Int, _ cols: Int) throws -> Matrix {
        try Matrix(rows: rows, cols: cols)
    }

    /// A matrix of ones.
    public static func ones(_ rows: Int, _ cols: Int) throws -> Matrix {
        try Matrix(rows: rows, cols: cols, repeating: 1)
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
        let (entries, overflow) = newRows.multipliedReportingOverflow(by: newCols)
        guard newRows >= 0, newCols >= 0, !overflow, entries == count else {
            throw MatrixError.badReshape(from: shape, to: Shape(newRows, newCols))
        }
        return try Matrix(rows: newRows, cols: newCols, values: values)
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
        var out = try Matrix(rows: rows, cols: indices.count)
        for r in 0..<rows {
            for (j, c) in indices.enumerated() { out.values[r * indices.count + j] = values[r * cols + c] }
        }
        return out
    }

    /// Matrices side by side, like `np.hstack`.
    /// - Throws: ``MatrixError/shapeMismatch(operation:lhs:rhs:)`` when row counts differ.
    public static func hstack(_ parts: [Matrix]) throws -> Matrix {
        guard let first = parts.first else { return try Matrix(rows: 0, cols: 0) }
        for p in parts where p.rows != first.rows {
            throw MatrixError.shapeMismatch(operation: "stack side by side", lhs: first.shape, rhs: p.shape)
        }
        // Sides are at most 2^28, so the sum of fewer than 2^35 of them cannot overflow.
        var out = try Matrix(rows: first.rows, cols: parts.reduce(0) { $0 + $1.cols })
        var k = 0
        for r in 0..<first.rows {
            for p in parts {
                out.values.replaceSubrange(k..<(k + p.cols), with: p.values[(r * p.cols)..<((r + 1) * p.cols)])
                k += p.cols
            }
        }
        return out
    }

    /// Matrices one above the other, like `np.vstack`.
    /// - Throws: ``MatrixError/shapeMismatch(operation:lhs:rhs:)`` when column counts differ.
    public static func vstack(_ parts: [Matrix]) throws -> Matrix {
        guard let first = parts.first else { return try Matrix(rows: 0, cols: 0) }
        for p in parts where p.cols != first.cols {
            throw MatrixError.shapeMismatch(operation: "stack vertically", lhs: first.shape, rhs: p.shape)
        }
        var out = try Matrix(rows: parts.reduce(0) { $0 + $1.rows }, cols: first.cols)
        var k = 0
        for p in parts {
            out.values.replaceSubrange(k..<(k + p.count), with: p.values)
            k += p.count
        }
        return out
    }
}
