/// Sums, means, extrema and norms, overall or along an axis (numpy's `axis=0` / `axis=1`
/// with `keepdims=True`: axis 0 gives a 1×cols row, axis 1 a rows×1 column).
extension Matrix {
    /// An axis of a matrix: 0 runs down the rows (one result per column), 1 along the columns.
    public enum Axis: Int, Sendable {
        case rows = 0, columns = 1
    }

    /// Sum of all entries, numpy's `np.sum(A)` bit for bit: the entries in storage order
    /// summed pairwise (``numpySum(_:_:)``).
    public func sum() -> Double {
        values.withUnsafeBufferPointer { $0.baseAddress.map { numpySum($0, count) } ?? 0 }
    }

    /// Mean of all entries (nan for an empty matrix, as numpy).
    public func mean() -> Double { count == 0 ? .nan : sum() / Double(count) }

    /// Sums along an axis, keeping two dimensions — numpy's `np.sum(A, axis=…)` bit for bit.
    ///
    /// numpy adds along a contiguous run pairwise and across runs one after another: each
    /// row (axis 1) is summed pairwise, while a column (axis 0) accumulates row after row in
    /// sequence — unless the matrix is a single column, whose entries are one contiguous run.
    public func sum(axis: Axis) throws -> Matrix {
        if axis == .rows {
            return cols == 1 ? Matrix(scalar: sum()) : try reduce(axis: .rows, initial: 0, +)
        }
        var out = try Matrix(rows: rows, cols: 1)
        guard cols > 0 else { return out }
        values.withUnsafeBufferPointer { x in
            for r in 0..<rows { out.values[r] = numpySum(x.baseAddress! + r * cols, cols) }
        }
        return out
    }

    /// Means along an axis, keeping two dimensions.
    public func mean(axis: Axis) throws -> Matrix {
        let n = Double(axis == .rows ? rows : cols)
        return try sum(axis: axis).map { $0 / n }
    }

    /// The population variance of all entries, numpy's `var` (ddof 0): the mean of
    /// (x − mean)², nan for an empty matrix.
    public func variance() -> Double {
        let mu = mean()
        return map { ($0 - mu) * ($0 - mu) }.mean()
    }

    /// Variances along an axis (ddof 0), keeping two dimensions like ``mean(axis:)``.
    public func variance(axis: Axis) throws -> Matrix {
        let deviations = try self - mean(axis: axis)
        return try (deviations * deviations).mean(axis: axis)
    }

    /// The population standard deviation of all entries, numpy's `std`: √``variance()``.
    public func standardDeviation() -> Double { variance().squareRoot() }

    /// Standard deviations along an axis (ddof 0), keeping two dimensions.
    public func standardDeviation(axis: Axis) throws -> Matrix {
        try variance(axis: axis).map { $0.squareRoot() }
    }

    /// Largest entry (nan if any entry is nan, as numpy).
    /// - Throws: ``MatrixError/empty(operation:)`` for an empty matrix.
    public func max() throws -> Double {
        guard let first = values.first else { throw MatrixError.empty(operation: "max") }
        return values.reduce(first, numpyMaximum)
    }

    /// Smallest entry.
    /// - Throws: ``MatrixError/empty(operation:)`` for an empty matrix.
    public func min() throws -> Double {
        guard let first = values.first else { throw MatrixError.empty(operation: "min") }
        return values.reduce(first, numpyMinimum)
    }

    /// Largest entries along an axis.
    /// - Throws: ``MatrixError/empty(operation:)`` when the axis has length 0.
    public func max(axis: Axis) throws -> Matrix {
        guard (axis == .rows ? rows : cols) > 0 else { throw MatrixError.empty(operation: "max") }
        return try reduce(axis: axis, initial: -.infinity, numpyMaximum)
    }

    /// Smallest entries along an axis.
    /// - Throws: ``MatrixError/empty(operation:)`` when the axis has length 0.
    public func min(axis: Axis) throws -> Matrix {
        guard (axis == .rows ? rows : cols) > 0 else { throw MatrixError.empty(operation: "min") }
        return try reduce(axis: axis, initial: .infinity, numpyMinimum)
    }

    /// Index of the largest entry along an axis (first one on ties), as doubles.
    /// - Throws: ``MatrixError/empty(operation:)`` when the axis has length 0.
    public func argmax(axis: Axis) throws -> Matrix {
        guard (axis == .rows ? rows : cols) > 0 else { throw MatrixError.empty(operation: "argmax") }
        if axis == .rows {
            var out = try Matrix(rows: 1, cols: cols)
            for c in 0..<cols {
                var best = 0
                for r in 1..<rows where self[r, c] > self[best, c] || self[r, c].isNaN && !self[best, c].isNaN { best = r }
                out.values[c] = Double(best)
            }
            return out
        }
        var out = try Matrix(rows: rows, cols: 1)
        for r in 0..<rows {
            var best = 0
            for c in 1..<cols where self[r, c] > self[r, best] || self[r, c].isNaN && !self[r, best].isNaN { best = c }
            out.values[r] = Double(best)
        }
        return out
    }

    /// The Frobenius norm √(Σ x²) — numpy's `np.linalg.norm` of a matrix, and the L2 norm of
    /// a vector.
    public func norm() -> Double {
        // Scaled like LAPACK's dnrm2 so huge or tiny entries neither overflow nor underflow.
        var scale = 0.0, ssq = 1.0
        for x in values where x != 0 {
            let a = Swift.abs(x)
            if a.isNaN { return .nan }
            if a.isInfinite { return .infinity }
            if scale < a {
                ssq = 1 + ssq * (scale / a) * (scale / a)
                scale = a
            } else {
                ssq += (a / scale) * (a / scale)
            }
        }
        return scale * ssq.squareRoot()
    }

    /// The entrywise L1 norm Σ|x|.
    public func l1Norm() -> Double { abs().sum() }

    private func reduce(axis: Axis, initial: Double, _ combine: (Double, Double) -> Double) throws -> Matrix {
        if axis == .rows {
            var out = try Matrix(rows: 1, cols: cols, repeating: initial)
            for r in 0..<rows {
                for c in 0..<cols { out.values[c] = combine(out.values[c], values[r * cols + c]) }
            }
            return out
        }
        var out = try Matrix(rows: rows, cols: 1, repeating: initial)
        for r in 0..<rows {
            var acc = initial
            for c in 0..<cols { acc = combine(acc, values[r * cols + c]) }
            out.values[r] = acc
        }
        return out
    }
}
