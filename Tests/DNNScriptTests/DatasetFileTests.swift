import Foundation
import Testing
import DNNScript

@Suite struct DatasetFileTests {
    @Test func csvFilesBecomeDatasets() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("points-\(UUID().uuidString).csv").path
        try "x1,x2,label\n0.5,1,a\n-1,2,b\n3,4,a\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = runScript("dataset d = csv(\"\(path)\")\nprint d.m, d.n, d.counts\nprint d.X\nprint d.Y")
        #expect(out.code == .ok, "\(out.stderr)")
        #expect(out.stdout == "3 2 [2, 1]\n[[ 0.5 -1.   3. ]\n [ 1.   2.   4. ]]\n[[0. 1. 0.]]\n")
    }

    @Test func badCsvSaysWhichFileAndLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).csv").path
        try "x1,x2,y\n1,2,0\n1,oops,1\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = runScript("dataset d = csv(\"\(path)\")")
        #expect(out.code == .software)
        #expect(out.stderr.contains(path))
        #expect(out.stderr.contains("line 3"))
    }

    @Test func courseMatWhenAvailable() throws {
        guard let path = ReplayTests.courseData else { return }   // data.mat is not shipped; see ReplayTests
        let out = runScript("let data = course_mat(\"\(path)\")\nprint data.train\nprint data.test\nprint keys(mat(\"\(path)\"))")
        #expect(out.code == .ok, "\(out.stderr)")
        // docs/course-reference.md §3: 211 training examples (105/106), 200 test examples (113/87).
        #expect(out.stdout == """
            dataset train: 211 examples, 2 features, classes 105/106
            dataset test: 200 examples, 2 features, classes 113/87
            ["X", "Xval", "y", "yval"]

            """)
    }
}
