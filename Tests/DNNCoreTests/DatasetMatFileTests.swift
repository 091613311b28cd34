import Foundation
import Testing
@testable import DNNCore

/// The course's data.mat, from DNNSCRIPT_COURSE_DATA or ../shared/course-data/data.mat.
private func courseDataPath() -> String? {
    if let env = ProcessInfo.processInfo.environment["DNNSCRIPT_COURSE_DATA"], !env.isEmpty {
        return FileManager.default.fileExists(atPath: env) ? env : nil
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let path = root.deletingLastPathComponent().appendingPathComponent("shared/course-data/data.mat").path
    return FileManager.default.fileExists(atPath: path) ? path : nil
}

private func fixture(_ name: String) -> [UInt8] {
    let f = MatFixtures.files.first { $0.name == name }
    return f.flatMap { Data(base64Encoded: $0.base64) }.map { [UInt8]($0) } ?? []
}

private func matMessage(_ body: () throws -> Void) -> String? {
    do { try body() } catch let e as DatasetError { return e.description } catch { return "\(error)" }
    return nil
}

@Suite("MAT-file reader")
struct DatasetMatFileTests {
    /// Every numeric variable equals scipy.io.loadmat's value, bit for bit (v5 LE/BE, compressed or not).
    @Test(arguments: ["v5_plain", "v5_compressed", "be_plain", "be_compressed"])
    func matchesScipy(_ name: String) throws {
        let file = try #require(MatFixtures.files.first { $0.name == name })
        let vars = try MatFile.read(bytes: fixture(name), fileName: name)
        #expect(Set(vars.keys) == Set(file.expected.keys))
        for (key, m) in file.expected {
            let got = try #require(vars[key], "\(name): missing \(key)")
            #expect(got.shape == Shape(m.rows, m.cols), "\(name).\(key) shape")
            #expect(got.values.map(\.bitPattern) == m.bits, "\(name).\(key) values")
        }
    }

    @Test func spotValues() throws {
        // the numbers written by mat_fixtures.py: d = [[1.5, -2.25, 3], [4, 5.125, -6.5]], i8 = [[-128, 0, 127]]
        let vars = try MatFile.read(bytes: fixture("v5_compressed"))
        #expect(vars["d"] == (try Matrix([[1.5, -2.25, 3], [4, 5.125, -6.5]])))
        #expect(vars["i8"] == (try Matrix([[-128, 0, 127]])))
        #expect(vars["u8"] == Matrix(column: [0, 255, 7]))
        #expect(vars["empty"]?.shape == Shape(0, 0))
        let be = try MatFile.read(bytes: fixture("be_plain"))
        #expect(be["w"] == (try Matrix([[-3, 300], [7, -1]])))
        #expect(be["t"] == Matrix(scalar: 9))
    }

    @Test(arguments: [
        ("cell", "cell: variable 'c': cell arrays are not supported (only numeric matrices)"),
        ("struct", "struct: variable 'st': structs are not supported (only numeric matrices)"),
        ("char", "char: variable 'name': char arrays are not supported (only numeric matrices)"),
        ("sparse", "sparse: variable 'sp': sparse matrices are not supported (only numeric matrices)"),
        ("complex", "complex: variable 'z': complex matrices are not supported (real only)"),
        ("nd", "nd: variable 'cube': 2×2×2 arrays are not supported (2-D only)"),
        ("v4", "v4: not a MAT-file (no 'MATLAB 5.0 MAT-file' header; level-4 files are not supported)"),
    ])
    func unsupportedKindsAreNamed(_ name: String, _ message: String) {
        #expect(matMessage { _ = try MatFile.read(bytes: fixture(name), fileName: name) } == message)
    }

    @Test func skipUnsupportedKeepsTheRest() throws {
        #expect(matMessage { _ = try MatFile.read(bytes: fixture("mixed_compressed"), fileName: "m") }
            == "m: variable 'name': char arrays are not supported (only numeric matrices)")
        let vars = try MatFile.read(bytes: fixture("mixed_compressed"), skipUnsupported: true)
        #expect(vars == ["a": try Matrix([[1, 2]])])
    }

    @Test func hdf5AndGarbage() {
        var v73 = [UInt8]("MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Fri Nov 27 HDF5 schema 1.00 .".utf8)
        v73 += [UInt8](repeating: 0x20, count: 512 - v73.count) + [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]
        #expect(matMessage { _ = try MatFile.read(bytes: v73, fileName: "big.mat") }
            == "big.mat: v7.3 MAT-files are HDF5; save with -v7 or -v6")
        #expect(matMessage { _ = try MatFile.read(bytes: [UInt8]("x1,x2\n1,2\n".utf8), fileName: "a.csv") }
            == "a.csv: not a MAT-file (no 'MATLAB 5.0 MAT-file' header; level-4 files are not supported)")
        #expect(matMessage { _ = try MatFile.read(bytes: Array(fixture("v5_plain").prefix(100)), fileName: "h") }
            == "h: truncated MAT-file header (100 of 128 bytes)")
        #expect(matMessage { _ = try MatFile.read(bytes: [UInt8](repeating: 7, count: 300), fileName: "g") }
            == "g: not a MAT-file (no 'MATLAB 5.0 MAT-file' header; level-4 files are not supported)")
        #expect(throws: DatasetError.io("cannot read '/nonexistent/d.mat'")) { try MatFile.read(path: "/nonexistent/d.mat") }
    }

    /// Every truncation and many corruptions of the fixtures throw a DatasetError and never crash.
    @Test(arguments: ["v5_plain", "v5_compressed", "be_plain", "be_compressed", "cell", "sparse"])
    func truncatedAndCorruptedFilesThrow(_ name: String) {
        let bytes = fixture(name)
        for cut in stride(from: 0, to: bytes.count, by: 1) {
            do {
                _ = try MatFile.read(bytes: Array(bytes[0..<cut]), fileName: name)
                // a cut exactly at an element boundary leaves a valid shorter file
            } catch let e as DatasetError {
                guard case .matFile = e else { Issue.record("\(name) cut at \(cut): \(e)"); return }
            } catch { Issue.record("\(name) cut at \(cut): unexpected \(error)") }
        }
        var rng = NumPyRandom(seed: 11)
        for _ in 0..<300 {
            var corrupt = bytes
            for _ in 0..<3 {
                let at = 128 + rng.randint(0, max(1, corrupt.count - 128))
                if at < corrupt.count { corrupt[at] = UInt8(rng.randint(0, 256)) }
            }
            do { _ = try MatFile.read(bytes: corrupt, fileName: name) } catch is DatasetError {} catch {
                Issue.record("\(name): unexpected \(error)")
            }
        }
    }

    @Test func truncatedMessageNamesTheVariable() {
        let bytes = fixture("v5_plain")
        let message = matMessage { _ = try MatFile.read(bytes: Array(bytes[0..<(bytes.count - 3)]), fileName: "t.mat") }
        #expect(message?.hasPrefix("t.mat: variable #") == true)
        #expect(message?.contains("truncated file") == true)
        let z = fixture("v5_compressed")
        let zMessage = matMessage { _ = try MatFile.read(bytes: Array(z[0..<(z.count - 5)]), fileName: "z.mat") }
        #expect(zMessage?.contains("truncated") == true, "\(zMessage ?? "no error")")
    }

    /// docs/course-reference.md §3: X 211×2, y 211×1 (105/106), Xval 200×2, yval 200×1 (113/87); values vs scipy.io.loadmat.
    @Test(.enabled(if: courseDataPath() != nil,
                   "course data.mat not found (DNNSCRIPT_COURSE_DATA, else ../shared/course-data/data.mat): data.mat checks skipped"))
    func courseDataMat() throws {
        let path = try #require(courseDataPath())
        let vars = try MatFile.read(path: path)
        #expect(vars["X"]?.shape == Shape(211, 2))
        #expect(vars["Xval"]?.shape == Shape(200, 2))
        for (key, ref) in MatFixtures.course {
            let m = try #require(vars[key])
            #expect(m.shape == Shape(ref.rows, ref.cols))
            #expect(m.values.first == ref.first && m.values.last == ref.last, "\(key)")
            #expect(RandomFixtures.fnv1a(m.values.map(\.bitPattern)) == ref.hash, "\(key): all values")
        }
        let (train, test) = try Dataset.fromCourseMat(path: path)
        #expect(train.X.shape == Shape(2, 211) && train.Y.shape == Shape(1, 211))
        #expect(test.X.shape == Shape(2, 200) && test.Y.shape == Shape(1, 200))
        #expect(train.classCounts() == [105, 106])
        #expect(test.classCounts() == [113, 87])
        #expect(train.X[0, 0] == vars["X"]?[0, 0] && train.X[1, 210] == vars["X"]?[210, 1])
    }

    @Test func fromCourseMatNamesMissingVariables() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dnn-mat-\(UInt32.random(in: 0...UInt32.max)).mat").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(fixture("be_plain"))))
        #expect(matMessage { _ = try Dataset.fromCourseMat(path: path) }
            == "\(path): no variable 'X' or 'y' (found: d, t, w, x)")
    }
}
