import CBLAS

extension Matrix {
    /// Products of more multiply-adds than this (about a second) are computed a block of rows
    /// at a time, with a checkpoint between blocks.
    public static let checkpointWork = 1 << 30

    /// The matrix product `self · other` through OpenBLAS (`dgemm`), like numpy's `@`.
    /// - Parameter checkpoint: called between blocks of rows of a product of more than
    ///   ``checkpointWork`` multiply-adds (two 2^28-entry operands take minutes), so a host can
    ///   stop it by throwing.
    /// - Throws: ``MatrixError/shapeMismatch(operation:lhs:rhs:)`` ("cannot multiply 20×2 by
    ///   3×211") when the inner dimensions differ; ``OpenBLASUnavailable`` when OpenBLAS
    ///   cannot be opened; whatever `checkpoint` throws.
    public func matmul(_ other: Matrix, checkpoint: () throws -> Void = {}) throws -> Matrix {
        guard cols == other.rows else {
            throw MatrixError.shapeMismatch(operation: "multiply", lhs: shape, rhs: other.shape)
        }
        var out = try Matrix(rows: rows, cols: other.cols)
        // Each operand has at most 2^28 entries, so the count of multiply-adds fits in 2^56.
        let rowWork = Swift.max(1, cols * other.cols)
        guard rows * rowWork > Matrix.checkpointWork, rows > 1 else {
            try Matrix.gemm(self, transposeA: false, other, transposeB: false, into: &out, beta: 0)
            return out
        }
        let blockRows = Swift.max(1, Matrix.checkpointWork / rowWork)
        for start in stride(from: 0, to: rows, by: blockRows) {
            try checkpoint()
            let end = Swift.min(rows, start + blockRows)
            var block = try Matrix(rows: end - start, cols: other.cols)
            try Matrix.gemm(try slice(rows: start..<end, cols: 0..<cols), transposeA: false, other, transposeB: false,
                        into: &block, beta: 0)
            out.values.replaceSubrange((start * other.cols)..<(end * other.cols), with: block.values)
        }
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
    /// - Throws: ``OpenBLASUnavailable`` when OpenBLAS cannot be opened.
    static func gemm(_ a: Matrix, transposeA: Bool, _ b: Matrix, transposeB: Bool,
                     into out: inout Matrix, beta: Double) throws(OpenBLASUnavailable) {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let n = transposeB ? b.rows : b.cols
        precondition(out.rows == m && out.cols == n && (transposeB ? b.cols : b.rows) == k)
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in 0..<out.count { out.values[i] *= beta }
            return
        }
        try BLASGate.require()
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
