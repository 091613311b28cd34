import Testing
@testable import DNNScript

@Suite struct DiagnosticRendererTests {
    @Test func designDocumentExample() {
        let source = String(repeating: "\n", count: 11) + "  let m = model(net, init: hee)\n"
        let at = SourceLocation(file: "lab.dnn", line: 12, column: 28, offset: 0, length: 3)
        let diagnostic = Diagnostic("unknown initializer 'hee'", at: at,
                                    notes: ["did you mean 'he'? (initializers: zeros, random, he, xavier, glorot)"])
        #expect(DiagnosticRenderer(source: source).render(diagnostic) == """
            lab.dnn:12:28: error: unknown initializer 'hee'
                let m = model(net, init: hee)
                                         ^~~
              note: did you mean 'he'? (initializers: zeros, random, he, xavier, glorot)

            """)
    }

    @Test func caretAtTheOperatorInsideTheSpan() {
        let at = SourceLocation(file: "f.dnn", line: 1, column: 9, offset: 8, length: 5)
        let op = SourceLocation(file: "f.dnn", line: 1, column: 11, offset: 10, length: 1)
        let d = Diagnostic("cannot multiply 20×2 by 3×211", at: at, point: op)
        #expect(DiagnosticRenderer(source: "let z = W @ X").render(d) == """
            f.dnn:1:9: error: cannot multiply 20×2 by 3×211
              let z = W @ X
                      ~~^~~

            """)
    }

    @Test func tabsKeepTheCaretAligned() {
        let at = SourceLocation(file: "f.dnn", line: 1, column: 3, offset: 2, length: 1)
        #expect(DiagnosticRenderer(source: "\t\tx").render(Diagnostic("bad", at: at)) == "f.dnn:1:3: error: bad\n    x\n    ^\n")
    }

    @Test func longLinesAreWindowedAroundTheCaret() {
        let line = String(repeating: "a", count: 150) + "BAD" + String(repeating: "b", count: 150)
        let at = SourceLocation(file: "f.dnn", line: 1, column: 151, offset: 150, length: 3)
        let text = DiagnosticRenderer(source: line).render(Diagnostic("here", at: at))
        let lines = text.split(separator: "\n")
        #expect(lines[1] == "  …" + String(repeating: "a", count: 40) + "BAD" + String(repeating: "b", count: 37) + "…")
        #expect(lines[2] == "   " + String(repeating: " ", count: 40) + "^~~")
    }

    @Test func warningsAndCallChains() {
        var d = Diagnostic("boom", at: SourceLocation(file: "f.dnn", line: 1, column: 1, offset: 0, length: 1))
        d.trace = [("inner", SourceLocation(file: "f.dnn", line: 2, column: 5, offset: 0, length: 1))]
        #expect(DiagnosticRenderer(source: "x\n").render(d) == "f.dnn:1:1: error: boom\n  x\n  ^\n  note: in 'inner', called at f.dnn:2:5\n")
        let w = Diagnostic("careful", at: SourceLocation(file: "f.dnn", line: 1, column: 1, offset: 0, length: 1), severity: .warning)
        #expect(DiagnosticRenderer(source: "x").render(w).hasPrefix("f.dnn:1:1: warning: careful\n"))
    }

    @Test func diagnosticsWithoutASourceLineHaveOnlyTheHeader() {
        let d = Diagnostic("cannot load", at: SourceLocation(file: "m.json", line: 0, column: 0, offset: 0, length: 0))
        #expect(DiagnosticRenderer(source: "").render(d) == "m.json:0:0: error: cannot load\n")
    }

    @Test(arguments: [("he", "hee", true), ("relu", "rleu", true), ("true", "ture", true), ("sigmoid", "zzz", false)])
    func didYouMean(candidate: String, typo: String, suggested: Bool) {
        #expect((Suggestions.closest(to: typo, in: [candidate, "xavier"]) == candidate) == suggested)
    }

    /// A name typo suggests a name in scope within about one edit in three, never a statement
    /// keyword; a one-letter name only another case of itself (issue #15's reports).
    @Test(arguments: [
        ("print nett\n", nil),                                 // not 'let'
        ("let net = 1\nprint nett\n", "net"),
        ("print run\n", nil),                                  // not 'len'
        ("let lr = 1\nprint run\n", nil),
        ("print m\n", nil),                                    // not 'e'
        ("let M = 1\nprint m\n", "M"),
        ("let cost = 1\nprint cots\n", "cost"),
        ("let iterations = 1\nprint itrations\n", "iterations"),
        ("let x = ture\n", "true"),                            // a value word stands where a name does
    ] as [(String, String?)])
    func nameSuggestionsAreOfTheSameKind(source: String, suggestion: String?) {
        let result = runScript(source)
        let note = result.stderr.split(separator: "\n").first { $0.contains("did you mean") }
        #expect(note.map(String.init) == suggestion.map { "  note: did you mean '\($0)'?" }, "\(result.stderr)")
        #expect(result.code == .dataError)
    }

    @Test func suggestionLimitGrowsWithTheLength() {
        #expect((1...9).map(Suggestions.limit(forLength:)) == [0, 1, 1, 1, 2, 2, 2, 2, 2])
    }

    /// A failed `expect` shows its whole line however long; other errors a window of it.
    @Test func failedExpectationLinesAreShownWhole() {
        let items = (1...40).map(String.init).joined(separator: ", ")
        let line = "expect [\(items)] == [\(items), 41]"
        let result = runScript(line + "\nprint [\(items)] @ 2\n")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("  " + line), "\(result.stderr)")
        #expect(lines.contains { $0.hasPrefix("  …31, 32") }, "\(result.stderr)")
    }

    /// The distance keeps its answer with the row cut-off: a swap, a deletion, far apart.
    @Test(arguments: [("relu", "rleu", 1), ("sigmoid", "sigmod", 1), ("", "abc", 3), ("kitten", "sitting", 3)])
    func editDistance(a: String, b: String, expected: Int) {
        #expect(Suggestions.distance(a, b) == expected)
    }

    /// A typo longer than the cap gets no suggestion, even one letter from a name: the work
    /// of a search stays bounded whatever the script's names (an 80 KB name took gigabytes).
    @Test func longTyposAreNotSearched() {
        let name = String(repeating: "a", count: Suggestions.maxTypoLength + 1)
        #expect(Suggestions.closest(to: name + "b", in: [name + "c"]) == nil)
        let short = String(repeating: "a", count: Suggestions.maxTypoLength - 1)
        #expect(Suggestions.closest(to: short + "b", in: [short + "c"]) == short + "c")
    }
}
