import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import DNNPlot

/// Paths next to the tests: Tests/DNNPlotData (fixtures, snapshots) and docs/images.
enum TestPaths {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let data = testsDirectory.appendingPathComponent("DNNPlotData")
    static let fixtures = data.appendingPathComponent("Fixtures")
    static let snapshots = data.appendingPathComponent("Snapshots")
    static let docsImages = testsDirectory.deletingLastPathComponent().appendingPathComponent("docs/images")
}

/// Whether `text` parses as XML; the parser's error otherwise.
func xmlError(_ text: String) -> String? {
    let parser = XMLParser(data: Data(text.utf8))
    if parser.parse() { return nil }
    return parser.parserError.map { "\($0)" } ?? "parse failed"
}

/// `line` without ANSI escape sequences.
func stripANSI(_ line: String) -> String {
    var out = ""
    var inEscape = false
    for ch in line {
        if inEscape {
            if ch.isLetter { inEscape = false }
        } else if ch == "\u{1B}" {
            inEscape = true
        } else {
            out.append(ch)
        }
    }
    return out
}

/// How often `needle` occurs in `text`.
func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// Compares `actual` with the stored snapshot `name`; with DNNPLOT_RECORD=1 (or when the
/// snapshot is missing, which also fails) it writes the snapshot instead.
func assertSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = TestPaths.snapshots.appendingPathComponent(name)
    let record = ProcessInfo.processInfo.environment["DNNPLOT_RECORD"] == "1"
    if record || !FileManager.default.fileExists(atPath: url.path) {
        try FileManager.default.createDirectory(at: TestPaths.snapshots, withIntermediateDirectories: true)
        try actual.write(to: url, atomically: true, encoding: .utf8)
        if !record {
            Issue.record("snapshot \(name) was missing and has been recorded; check it and run again", sourceLocation: sourceLocation)
        }
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    if expected != actual {
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        let first = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
        let show = { (lines: [String]) in first < lines.count ? lines[first] : "<end>" }
        Issue.record("""
            snapshot \(name) differs at line \(first + 1) (re-record with DNNPLOT_RECORD=1):
              expected: \(show(e))
              actual:   \(show(a))
            """, sourceLocation: sourceLocation)
    }
}
