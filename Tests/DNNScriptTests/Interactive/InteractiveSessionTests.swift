import DNNScript
import Foundation
import Testing

@Suite struct InteractiveSessionTests {
    func session() -> (InteractiveSession, CaptureHost) {
        let host = CaptureHost()
        return (InteractiveSession(host: host, options: ScriptOptions(seed: 1, plotsEnabled: false)), host)
    }

    @Test func echoesTrailingExpressionsAndKeepsGlobals() {
        let (s, host) = session()
        #expect(s.evaluate("let a = 40") == .ok)
        #expect(s.evaluate("a + 2") == .ok)
        #expect(host.stdout == "42\n")
    }

    @Test func errorsKeepEarlierGlobalsAndRenderACaret() {
        let (s, host) = session()
        s.evaluate("let a = 1")
        #expect(s.evaluate("let b = 2\nb + nope") == .dataError)
        #expect(host.stderr.contains("<repl>:2:5: error: unknown name 'nope'\n  b + nope\n      ^~~~\n"))
        #expect(s.evaluate("let c = [1, 2] @ 3") == .software)
        #expect(s.evaluate("a + 1") == .ok)
        #expect(host.stdout == "2\n")
        // b was declared in the input that failed its check, so it never ran.
        #expect(s.variables.map(\.name) == ["a"])
    }

    @Test func variablesSummariseKindsAndShapes() {
        let (s, _) = session()
        s.evaluate("let x = zeros(3, 2)\nlet n = 5\nnetwork net {\n dense 3 relu\n dense 1 sigmoid\n}")
        let vars = s.variables
        #expect(vars.map(\.name) == ["n", "net", "x"])
        #expect(vars[0] == .init(name: "n", kind: "int", summary: "5"))
        #expect(vars[1].kind == "network")
        #expect(vars[2] == .init(name: "x", kind: "matrix", summary: "3×2"))
    }

    @Test func resetForgetsEverything() {
        let (s, host) = session()
        s.evaluate("let a = 1")
        s.reset()
        #expect(s.variables.isEmpty)
        #expect(s.successfulInputs.isEmpty)
        #expect(s.evaluate("a") == .dataError)
        #expect(host.stderr.contains("unknown name 'a'"))
    }

    @Test func savedScriptReplaysTheSuccessfulInputs() {
        let (s, _) = session()
        s.evaluate("let a = 20")
        s.evaluate("a + oops")
        s.evaluate("let b = a * 2")
        s.evaluate("print b + 2")
        #expect(s.successfulInputs == ["let a = 20", "let b = a * 2", "print b + 2"])
        let replay = runScript(s.script)
        #expect(replay.code == .ok)
        #expect(replay.stdout == "42\n")
    }

    @Test func loadRunsAFileIntoTheSession() throws {
        let (s, host) = session()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("repl-load-\(getpid()).dnn")
        try "let loaded = 7\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(s.load(path: url.path).code == .ok)
        s.evaluate("loaded * 6")
        #expect(host.stdout == "42\n")
        #expect(s.load(path: "/nonexistent/x.dnn").message == "cannot read '/nonexistent/x.dnn'")
    }
}
