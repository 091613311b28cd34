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
        // docs/course-reference.md §5: seed 1 randn → 1.6243453636632417
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
        #expect(json.contains("1.7886284734303186"))   // docs/course-reference.md §5: seed 3 randn, he with n = 2 scales by 1
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

    /// A loaded model keeps the initializer it was saved with (it once came back as `he`).
    @Test func loadKeepsTheInitializer() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("init-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = runScript("""
            network net { input 2; dense 1 sigmoid }
            let m = model(net, init: random(scale: 10))
            save m to "\(path)"
            print (load "\(path)").init, model(net, init: xavier).init
            """)
        #expect(out.code == .ok, "\(out.stderr)")
        #expect(out.stdout.hasSuffix("random(scale: 10.0) xavier\n"), "\(out.stdout)")
    }

    /// `save` records the optimizer of the model's last `train` by name (its state is not
    /// saved), and the file still loads; an untrained model's file has no such key.
    @Test func saveRecordsTheOptimizerName() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opt-\(UUID().uuidString).json").path
        let untrained = FileManager.default.temporaryDirectory.appendingPathComponent("opt0-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path); try? FileManager.default.removeItem(atPath: untrained) }
        let out = runScript("""
            seed 1
            dataset d = circles(20, noise: 0.05)
            network net { input 2; dense 3 relu; dense 1 sigmoid }
            let m = model(net, init: he)
            save m to "\(untrained)"
            train m on d { optimizer: adam(beta1: 0.8), epochs: 2, batch_size: 8 }
            save m to "\(path)"
            expect (load "\(path)").W1 == m.W1
            """)
        #expect(out.code == .ok, "\(out.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("  \"optimizer\": \"adam\",\n"))
        #expect(!(try String(contentsOfFile: untrained, encoding: .utf8).contains("optimizer")))
    }

    /// Unknown names in a model file are refused, never read as a default.
    @Test(arguments: [("\"init\": \"hee\"", "unknown initializer in \"init\" (initializers: zeros, random, he, xavier, glorot)"),
                      ("\"init\": \"he\", \"loss\": \"hinge\"", "unknown loss in \"loss\""),
                      ("\"init\": \"he\", \"activations\": [\"relu2\"]", "unknown activation in \"activations\"")])
    func loadRefusesUnknownNames(field: String, reason: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("names-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var fields = ["\"format\": \"dnnscript-model\"", "\"version\": 1", field, "\"sizes\": [1, 1]",
                      "\"weights\": [[[1]]]", "\"biases\": [[[0]]]"]
        if !field.contains("activations") { fields.append("\"activations\": [\"sigmoid\"]") }
        try ("{" + fields.joined(separator: ", ") + "}").write(toFile: path, atomically: true, encoding: .utf8)
        let out = runScript("let m = load \"\(path)\"")
        #expect(out.code == .software)
        #expect(out.stderr.contains("error: cannot load '\(path)': \(reason)"), "\(out.stderr)")
    }

    /// A function from an earlier input (the REPL's case) is checked before the next input
    /// runs: a misspelt argument is a static error (65) and nothing of that input runs.
    @Test func earlierFunctionsAreChecked() {
        let host = CaptureHost()
        let session = ScriptSession(host: host)
        #expect(session.run(source: "fn f(x) = x", file: "1.dnn") == .ok)
        #expect(session.run(source: "print \"ran\"\nprint f(y: 1)", file: "2.dnn") == .dataError)
        #expect(host.stdout == "")
        #expect(host.stderr.hasPrefix("2.dnn:2:9: error: unknown argument 'y' in call to f()\n"), "\(host.stderr)")
        #expect(session.run(source: "f = len\nprint f(x: [1])", file: "3.dnn") == .ok, "\(host.stderr)")
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
        let source = "dataset d = circles(20)\nnetwork net { dense 30 relu\n dense 1 sigmoid }\nlet m = model(net)\ngradcheck m on d\nprint \"never\"\n"
        let (code, stdout) = Self.interrupted(source, afterChecks: 10)
        #expect(code == .interrupted)
        #expect(stdout.isEmpty)
    }

    /// After an operation that made a large matrix the host is asked at once, not only every
    /// 1024 steps: a chain of operations on 2^28-entry matrices (seconds each) stops after
    /// the one running.
    @Test func anInterruptStopsAChainOfLargeOperations() {
        let (code, stdout) = Self.interrupted("let a = (zeros(2048, 1024) + 1) * 2\nprint \"never\"\n", afterChecks: 0)
        #expect(code == .interrupted)
        #expect(stdout.isEmpty)
    }

    /// Runs `source` with a host that reports an interrupt once it has been asked `afterChecks` times.
    static func interrupted(_ source: String, afterChecks: Int) -> (code: ExitCode, stdout: String) {
        let host = CaptureHost()
        host.interruptAfterChecks = afterChecks
        let code = ScriptSession(host: host, options: ScriptOptions(plotsEnabled: false)).run(source: source, file: "t.dnn")
        return (code, host.stdout)
    }

    /// A long product asks the host between blocks of rows (two 2^28-entry operands take minutes).
    @Test func anInterruptStopsALongProduct() {
        let (code, stdout) = Self.interrupted("let p = zeros(2048, 1024) @ zeros(1024, 1024)\nprint \"never\"\n", afterChecks: 0)
        #expect(code == .interrupted)
        #expect(stdout.isEmpty)
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
