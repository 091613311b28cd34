import Foundation
import Testing
import DNNScript

/// The three assignments replayed through the language (scripts/assignment*.dnn), against docs/course-reference.md.
@Suite struct ReplayTests {
    /// The package root's scripts/ directory.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts")

    func run(_ name: String, _ arguments: [String]) throws -> (lines: [String], stderr: String, code: ExitCode) {
        let source = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        let host = CaptureHost()
        let code = ScriptSession(host: host, options: ScriptOptions(arguments: arguments, plotsEnabled: false))
            .run(source: source, file: Self.directory.appendingPathComponent(name).path)
        return (host.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), host.stderr, code)
    }

    /// Checks `Cost after iteration N: x` lines against reference costs with a relative tolerance.
    func expectCosts(_ lines: [String], _ expected: [Int: Double], rtol: Double = 1e-9,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        var found: [Int: Double] = [:]
        for line in lines where line.hasPrefix("Cost after iteration ") {
            let parts = line.dropFirst("Cost after iteration ".count).split(separator: ":")
            if let n = Int(parts[0]), let v = Double(parts[1].trimmingCharacters(in: .whitespaces)) { found[n] = v }
        }
        for (iteration, value) in expected.sorted(by: { $0.key < $1.key }) {
            guard let actual = found[iteration] else {
                Issue.record("no cost line for iteration \(iteration)", sourceLocation: sourceLocation)
                continue
            }
            #expect(abs(actual - value) <= rtol * abs(value), "iteration \(iteration): \(actual) vs \(value)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func assignment1He() throws {
        let out = try run("assignment1.dnn", ["he"])
        #expect(out.code == .ok, "\(out.stderr)")
        // docs/course-reference.md §2, the He row and its costs at 1000…5000.
        expectCosts(out.lines, [0: 0.8830537463419761, 1000: 0.6879825919728063, 2000: 0.6751286264523371,
                                3000: 0.6526117768893805, 4000: 0.6082958970572938, 5000: 0.5304944491717495,
                                14000: 0.07357895962677366])
        #expect(out.lines.contains("Accuracy: 0.9933333333333333"))
        #expect(out.lines.contains("Accuracy: 0.96"))
    }

    @Test func assignment1Zeros() throws {
        let out = try run("assignment1.dnn", ["zeros"])
        #expect(out.code == .ok, "\(out.stderr)")
        // docs/course-reference.md §2: 0.6931471805599453 at every print, accuracies 0.5.
        expectCosts(out.lines, [0: 0.6931471805599453, 14000: 0.6931471805599453], rtol: 1e-15)
        #expect(out.lines.filter { $0 == "Accuracy: 0.5" }.count == 2)
    }

    @Test func assignment3() throws {
        let out = try run("assignment3.dnn", [])
        #expect(out.code == .ok, "\(out.stderr)")
        // docs/course-reference.md §4.
        #expect(out.lines.contains("gradapprox = 2.0000000011677344"))
        #expect(out.lines.contains("difference = 2.919335883291695e-10"))
        #expect(out.lines.contains("gradcheck: difference 7.814075313343006e-11: correct"))
        let buggy = out.lines.first { $0.hasPrefix("gradcheck: difference 0.28") }?.split(separator: " ") ?? []
        #expect(buggy.count >= 3 && abs((Double(buggy[2].dropLast()) ?? 0) - 0.2850931567761623) < 1e-9)
        #expect(out.lines.contains("culprits: [\"db1\", \"dW2\"]"))
        #expect(out.lines.contains("N-D: the fixed backward pass passes (< 2e-7): correct"))
    }

    /// docs/course-reference.md §3 needs the course's data.mat, which the project does not ship.
    static let courseData: String? = {
        if let path = ProcessInfo.processInfo.environment["DNNSCRIPT_COURSE_DATA"] { return path }
        let sibling = directory.deletingLastPathComponent().appendingPathComponent("../shared/course-data/data.mat")
            .standardizedFileURL.path
        return FileManager.default.fileExists(atPath: sibling) ? sibling : nil
    }()

    @Test(.enabled(if: courseData != nil, "data.mat not found (set DNNSCRIPT_COURSE_DATA): assignment 2 replay skipped"))
    func assignment2WithoutRegularization() throws {
        let out = try run("assignment2.dnn", [Self.courseData ?? "", "none"])
        #expect(out.code == .ok, "\(out.stderr)")
        // docs/course-reference.md §3, the "none" row.
        expectCosts(out.lines, [0: 0.6557412523481002, 10000: 0.16329987525724204, 20000: 0.13851642423234922])
        #expect(out.lines.contains("Accuracy: 0.9478672985781991"))
        #expect(out.lines.contains("Accuracy: 0.915"))
    }

    @Test(.enabled(if: courseData != nil, "data.mat not found (set DNNSCRIPT_COURSE_DATA): assignment 2 replay skipped"))
    func assignment2Dropout() throws {
        let out = try run("assignment2.dnn", [Self.courseData ?? "", "dropout"])
        #expect(out.code == .ok, "\(out.stderr)")
        // docs/course-reference.md §3, the dropout row (same masks every iteration, as the notebook).
        expectCosts(out.lines, [0: 0.6543912405149825, 10000: 0.0610169865749056, 20000: 0.060582435798513114])
        #expect(out.lines.contains("Accuracy: 0.9289099526066351"))
        #expect(out.lines.contains("Accuracy: 0.95"))
    }
}
