import Testing
@testable import DNNCore
import DNNTestSupport
#if canImport(Glibc)
import Glibc
#endif

private func Foundation_powForTests(_ a: Double, _ b: Double) -> Double { pow(a, b) }

@Suite struct MatrixTests {
    let a = try! Matrix([[1, 2, 3], [4, 5, 6]])

    @Test func productMatchesNumpy() throws {
        // np.array([[1,2,3],[4,5,6]]) @ np.array([[1,0],[0,1],[2,-1]]) -> [[7,-1],[16,-1]]
        let b = try Matrix([[1, 0], [0, 1], [2, -1]])
        #expect(try a.matmul(b) == Matrix([[7, -1], [16, -1]]))
    }

    @Test func productShapeErrorNamesBothShapes() throws {
        let x = try Matrix(rows: 20, cols: 2), y = try Matrix(rows: 3, cols: 211)
        #expect(throws: MatrixError.shapeMismatch(operation: "multiply", lhs: Shape(20, 2), rhs: Shape(3, 211))) {
            try x.matmul(y)
        }
        do { _ = try x.matmul(y) } catch { #expect("\(error)" == "cannot multiply 20×2 by 3×211") }
    }

    @Test func emptyInnerDimensionGivesZeros() throws {
        let p = try Matrix(rows: 2, cols: 0, values: []).matmul(Matrix(rows: 0, cols: 3, values: []))
        #expect(try p == Matrix(rows: 2, cols: 3))
    }

    @Test func broadcastingColumnRowAndScalar() throws {
        let col = Matrix(column: [10, 20]), row = Matrix(row: [1, 2, 3])
        #expect(try a + col == Matrix([[11, 12, 13], [24, 25, 26]]))
        #expect(try a * row == Matrix([[1, 4, 9], [4, 10, 18]]))
        #expect(try col + row == Matrix([[11, 12, 13], [21, 22, 23]]))
        #expect(try a - Matrix(scalar: 1) == a - 1)
        #expect(2 / Matrix(row: [1, 4]) == Matrix(row: [2, 0.5]))
    }

    @Test func broadcastingErrorNamesShapes() {
        #expect(throws: MatrixError.shapeMismatch(operation: "add", lhs: Shape(2, 3), rhs: Shape(3, 1))) {
            try a + Matrix(column: [1, 2, 3])
        }
    }

    @Test func transposeAndReductions() throws {
        #expect(try a.transposed == Matrix([[1, 4], [2, 5], [3, 6]]))
        #expect(a.sum() == 21)
        #expect(try a.sum(axis: .rows) == Matrix(row: [5, 7, 9]))
        #expect(try a.sum(axis: .columns) == Matrix(column: [6, 15]))
        #expect(try a.mean(axis: .columns) == Matrix(column: [2, 5]))
        #expect(a.mean() == 3.5)
        #expect(try a.argmax(axis: .rows) == Matrix(row: [1, 1, 1]))
        #expect(try a.max() == 6)
        #expect(try a.min() == 1)
    }

    @Test func pairwiseSumMatchesNumpy() {
        // x = np.array([(i*0.1)**1.5 / 7 for i in range(1, 4098)]); np.sum(x) == 1942045.2858809908,
        // while a naive left-to-right sum gives 1942045.285880989 (numpy 2.4).
        let m = Matrix(row: (1...4097).map { Foundation_powForTests(Double($0) * 0.1, 1.5) / 7 })
        #expect(m.sum() == 1942045.2858809908)
    }

    @Test func norms() {
        // np.linalg.norm([[3, 4]]) == 5
        #expect(Matrix(row: [3, 4]).norm() == 5)
        #expect(Matrix(row: [3, -4]).l1Norm() == 7)
        #expect(Matrix(row: [1e300, 1e300]).norm() == 1e300 * 2.0.squareRoot())
    }

    @Test func elementwiseFunctionsFollowNumpy() throws {
        let m = Matrix(row: [-1, 0, 2])
        #expect(m.relu() == Matrix(row: [0, 0, 2]))
        #expect(m.sign() == Matrix(row: [-1, 0, 1]))
        #expect(m.abs() == Matrix(row: [1, 0, 2]))
        #expect(Matrix(row: [0]).log().values[0] == -.infinity)
        #expect(Matrix(row: [0]).sigmoid().values[0] == 0.5)
        #expect(try m.compare(.greater, Matrix(scalar: 0)) == Matrix(row: [0, 0, 1]))
        #expect(try m.maximum(Matrix(row: [.nan, 1, 1])).values[0].isNaN)
        #expect(m.power(2) == Matrix(row: [1, 0, 4]))
    }

    @Test func slicingStackingReshape() throws {
        #expect(try a.slice(rows: 0..<2, cols: 1..<3) == Matrix([[2, 3], [5, 6]]))
        #expect(throws: MatrixError.self) { try a.slice(rows: 0..<3, cols: 0..<1) }
        #expect(try a.columns([2, 0]) == Matrix([[3, 1], [6, 4]]))
        #expect(try Matrix.hstack([a, Matrix(column: [0, 0])]).shape == Shape(2, 4))
        #expect(try Matrix.vstack([a, Matrix(row: [7, 8, 9])]).values.last == 9)
        #expect(try a.reshaped(3, 2) == Matrix([[1, 2], [3, 4], [5, 6]]))
        #expect(throws: MatrixError.badReshape(from: Shape(2, 3), to: Shape(4, 2))) { try a.reshaped(4, 2) }
    }

    @Test func absurdSizesAreRefused() {
        #expect(throws: MatrixError.tooLarge(rows: 1_000_000_000, cols: 1_000)) { try Matrix.zeros(1_000_000_000, 1_000) }
        #expect(throws: MatrixError.tooLarge(rows: -1, cols: 3)) { try Matrix.ones(-1, 3) }
        #expect(throws: MatrixError.raggedRows(row: 1, expected: 2, found: 1)) { try Matrix([[1, 2], [3]]) }
        // 2^32 × 2^32 wraps to 0 in 64-bit arithmetic; a zero side does not excuse a huge one.
        #expect(throws: MatrixError.tooLarge(rows: 1 << 32, cols: 1 << 32)) { try Matrix.zeros(1 << 32, 1 << 32) }
        #expect(throws: MatrixError.tooLarge(rows: 0, cols: Int.max)) { try Matrix.zeros(0, Int.max) }
    }

    /// A product over ``Matrix/checkpointWork`` multiply-adds runs in blocks of rows with a
    /// checkpoint before each; small integers keep every sum exact, whatever the order.
    @Test func longProductsCallTheirCheckpoint() throws {
        let k = 1024, n = 1024, m = Matrix.checkpointWork / (k * n) + 1
        var a = try Matrix.zeros(m, k), b = try Matrix.zeros(k, n)
        for i in 0..<a.count { a.values[i] = Double(i % 3) }
        for i in 0..<b.count { b.values[i] = Double((i * 7) % 5) }
        var calls = 0
        let p = try a.matmul(b) { calls += 1 }
        #expect(calls == 2)
        for r in [0, m - 1] {
            let row = try a.slice(rows: r..<(r + 1), cols: 0..<k)
            var expected = [Double](repeating: 0, count: n)
            for c in 0..<n { for j in 0..<k { expected[c] += row.values[j] * b[j, c] } }
            #expect(Array(p.values[(r * n)..<((r + 1) * n)]) == expected)
        }
        struct Stop: Error {}
        #expect(throws: Stop.self) { try a.matmul(b) { throw Stop() } }
    }

    /// Results are checked, not only requests: small operands, a result beyond the limit.
    @Test func resultsAreCheckedAgainstTheLimit() throws {
        let column = try Matrix.zeros(100_000, 1), row = try Matrix.zeros(1, 100_000)
        #expect(throws: MatrixError.tooLarge(rows: 100_000, cols: 100_000)) { try column + row }
        #expect(throws: MatrixError.tooLarge(rows: 100_000, cols: 100_000)) { try column.matmul(row) }
        #expect(throws: MatrixError.tooLarge(rows: 100_000, cols: 3_000)) { try Matrix.hstack(Array(repeating: column, count: 3_000)) }
        #expect(throws: MatrixError.tooLarge(rows: 100_000, cols: 3_000)) { try column.columns(Array(repeating: 0, count: 3_000)) }
        let empty = try Matrix.zeros(0, 3)
        #expect(try empty.sum(axis: .rows) == Matrix.zeros(1, 3))
        #expect(try empty.transposed.matmul(empty) == Matrix.zeros(3, 3))
    }
}

@Suite struct OpenBLASCoreTests {
    @Test func kernelFollowsTheProcessorsVectors() {
        #expect(OpenBLASCore.preferred(for: .avx512) == "SkylakeX")
        #expect(OpenBLASCore.preferred(for: .avx2) == "Haswell")
        #expect(OpenBLASCore.preferred(for: .generic) == nil)
    }

    /// OpenBLAS opens on the first product, with the kernel the environment names (the
    /// executables set it at start-up; the test process may not).
    @Test func openedOnFirstProductWithTheChosenKernel() throws {
        let product = try Matrix([[1, 2], [3, 4]]).matmul(Matrix([[5], [6]]))
        #expect(try product == Matrix([[17], [39]]))
        let wanted = getenv("OPENBLAS_CORETYPE").map { String(cString: $0) } ?? ""
        if !wanted.isEmpty { #expect(try OpenBLASCore.current.lowercased() == wanted.lowercased()) }
        print("OpenBLAS kernel: \(try OpenBLASCore.current)")
    }

    /// A library that cannot be opened is a thrown error naming the reason, not an exit.
    @Test func missingLibraryIsAThrownError() {
        let name = "libdnnscript-no-such-blas.so"
        #expect {
            _ = try BLASGate.load([name])
        } throws: { error in
            guard let missing = error as? OpenBLASUnavailable else { return false }
            return missing.reason.contains(name)
                && missing.description.hasPrefix("cannot load OpenBLAS, which matrix products need")
        }
    }
}
