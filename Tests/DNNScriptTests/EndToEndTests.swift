import DNNCore
import DNNScript
import Foundation
import Testing

/// Runs the built `dnnscript` binary: exit codes, stdout vs stderr, stdin mode, `check`.
enum EndToEnd {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The modules the binary links, whose object files sit beside it in `NAME.build/`.
    static let linkedModules = ["DNNCore", "DNNPlot", "DNNScript", "dnnscript"]

    /// The binary built with the test bundle (same build directory and configuration), or
    /// why it cannot be used: missing, or older than an object file it links (built again
    /// without relinking it, it would test old code). Object files, not sources, are
    /// compared: the build skips a source whose content did not change.
    static let binary: Swift.Result<URL, Failure> = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [beside.appendingPathComponent("dnnscript"),
                          beside.deletingLastPathComponent().appendingPathComponent("dnnscript")]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            return .failure(Failure(description: "no dnnscript binary beside the tests (\(candidates[0].path)): run 'swift build --build-tests' first"))
        }
        let built = modified(found) ?? .distantPast
        for module in linkedModules {
            let folder = found.deletingLastPathComponent().appendingPathComponent(module + ".build")
            let objects = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
            for object in objects where object.pathExtension == "o" {
                if let changed = modified(object), changed > built {
                    return .failure(Failure(description: "\(found.path) is older than \(object.path): run 'swift build --build-tests' again"))
                }
            }
        }
        return .success(found)
    }()

    static func modified(_ url: URL) -> Date? {
        try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate
    }

    /// The current binary, or a test failure that says why there is none.
    static func requireBinary() throws -> URL { try binary.get() }

    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// A fresh directory; remove it with ``remove(_:)`` (in a `defer`).
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dnnscript-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func remove(_ dir: URL) {
        try? FileManager.default.removeItem(at: dir)
    }

    static func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Reads a pipe to its end on its own thread, so a child that fills one pipe while the
    /// test reads the other cannot block both (a pipe holds 64 KB).
    final class Drain: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            let thread = Thread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
            thread.start()
        }

        func wait() -> Data {
            done.wait()
            return data
        }
    }

    /// Runs the binary (or `executable`) with `arguments`, feeding it `stdin`.
    static func run(_ arguments: [String], stdin: String? = nil, in directory: URL? = nil, executable: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = try executable ?? requireBinary()
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let stdoutDrain = Drain(out.fileHandleForReading), stderrDrain = Drain(err.fileHandleForReading)
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = stdoutDrain.wait(), errData = stderrDrain.wait()
        process.waitUntilExit()
        return Result(stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                      status: process.terminationStatus)
    }
}

@Suite(.serialized) struct EndToEndTests {
    @Test func binaryIsBuiltAndCurrent() throws {
        _ = try EndToEnd.requireBinary()
    }

    /// More than a pipe holds on both streams at once: reading one after the other would hang.
    @Test func largeOutputOnBothStreams() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        defer { EndToEnd.remove(dir) }
        let file = try EndToEnd.write("for i in 0..3000 {\n  print \"line\", i\n  expect i < 0\n}\n", "big.dnn", in: dir)
        let r = try EndToEnd.run([file])
        #expect(r.status == 1)
        #expect(r.stdout.components(separatedBy: "\n").count - 1 == 3000 && r.stdout.hasSuffix("line 2999\n"))
        #expect(r.stderr.utf8.count > 65_536, "\(r.stderr.utf8.count) bytes")
        #expect(r.stderr.components(separatedBy: ": error: expectation failed").count - 1 == 3000)
    }

    @Test func successWritesResultsToStdoutOnly() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        let file = try EndToEnd.write("print 1 + 2\nprint \"x\"\n", "ok.dnn", in: dir)
        let r = try EndToEnd.run([file])
        #expect(r.status == 0)
        #expect(r.stdout == "3\nx\n")
        #expect(r.stderr == "")
    }

    @Test func failedExpectationIsExit1AndTheScriptGoesOn() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        let file = try EndToEnd.write("expect 1 == 2\nprint \"on\"\n", "lab.dnn", in: dir)
        let r = try EndToEnd.run([file])
        #expect(r.status == 1)
        #expect(r.stdout == "on\n")
        #expect(r.stderr == "\(file):1:8: error: expectation failed\n  expect 1 == 2\n         ^~~~~~\n  note: expected 2, got 1 (difference 1.0)\n")
    }

    @Test func syntaxErrorsAreExit65WithEveryError() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        let file = try EndToEnd.write("let = 1\nprint (2\nlet y = \n", "bad.dnn", in: dir)
        let r = try EndToEnd.run([file])
        #expect(r.status == 65)
        #expect(r.stdout == "")
        #expect(r.stderr.components(separatedBy: ": error: ").count - 1 == 3)
    }

    @Test func missingFileIsExit66() throws {
        let r = try EndToEnd.run(["/no/such/script.dnn"])
        #expect(r.status == 66)
        #expect(r.stderr == "dnnscript: cannot read '/no/such/script.dnn': no such file\n")
    }

    @Test func usageErrorIsExit64() throws {
        let r = try EndToEnd.run(["--no-such-option", "x.dnn"])
        #expect(r.status == 64)
        #expect(r.stdout == "")
        #expect(!r.stderr.isEmpty)
    }

    @Test func runtimeErrorIsExit70() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        let file = try EndToEnd.write("print \"before\"\nprint zeros(2, 3) @ zeros(2, 3)\n", "rt.dnn", in: dir)
        let r = try EndToEnd.run([file])
        #expect(r.status == 70)
        #expect(r.stdout == "before\n")
        #expect(r.stderr.hasPrefix("\(file):2:7: error: cannot multiply 2×3 by 2×3\n"))
    }

    @Test func scriptFromStdinWhenNotATerminal() throws {
        let r = try EndToEnd.run([], stdin: "print 6 * 7\n")
        #expect(r.status == 0)
        #expect(r.stdout == "42\n")
        let dash = try EndToEnd.run(["-"], stdin: "print nope\n")
        #expect(dash.status == 65)
        #expect(dash.stderr.hasPrefix("<stdin>:1:7: error: unknown name 'nope'"))
    }

    @Test func checkReportsWithoutRunning() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        let good = try EndToEnd.write("print 1\nprint 1 / 0\n", "good.dnn", in: dir)
        let r = try EndToEnd.run(["check", good])
        #expect(r.status == 0)
        #expect(r.stdout == "")
        let bad = try EndToEnd.write("print aa\nprint bb\n", "bad.dnn", in: dir)
        let b = try EndToEnd.run(["check", bad])
        #expect(b.status == 65)
        #expect(b.stderr.contains("bad.dnn:1:7: error: unknown name 'aa'"))
        #expect(b.stderr.contains("bad.dnn:2:7: error: unknown name 'bb'"))
    }

    @Test func argumentsSeedQuietAndVersion() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        let file = try EndToEnd.write("print args\nprint randn()\n", "a.dnn", in: dir)
        let r = try EndToEnd.run(["--seed", "1", file, "x", "--y"])
        #expect(r.status == 0)
        // docs/course-reference.md §5: seed 1 randn → 1.6243453636632417
        #expect(r.stdout == "[\"x\", \"--y\"]\n1.6243453636632417\n")
        let v = try EndToEnd.run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        // One version for the command, the language and the engine.
        #expect(DNNScriptInfo.version == "0.1.0")
        #expect(DNNCoreInfo.version == DNNScriptInfo.version)
    }

    @Test func plotsGoToTheChosenDirectory() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        let file = try EndToEnd.write("plot [1, 2, 3]\n", "p.dnn", in: dir)
        let out = dir.appendingPathComponent("figs").path
        let r = try EndToEnd.run(["--plots", out, file])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "plot: \(out)/p-1.svg\n")
        #expect(FileManager.default.fileExists(atPath: out + "/p-1.svg"))
        let none = try EndToEnd.run(["--no-plots", "--plots", dir.appendingPathComponent("none").path, file])
        #expect(none.stdout == "")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("none").path))
    }

    @Test func garbageAndDeepNestingDoNotCrash() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        let garbage = dir.appendingPathComponent("garbage.dnn")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) }).write(to: garbage)
        let g = try EndToEnd.run([garbage.path])
        #expect(g.status == 65)
        let deep = try EndToEnd.write("print " + String(repeating: "(", count: 100_000) + "1\n", "deep.dnn", in: dir)
        let d = try EndToEnd.run([deep])
        #expect(d.status == 65)
        #expect(d.stderr.contains("nesting too deep"))
        let recursion = try EndToEnd.write("fn f(n) = f(n + 1)\nprint f(0)\n", "rec.dnn", in: dir)
        let rr = try EndToEnd.run([recursion])
        #expect(rr.status == 70)
        #expect(rr.stderr.contains("maximum recursion depth (1000) exceeded"))
    }

    /// Runs `source` as a script, waits for its first line of output, waits `delay` more, then
    /// sends SIGINT; returns the exit status, how long after the signal it ended, and its stdout.
    static func interrupted(_ source: String, after delay: useconds_t = 0) throws
        -> (status: Int32, seconds: Double, stdout: String) {
        let binary = try EndToEnd.requireBinary()
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        let file = try EndToEnd.write(source, "interrupted.dnn", in: dir)
        let process = Process()
        process.executableURL = binary
        process.arguments = [file]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        var printed = out.fileHandleForReading.availableData   // the first line: it has started
        usleep(delay)
        let sent = Date()
        process.interrupt()
        let deadline = sent.addingTimeInterval(20)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        let seconds = Date().timeIntervalSince(sent)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        printed += out.fileHandleForReading.readDataToEndOfFile()
        return (process.terminationStatus, seconds, String(decoding: printed, as: UTF8.self))
    }

    @Test func ctrlCIsExit130() throws {
        let run = try Self.interrupted("print \"start\"\nlet i = 0\nwhile true { i += 1 }\n")
        #expect(run.status == 130)
    }

    /// A 2^28-entry `randn` takes 13 s of CPU in a debug build (29 s here under load); Ctrl-C stops it
    /// between chunks of draws rather than after the whole fill (issue #13).
    @Test func ctrlCStopsALongRandomFill() throws {
        let run = try Self.interrupted("print \"start\"\nlet a = randn(16384, 16384)\nprint \"filled\"\n", after: 300_000)
        #expect(run.status == 130)
        #expect(!run.stdout.contains("filled"), "the fill ran to its end before stopping")
        #expect(run.seconds < 2, "stopped \(run.seconds) s after Ctrl-C")
    }

    /// `[0] * 10000000` (the repetition limit) makes its list in one buffer: it took 6.9 s of
    /// CPU (27 s on this loaded machine) when the copies were joined item by item; now 0.2 s.
    /// A loop of 100000 appends grows one list (20000 took 3.5 s when each append copied);
    /// all of it now takes 1.8 s of CPU in a debug build.
    @Test func listRepetitionAndAppendsAreLinear() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        let file = try EndToEnd.write("""
            let a = [0] * 10000000
            let b = [1, 2] * 5000000
            let c = []
            for i in 0..100000 { c = append(c, i) }
            print len(a), len(b), b[-1], len(c)

            """, "repeat.dnn", in: dir)
        // The CPU time of this child alone, from the shell that waited for it (`times`), so
        // processes other tests start meanwhile do not count.
        let result = try EndToEnd.run(["-c", "\"$0\" \"$1\"; times >&2", try EndToEnd.requireBinary().path, file],
                                      executable: URL(fileURLWithPath: "/bin/sh"))
        let times = result.stderr.matches(of: /(\d+)m([\d.]+)s/).map { Double($0.1)! * 60 + Double($0.2)! }
        #expect(times.count == 4, "times printed: \(result.stderr)")
        let cpu = times.suffix(2).reduce(0, +)   // the children's user and system time
        #expect(result.stdout == "10000000 10000000 2 100000\n")
        #expect(result.status == 0)
        #expect(cpu < 5, "the repetitions and appends took \(cpu) s of CPU")
    }

    @Test func closedOutputIsExit74() throws {
        let binary = try EndToEnd.requireBinary()
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        let file = try EndToEnd.write("for i in 0..1000000 { print i }\n", "many.dnn", in: dir)
        let process = Process()
        process.executableURL = binary
        process.arguments = [file]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        try out.fileHandleForReading.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 74)
    }
}
