/// Elementwise arithmetic with numpy broadcasting for 2-D arrays.
///
/// Two shapes broadcast when, along each axis, the lengths are equal or one of them is 1
/// (a row vector, a column vector or a 1×1 scalar stretches to the other's shape).
extension Matrix {
    /// The shape two operands broadcast to.
    /// - Throws: ``MatrixError/shapeMismatch(operation:lhs:rhs:)`` naming `operation`.
    public static func broadcastShape(_ a: Shape, _ b: Shape, operation: String) throws -> Shape {
        func axis(_ x: Int, _ y: Int) -> Int? {
            if x == y { return x }
            if x == 1 { return y }
            if y == 1 { return x }
            return nil
        }
        guard let r = axis(a.rows, b.rows), let c = axis(a.cols, b.cols) else {
            throw MatrixError.shapeMismatch(operation: operation, lhs: a, rhs: b)
        }
        return Shape(r, c)
    }

    /// Combines two matrices entry by entry after broadcasting them to a common shape.
    /// - Parameters:
    ///   - other: the right operand.
    ///   - operation: the verb used in an error message ("add", "compare", …).
    ///   - combine: the function applied to each pair of entries.
    /// - Throws: ``MatrixError/shapeMismatch(operation:lhs:rhs:)`` when the shapes do not broadcast.
    public func zipWith(_ other: Matrix, operation: String,
                        _ combine: (Double, Double) -> Double) throws -> Matrix {
        if rows == other.rows && cols == other.cols {
            var out = try Matrix(rows: rows, cols: cols)
            out.values.withUnsafeMutableBufferPointer { o in
                values.withUnsafeBufferPointer { a in
                    other.values.withUnsafeBufferPointer { b in
                        for i in 0..<a.count { o[i] = combine(a[i], b[i]) }
                    }
                }
            }
            return out
        }
        let s = try Matrix.broadcastShape(shape, other.shape, operation: operation)
        let (ar, ac) = (rows == 1 ? 0 : cols, cols == 1 ? 0 : 1)
        let (br, bc) = (other.rows == 1 ? 0 : other.cols, other.cols == 1 ? 0 : 1)
        var out = try Matrix(rows: s.rows, cols: s.cols)
        out.values.withUnsafeMutableBufferPointer { o in
            values.withUnsafeBufferPointer { a in
                other.values.withUnsafeBufferPointer { b in
                    var k = 0
                    for r in 0..<s.rows {
                        for c in 0..<s.cols {
                            o[k] = combine(a[r * ar + c * ac], b[r * br + c * bc])
                            k += 1
                        }
                    }
                }
            }
        }
        return out
    }

    /// Applies `transform` to every entry.
    public func map(_ transform: (Double) -> Double) -> Matrix {
        Matrix(unchecked: rows, cols, values.map(transform))
    }

    public static func + (a: Matrix, b: Matrix) throws -> Matrix { try a.zipWith(b, operation: "add", +) }
    public static func - (a: Matrix, b: Matrix) throws -> Matrix { try a.zipWith(b, operation: "subtract", -) }
    public static func * (a: Matrix, b: Matrix) throws -> Matrix { try a.zipWith(b, operation: "multiply elementwise", *) }
    public static func / (a: Matrix, b: Matrix) throws -> Matrix { try a.zipWith(b, operation: "divide", /) }

    public static func + (a: Matrix, s: Double) -> Matrix { a.map { $0 + s } }
    public static func + (s: Double, a: Matrix) -> Matrix { a.map { s + $0 } }
    public static func - (a: Matrix, s: Double) -> Matrix { a.map { $0 - s } }
    public static func - (s: Double, a: Matrix) -> Matrix { a.map { s - $0 } }
    public static func * (a: Matrix, s: Double) -> Matrix { a.map { $0 * s } }
    public static func * (s: Double, a: Matrix) -> Matrix { a.map { s * $0 } }
    public static func / (a: Matrix, s: Double) -> Matrix { a.map { $0 / s } }
    public static func / (s: Double, a: Matrix) -> Matrix { a.map { s / $0 } }
    public static prefix func - (a: Matrix) -> Matrix { a.map { -$0 } }

    /// Entries raised to a power, like `a ** e`.
    public func power(_ exponent: Double) -> Matrix {
        if exponent == 2 { return map { $0 * $0 } }
        return map { Foundation_pow($0, exponent) }
    }

    /// Entries raised to the broadcast entries of `exponents`.
    public func power(_ exponents: Matrix) throws -> Matrix {
        try zipWith(exponents, operation: "raise", Foundation_pow)
    }

    /// Elementwise maximum, like `np.maximum`.
    public func maximum(_ other: Matrix) throws -> Matrix {
        try zipWith(other, operation: "take the maximum of") { numpyMaximum($0, $1) }
    }

    /// Elementwise minimum, like `np.minimum`.
    public func minimum(_ other: Matrix) throws -> Matrix {
        try zipWith(other, operation: "take the minimum of") { numpyMinimum($0, $1) }
    }

    /// A comparison between matrices.
    public enum Comparison: String, Sendable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="

        /// Applies the comparison to two numbers.
        public func holds(_ a: Double, _ b: Double) -> Bool {
            switch self {
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            case .equal: return a == b
            case .notEqual: return a != b
            }
        }
    }

    /// Compares entry by entry after broadcasting: 1 where `comparison` holds, else 0.
    public func compare(_ comparison: Comparison, _ other: Matrix) throws -> Matrix {
        try zipWith(other, operation: "compare") { comparison.holds($0, $1) ? 1 : 0 }
    }
}

/// numpy's maximum propagates NaN from either side.
@inline(__always) func numpyMaximum(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN { return .nan }
    return a >= b ? a : b
}

@inline(__always) func numpyMinimum(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN { return .nan }
    return a <= b ? a : b
}
