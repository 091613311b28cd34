/// A dense float64 matrix stored row by row (numpy's C order).
///
/// Examples are columns, as in the course: a dataset's `X` is `n_x × m`, a layer's weights
/// `W[l]` are `n[l] × n[l−1]`. Every operation checks shapes and throws a
/// ``MatrixError`` naming both shapes; nothing traps on a shape mismatch.
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public private(set) var rows: Int
    /// Number of columns.
    public private(set) var cols: Int
    /// The entries, row by row (`values[r * cols + c]`).
    public var values: [Double]

    /// The shape as `(rows, cols)`.
    public var shape: Shape { Shape(rows, cols) }
    /// Number of entries.
    public var count: Int { values.count }

    /// A matrix with every entry equal to `value`: with the filling initialiser below, the one
    /// place a matrix's storage is allocated, so every result, whatever made it, passes
    /// ``checkSize(rows:cols:)`` first.
    /// - Throws: ``MatrixError/tooLarge(rows:cols:)`` for a negative or too large size.
    public init(rows: Int, cols: Int, repeating value: Double = 0) throws {
        try Matrix.checkSize(rows: rows, cols: cols)
        self.rows = rows
        self.cols = cols
        self.values = [Double](repeating: value, count: rows * cols)
    }

    /// A matrix whose entries `fill` writes in order, `chunk` entries at a time, into storage
    /// that is not zeroed first (a 2^28-entry `randn` would touch 2 GB twice), with
    /// `checkpoint` called between chunks so a host can stop a long fill by throwing.
    /// - Throws: ``MatrixError/tooLarge(rows:cols:)`` as ``init(rows:cols:repeating:)`` does;
    ///   whatever `checkpoint` throws.
    public init(rows: Int, cols: Int, chunk: Int, checkpoint: () throws -> Void,
                filling fill: (UnsafeMutableBufferPointer<Double>) -> Void) throws {
        try Matrix.checkSize(rows: rows, cols: cols)
        let count = rows * cols, step = Swift.max(1, chunk)
        self.rows = rows
        self.cols = cols
        self.values = try [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            for start in stride(from: 0, to: count, by: step) {
                if start > 0 { try checkpoint() }
                let end = Swift.min(count, start + step)
                fill(UnsafeMutableBufferPointer(rebasing: buffer[start..<end]))
                initialized = end
            }
        }
    }

    /// A matrix from its entries given row by row.
    /// - Throws: ``MatrixError/badSize`` when `values.count != rows * cols`.
    public init(rows: Int, cols: Int, values: [Double]) throws {
        try Matrix.checkSize(rows: rows, cols: cols)
        guard values.count == rows * cols else {
            throw MatrixError.badSize(rows: rows, cols: cols, count: values.count)
        }
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// Internal initialiser for entries that already exist in an array of `rows * cols`
    /// (a transpose, a map, a slice of a checked matrix): nothing new is allocated here.
    init(unchecked rows: Int, _ cols: Int, _ values: [Double]) {
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// A matrix from nested rows, like `np.array([[1, 2], [3, 4]])`.
    /// - Throws: ``MatrixError/raggedRows`` when the rows differ in length,
    ///   ``MatrixError/tooLarge(rows:cols:)`` beyond the size limit.
    public init(_ nested: [[Double]]) throws {
        let cols = nested.first?.count ?? 0
        for (i, row) in nested.enumerated() where row.count != cols {
            throw MatrixError.raggedRows(row: i, expected: cols, found: row.count)
        }
        try self.init(rows: nested.count, cols: cols)
        for (r, row) in nested.enumerated() {
            values.replaceSubrange((r * cols)..<((r + 1) * cols), with: row)
        }
    }

    /// A 1×1 matrix.
    public init(scalar: Double) {
        self.init(unchecked: 1, 1, [scalar])
    }

    /// A row vector (1×n) of numbers already in memory.
    public init(row: [Double]) {
        self.init(unchecked: 1, row.count, row)
    }

    /// A column vector (n×1) of numbers already in memory.
    public init(column: [Double]) {
        self.init(unchecked: column.count, 1, column)
    }

    /// Entry at row `r`, column `c` (zero-based, unchecked beyond Swift's array bounds).
    public subscript(r: Int, c: Int) -> Double {
        get { values[r * cols + c] }
        set { values[r * cols + c] = newValue }
    }

    /// Changes the shape in place without touching the entries (used by workspaces).
    mutating func reshapeInPlace(rows: Int, cols: Int) {
        precondition(rows * cols == values.count)
        self.rows = rows
        self.cols = cols
    }
}

/// A matrix shape, printed as `rows×cols`.
public struct Shape: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var rows: Int
    public var cols: Int
    public init(_ rows: Int, _ cols: Int) { self.rows = rows; self.cols = cols }
    public var description: String { "\(rows)×\(cols)" }
}

/// Errors from matrix operations. Each names the shapes involved.
public enum MatrixError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two operands whose shapes do not fit the operation.
    case shapeMismatch(operation: String, lhs: Shape, rhs: Shape)
    /// A value count that does not fill the requested shape.
    case badSize(rows: Int, cols: Int, count: Int)
    /// Nested rows of unequal length.
    case raggedRows(row: Int, expected: Int, found: Int)
    /// An index or range outside the matrix.
    case outOfRange(what: String, shape: Shape)
    /// A shape no reshape can reach.
    case badReshape(from: Shape, to: Shape)
    /// An operation that needs a non-empty matrix.
    case empty(operation: String)
    /// A size too large (or negative) to allocate.
    case tooLarge(rows: Int, cols: Int)

    public var description: String {
        switch self {
        case let .shapeMismatch(op, l, r):
            return op == "multiply"
                ? "cannot multiply \(l) by \(r)"
                : "cannot \(op) \(l) and \(r): shapes do not broadcast"
        case let .badSize(r, c, n): return "\(n) values cannot fill \(withArticle("\(r)×\(c) matrix"))"
        case let .raggedRows(row, e, f): return "row \(row) has \(f) values, expected \(e)"
        case let .outOfRange(what, s): return "\(what) is out of range for \(withArticle("\(s) matrix"))"
        case let .badReshape(from, to): return "cannot reshape \(from) into \(to)"
        case let .empty(op): return "\(op) of an empty matrix"
        case let .tooLarge(r, c):
            if r < 0 || c < 0 { return "a matrix cannot have a negative size (\(r)×\(c))" }
            let (entries, overflow) = r.multipliedReportingOverflow(by: c)
            return overflow || entries > Matrix.maximumEntries
                ? "\(withArticle("\(r)×\(c) matrix")) is too large (at most \(Matrix.maximumEntries) entries)"
                : "\(withArticle("\(r)×\(c) matrix")) is too large (at most \(Matrix.maximumEntries) rows or columns)"
        }
    }
}
