import CBLAS

extension Matrix {
    /// The matrix product `self · other` through OpenBLAS (`dgemm`), like numpy's `@`.
    /// - Throws: ``MatrixError/shapeMismatch(operation:lhs:rhs:)`` ("cannot multiply 20×2 by
    ///   3×211") when the inner dimensions differ.
    public func matmul(_ other: Matrix) throws -> Matrix {
        guard cols == other.rows else {
            throw MatrixError.shapeMismatch(operation: "multiply", lhs: shape, rhs: other.shape)
        }
        var out = try Matrix(rows: rows, cols: other.cols)
        Matrix.gemm(self, transposeA: false, other, transposeB: false, into: &out, beta: 0)
        return out
    }

    /// The transpose.
    public var transposed: Matrix {
        var out = [Double](repeating: 0, count: count)
        values.withUnsafeBufferPointer { a in
            for r in 0..<rows {
                for c in 0..<cols { out[c * rows + r] = a[r * cols + c] }
            }
        }
        return Matrix(unchecked: cols, rows, out)
    }

    /// `out = op(a) · op(b) + beta · out` through OpenBLAS.
    ///
    /// The caller guarantees the shapes fit; an empty product only scales `out` by `beta`.
    static func gemm(_ a: Matrix, transposeA: Bool, _ b: Matrix, transposeB: Bool,
                     into out: inout Matrix, beta: Double) {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let n = transposeB ? b.rows : b.cols
        precondition(out.rows == m && out.cols == n && (transposeB ? b.cols : b.rows) == k)
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in 0..<out.count { out.values[i] *= beta }
            return
        }
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                out.values.withUnsafeMutableBufferPointer { po in
                    BLASGate.dgemm(transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                                   m, n, k, 1.0, pa.baseAddress, Swift.max(a.cols, 1),
                                   pb.baseAddress, Swift.max(b.cols, 1), beta, po.baseAddress, Swift.max(n, 1))
                }
            }
        }
    }
}
