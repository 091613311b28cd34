import DNNScript
import Foundation
import Testing

/// What the REPL and the kernel share: the completeness rule and the split of a cell.
@Suite struct InputJudgementTests {
    @Test(arguments: [
        ("1 + 1", InputStatus.complete),
        ("for i in [1, 2] {", .incomplete(depth: 1)),
        ("f(1, [2,", .incomplete(depth: 2)),
        ("let x = (1 +", .incomplete(depth: 1)),
        ("fn f(a) {\n  if a > 1 {\n", .incomplete(depth: 2)),
        // An error before the end: no further line can mend it.
        ("let = (", .invalid),
        ("print )(", .invalid),
        ("let x = 1 +* (", .invalid),
        // Complete input that does not parse runs at once to show its error.
        ("let = 3", .invalid),
        ("# only a comment", .empty),
        ("", .empty),
    ])
    func judge(source: String, expected: InputStatus) {
        #expect(InputStatus.judge(source) == expected, "\(source)")
    }

    @Test func cellsSplitIntoCodeAndCommandsKeepingLineNumbers() {
        let parts = CellPart.split("let a = 1\n:vars\n\nprint a\n:time 1 + 1")
        #expect(parts == [
            .code("let a = 1", firstLine: 1),
            .command(.command(.vars, argument: "")),
            .code("\nprint a", firstLine: 3),
            .command(.command(.time, argument: "1 + 1")),
        ])
        #expect(CellPart.split(":nosuch") == [.command(.unknown(":nosuch", suggestion: nil))])
    }
}

/// `:` commands, inspection and quiet evaluation, as the REPL and the kernel use them.
@Suite struct SessionCommandsTests {
    func session() -> (InteractiveSession, CaptureHost) {
        let host = CaptureHost()
        return (InteractiveSession(host: host, options: ScriptOptions(seed: 1, plotsEnabled: false)), host)
    }

    @Test func commandsWriteThroughTheGivenWriterAndTimeRunsCode() {
        let (s, host) = session()
        s.evaluate("let w = zeros(2, 3)")
        var out = "", err = ""
        let write = { (text: String, stream: OutputStreamKind) in if stream == .stdout { out += text } else { err += text } }
        #expect(s.perform(.command(.vars, argument: ""), write: write).code == .ok)
        #expect(out == "w  matrix  2×3\n")
        out = ""
        let timed = s.perform(.command(.time, argument: "1 + 1"), write: write, paint: { "<\($0)>" })
        #expect(timed.code == .ok && !timed.quit)
        #expect(host.stdout == "2\n")
        #expect(out.hasPrefix("<time: ") && out.hasSuffix(" ms>\n"))
        #expect(s.perform(.command(.time, argument: "nope"), write: write).code == .dataError)
        #expect(s.perform(.unknown(":vra", suggestion: ":vars"), write: write).code == .usage)
        #expect(err.hasSuffix("unknown command ':vra'; did you mean ':vars'? (:help lists them)\n"))
        #expect(s.perform(.command(.quit, argument: ""), write: write).quit)
    }

    @Test func codeAfterACommandLineKeepsItsLineNumber() {
        let (s, host) = session()
        #expect(s.evaluate("\nprint nope", file: "cell[2]", firstLine: 3) == .dataError)
        #expect(host.stderr.hasPrefix("cell[2]:4:7: error: unknown name 'nope'"))
        // The saved script has the input as typed, without the padding.
        s.evaluate("print 1", firstLine: 5)
        #expect(s.successfulInputs == ["print 1"])
    }

    @Test func inspectNamesVariablesBuiltinsAndStatements() throws {
        let (s, _) = session()
        s.evaluate("let w = ones(4, 2)")
        #expect(s.inspect("print w + 1", cursor: 7) == "w: matrix\n4×2")
        let zeros = try #require(s.inspect("zeros(2, 3)", cursor: 2))
        #expect(zeros.hasPrefix("zeros(rows, cols?)"))  // `?`: may be left out
        #expect(zeros.contains("eye(n) — constructors"))  // its row of the reference's table
        let train = try #require(s.inspect("train m on d", cursor: 0))
        #expect(train.contains("train"))
        // A builtin's name rebound by the user is the user's variable: inspected and listed as such.
        s.evaluate("let mat = zeros(2, 3)")
        #expect(s.inspect("mat", cursor: 3) == "mat: matrix\n2×3")
        #expect(s.variables.map(\.name) == ["mat", "w"])
        #expect(s.inspect("   ", cursor: 1) == nil)
        #expect(s.inspect("qwerty", cursor: 2) == nil)
    }

    @Test func valueOfAnExpressionLeavesNoTrace() {
        let (s, host) = session()
        s.evaluate("let a = 20")
        #expect(s.value(of: "a * 2 + 2") == .success("42"))
        if case .failure(let failure) = s.value(of: "nope + 1") {
            #expect(failure.message == "unknown name 'nope'")
        } else {
            Issue.record("an unknown name gave a value")
        }
        // An assignment runs in a copy of the globals: the session's `a` stays 20.
        _ = s.value(of: "a = 5")
        s.evaluate("a")
        #expect(host.stdout == "20\n")
        #expect(s.successfulInputs == ["let a = 20", "a"])
    }
}

@Suite struct InterruptedInputTests {
    @Test func aStoppedLetTrainIsKeptForSaveAndAPlainStopIsNot() {
        let host = CaptureHost()
        let s = InteractiveSession(host: host, options: ScriptOptions(seed: 1, plotsEnabled: false))
        s.evaluate("dataset d = circles(50)\nnetwork net { dense 3 relu; dense 1 sigmoid }\nlet m = model(net)")
        host.interruptAfterChecks = 3
        #expect(s.evaluate("let big = train m on d { iterations: 1000000 }") == .interrupted)
        #expect(host.stderr.contains("interrupted: big holds the run so far"))
        #expect(s.successfulInputs.last == "let big = train m on d { iterations: 1000000 }")
        let count = s.successfulInputs.count
        #expect(s.evaluate("train m on d { iterations: 1000000 }") == .interrupted)
        #expect(s.successfulInputs.count == count)
    }
}
