import DNNScript
import Foundation
import Testing

@Suite struct CompleterTests {
    let session: InteractiveSession = {
        let s = InteractiveSession(host: CaptureHost(), options: ScriptOptions(seed: 1, plotsEnabled: false))
        s.evaluate("""
        dataset data = circles(20, noise: 0.05)
        network net {
          dense 3 relu
          dense 1 sigmoid
        }
        let model1 = model(net)
        let run1 = train model1 on data { lr: 0.1, iterations: 2 }
        let cfg = {alpha: 1, beta: 2}
        """)
        return s
    }()

    func complete(_ line: String, pending: String = "") -> Completion {
        session.completions(in: line, cursor: line.utf8.count, pending: pending)
    }

    @Test func namesInScope() {
        let c = complete("let y = mod")
        #expect(c.start == 8)
        #expect(c.candidates == ["model", "model1"])
    }

    @Test func fieldsAfterADot() {
        let c = complete("model1.W")
        #expect(c.start == 0)
        #expect(c.candidates == ["model1.W1", "model1.W2"])
        #expect(complete("print cfg.b").candidates == ["cfg.beta"])
        #expect(complete("data.X.").candidates == ["data.X.T"])
        #expect(complete("nothing.x").candidates.isEmpty)
    }

    @Test func statementWordsAtTheStart() {
        #expect(complete("gradc").candidates == ["gradcheck"])
        #expect(complete("netw").candidates == ["network"])
        #expect(complete("print netw").candidates.isEmpty)
    }

    /// The plot forms are offered right after `plot`, and nowhere else.
    @Test func plotFormsAfterPlot() {
        #expect(complete("plot hi").candidates.contains("hist"))
        #expect(complete("plot ba").candidates.contains("bars"))
        #expect(complete("plot co").candidates.contains("contour"))
        #expect(!complete("let x = hi").candidates.contains("hist"))
        #expect(!complete("print ba").candidates.contains("bars"))
    }

    @Test func commandOptionsInsideBraces() {
        #expect(complete("train model1 on data { it").candidates == ["iterations:"])
        #expect(complete("let r = train model1 on data { lr: 0.1, print").candidates == ["print_every:"])
        #expect(complete("plot run1 { ti").candidates == ["title:"])
        #expect(complete("  it", pending: "train model1 on data {\n  lr: 0.1,").candidates == ["iterations:"])
        // A value after the option name is an ordinary name.
        #expect(complete("train model1 on data { lr: mod").candidates == ["model", "model1"])
    }

    @Test func namedArgumentsOfBuiltins() {
        #expect(complete("let m2 = model(net, in").candidates.contains("init:"))
        #expect(complete("circles(100, no").candidates.first == "noise:")
    }

    @Test func filePathsInsideStrings() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-complete-\(getpid())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "x".write(to: dir.appendingPathComponent("points.csv"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: dir) }
        let line = "dataset d = csv(\"\(dir.path)/"
        let c = complete(line)
        #expect(c.start == "dataset d = csv(\"".utf8.count)
        #expect(c.candidates == [dir.path + "/points.csv", dir.path + "/sub/"])
        #expect(complete(line + "po").candidates == [dir.path + "/points.csv"])
        let load = ":load \(dir.path)/p"
        #expect(complete(load).candidates == [dir.path + "/points.csv"])
        #expect(complete(load).start == ":load ".utf8.count)
    }

    @Test func metaCommandsAndHelpTopics() {
        #expect(complete(":he").candidates == [":help"])
        #expect(complete(":help trai").candidates == ["training"])
        #expect(complete(":help trai").start == ":help ".utf8.count)
    }
}
