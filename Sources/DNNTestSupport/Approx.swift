import DNNCore
import Testing

/// Relative difference |a − b| / max(|a|, |b|), 0 when both are equal (including both inf).
public func relativeDifference(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    if a.isNaN || b.isNaN || a.isInfinite || b.isInfinite { return .infinity }
    return abs(a - b) / max(abs(a), abs(b))
}

/// Expects `actual` within `rtol` (relative) or `atol` (absolute) of `expected`; on failure
/// both numbers and their difference are printed at the caller's location.
public func expectClose(_ actual: Double, _ expected: Double, rtol: Double = 1e-9, atol: Double = 0,
                        _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let ok = actual == expected || abs(actual - expected) <= atol || relativeDifference(actual, expected) <= rtol
    #expect(ok, "\(what) expected \(expected), got \(actual) (relative difference \(relativeDifference(actual, expected)))",
            sourceLocation: sourceLocation)
}

/// Expects a matrix of the given shape whose entries are close to `expected` (row by row).
public func expectClose(_ actual: Matrix, _ expected: [[Double]], rtol: Double = 1e-9, atol: Double = 0,
                        _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let shape = Shape(expected.count, expected.first?.count ?? 0)
    guard actual.shape == shape else {
        Issue.record("\(what) expected shape \(shape), got \(actual.shape)", sourceLocation: sourceLocation)
        return
    }
    for (i, (a, e)) in zip(actual.values, expected.flatMap { $0 }).enumerated() {
        let ok = a == e || abs(a - e) <= atol || relativeDifference(a, e) <= rtol
        if !ok {
            Issue.record("\(what) entry [\(i / shape.cols), \(i % shape.cols)]: expected \(e), got \(a)\nactual: \(actual.values)",
                         sourceLocation: sourceLocation)
            return
        }
    }
}

/// The course's data.mat when it can be found: $DNNSCRIPT_COURSE_DATA, else
/// ../shared/course-data/data.mat beside the package.
public func courseDataPath(packageRoot: String) -> String? {
    if let env = ProcessInfoShim.environment("DNNSCRIPT_COURSE_DATA"), fileExists(env) { return env }
    let candidate = packageRoot + "/../shared/course-data/data.mat"
    return fileExists(candidate) ? candidate : nil
}

/// The package root, from a test file's `#filePath` (…/Tests/Target/File.swift).
public func packageRoot(filePath: String = #filePath) -> String {
    var parts = filePath.split(separator: "/", omittingEmptySubsequences: false)
    while let last = parts.last, last != "Tests" { parts.removeLast() }
    parts.removeLast()
    return parts.joined(separator: "/")
}
