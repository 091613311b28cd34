import Foundation
import Testing
@testable import DNNScript

/// A host whose writes fail, like a closed pipe.
final class BrokenHost: ScriptHost {
    struct Broken: Error {}
    func write(_ text: String, to stream: OutputStreamKind) throws { throw Broken() }
    func isInterrupted() -> Bool { false }
}

@Suite struct SessionTests {
    @Test func exitCodes() {
        #expect(runScript("print 1").code == .ok)
        #expect(runScript("expect 1 == 2").code == .expectationFailed)
        #expect(runScript("let = 1").code == .dataError)
        #expect(runScript("print nope").code == .dataError)
        #expect(runScript("print 1 / 0").code == .software)
    }

    @Test func outputFailureIsExit74() {
        let code = ScriptSession(host: BrokenHost()).run(source: "print 1", file: "t.dnn")
        #expect(code == .ioError)
    }

    @Test func interruptStopsTheScriptWith130() {
        let host = CaptureHost()
        host.interruptAfterChecks = 0
        let code = ScriptSession(host: host).run(source: "let i = 0\nwhile true { i += 1 }", file: "t.dnn")
        #expect(code == .interrupted)
    }

    @Test func interruptDuringTrainingKeepsTheWeightsReached() {
        let host = CaptureHost()
        host.interruptAfterChecks = 3
        let source = """
            seed 1
            dataset d = circles(50)
            network net { dense 3 relu; dense 1 sigmoid }
            let m = model(net)
            let run = train m on d { iterations: 1000000 }
            """
        let code = ScriptSession(host: host).run(source: source, file: "t.dnn")
        #expect(code == .interrupted)
    }

    @Test func sessionKeepsGlobalsBetweenRuns() {
        let host = CaptureHost()
        let session = ScriptSession(host: host)
        #expect(session.run(source: "let x = 41", file: "a") == .ok)
        #expect(session.run(source: "print x + 1", file: "b") == .ok)
        #expect(host.stdout == "42\n")
    }

    @Test func replModeEchoesTopLevelExpressions() {
        let host = CaptureHost()
        let session = ScriptSession(host: host, options: ScriptOptions(echoExpressions: true))
        #expect(session.run(source: "let x = 2", file: "<repl>") == .ok)
        #expect(session.run(source: "x * 3", file: "<repl>") == .ok)
        #expect(session.run(source: "[[1, 2]] / 4", file: "<repl>") == .ok)
        #expect(session.run(source: "none", file: "<repl>") == .ok)
        #expect(session.run(source: "nope", file: "<repl>") == .dataError)
        #expect(session.run(source: "x", file: "<repl>") == .ok)
        #expect(host.stdout == "6\n[[0.25 0.5 ]]\n2\n")
    }

    @Test func argumentsAndSeedOption() {
        let out = runScript("print args, randn()", options: ScriptOptions(arguments: ["a"], seed: 1))
        // COURSE.md §5: seed 1 randn → 1.6243453636632417
        #expect(out.stdout == "[\"a\"] 1.6243453636632417\n")
    }

    @Test func quietSilencesCostLines() {
        let source = """
            dataset d = circles(10)
            network net { dense 1 sigmoid }
            let m = model(net, init: zeros)
            train m on d { iterations: 2, print_every: 1 }
            print "end"
            """
        #expect(runScript(source, options: ScriptOptions(quiet: true)).stdout == "end\n")
    }

    @Test func saveAndLoadRoundTripExactly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dnnscript-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.json").path
        let source = """
            seed 3
            network net { input 2; dense 4 relu; dropout 0.5; dense 1 sigmoid }
            let m = model(net, init: he)
            save m to "\(path)"
            let back = load "\(path)"
            expect back.W1 == m.W1
            expect back.b2 == m.b2
            print back.sizes, back.keep_probs
            """
        let out = runScript(source)
        #expect(out.code == .ok, "\(out.stderr)")
        #expect(out.stdout == "saved \(path)\n[2, 4, 1] [0.5, 1.0]\n")
        let json = try String(contentsOfFile: path, encoding: .utf8)
        #expect(json.contains("\"format\": \"dnnscript-model\""))
        #expect(json.contains("1.7886284734303186"))   // COURSE.md §5: seed 3 randn, he with n = 2 scales by 1
    }

    @Test func loadReportsWhichFileAndWhy() throws {
        let dir = FileManager.default.temporaryDirectory
        let path = dir.appendingPathComponent("bad-\(UUID().uuidString).json").path
        try "{\"format\": 3}".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = runScript("let m = load \"\(path)\"")
        #expect(out.code == .software)
        #expect(out.stderr.contains("error: cannot load '\(path)': it is not a dnnscript model file"))
    }

    @Test func checkDoesNotRun() {
        let host = CaptureHost()
        let code = ScriptSession(host: host).check(source: "print 1\nprint 1 / 0", file: "t.dnn")
        #expect(code == .ok)
        #expect(host.stdout.isEmpty)
    }

    /// A network's gradient check asks the host before each parameter, so Ctrl-C stops a
    /// long one (a 91,501-parameter check ran for an hour and a half through it).
    @Test func anInterruptStopsANetworkGradientCheck() {
        let host = CaptureHost()
        host.interruptAfterChecks = 10
        let source = "dataset d = circles(20)\nnetwork net { dense 30 relu\n dense 1 sigmoid }\nlet m = model(net)\ngradcheck m on d\nprint \"never\"\n"
        let code = ScriptSession(host: host, options: ScriptOptions(plotsEnabled: false)).run(source: source, file: "t.dnn")
        #expect(code == .interrupted)
        #expect(host.stdout.isEmpty)
    }

    /// A long product asks the host between blocks of rows (two 2^28-entry operands take minutes).
    @Test func anInterruptStopsALongProduct() {
        let host = CaptureHost()
        host.interruptAfterChecks = 0
        let source = "let p = zeros(2048, 1024) @ zeros(1024, 1024)\nprint \"never\"\n"
        let code = ScriptSession(host: host, options: ScriptOptions(plotsEnabled: false)).run(source: source, file: "t.dnn")
        #expect(code == .interrupted)
        #expect(host.stdout.isEmpty)
    }

    @Test func deepRecursionInExpressionsAndCalls() {
        #expect(runScript("fn f(n) = f(n + 1)\nprint f(0)").stderr.contains("maximum recursion depth (1000) exceeded"))
        let deep = "print " + String(repeating: "-", count: 200) + "1"
        #expect(runScript(deep).stdout == "1\n")
    }

    @Test func longTracesAreKept() {
        let out = runScript("fn f(n) { if n == 0 { return 1 / 0 }\n return f(n - 1) }\nprint f(50)")
        #expect(out.code == .software)
        #expect(out.stderr.components(separatedBy: "note: in 'f'").count - 1 == 20)
        #expect(out.stderr.contains("  note: … 31 more calls …\n"))
    }
}
