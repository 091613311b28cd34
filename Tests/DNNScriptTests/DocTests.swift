import DNNScript
import Foundation
import Testing

/// The doc tests: every example of docs/*.md runs, and what it shows must be what the
/// program prints (the convention is in docs/design.md, "Examples that are tested").
///
/// - `dnn` blocks run in-process, in one session per page (so a block sees the names of the
///   blocks before it) unless marked `alone`; their stdout must equal the `output` block
///   after them, their stderr the `stderr` block (empty when there is none), their exit
///   code `exit=N` (0 when not given). A block with no `output` block still has to run
///   cleanly. `norun: REASON` blocks are only checked (syntax and names).
/// - `console` transcripts run through the built binary in a temporary directory: each
///   `$ ` line is a command of one `sh`, followed by what it prints (stdout and stderr).
///   A transcript that shows no output is not run.
/// - `repl` transcripts feed each `>>> ` input (with its `... ` lines) to an
///   ``InteractiveSession`` as the REPL does, `:` commands included; the lines after an
///   input are what it prints. `norun:` transcripts only have their inputs parsed.
/// - In `output`, `stderr` and transcripts, a line that is exactly `...` stands for any
///   number of lines.
enum DocTest {
    static let docs = EndToEnd.packageRoot.appendingPathComponent("docs")

    static let pages: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted()
    }()

    /// The file name a `dnn` block's diagnostics and plot names use, unless it says `file=`.
    static let defaultFile = "lab.dnn"

    /// What a page's examples did, for the suite's summary line.
    struct Tally {
        var run = 0, compared = 0, notRun: [String] = [], others = 0

        var summary: String {
            var text = "\(run) examples run, \(compared) compared with the output they show"
            if !notRun.isEmpty { text += ", \(notRun.count) not run (\(notRun.joined(separator: "; ")))" }
            return text + ", \(others) other blocks"
        }
    }

    /// Records a mismatch between what a block shows and what ran, naming the doc's line.
    static func compare(_ actual: String, with fence: DocExamples.Fence?, what: String, page: String, line: Int) {
        let expected = fence?.lines ?? []
        let got = DocExamples.lines(actual)
        guard !DocExamples.matches(got, expected) else { return }
        let shown = fence.map { "the \(what) shown at docs/\(page):\($0.line)" } ?? "no \(what) (the doc shows none)"
        Issue.record("""
            docs/\(page):\(line): the example's \(what) differs from \(shown)
            --- doc
            +++ program
            \(DocExamples.diff(expected, got))
            """)
    }
}

/// A host that keeps both streams in one text, in order, as a terminal shows them.
final class TranscriptHost: ScriptHost {
    var text = ""
    func write(_ text: String, to stream: OutputStreamKind) throws { self.text += text }
    func isInterrupted() -> Bool { false }
    func savePlot(svg: String, name: String) throws -> String { "plots/" + name }
}

@Suite struct DocTests {
    @Test("the examples of docs/*.md", arguments: DocTest.pages)
    func examples(_ page: String) throws {
        let markdown = try String(contentsOf: DocTest.docs.appendingPathComponent(page), encoding: .utf8)
        let (items, problems) = DocExamples.items(in: markdown, page: "docs/" + page)
        for problem in problems { Issue.record(Comment(rawValue: problem)) }
        var tally = DocTest.Tally()
        let options = ScriptOptions(plotsEnabled: true)
        let pageHost = CaptureHost()
        let pageSession = ScriptSession(host: pageHost, options: options)
        for item in items {
            switch item {
            case .code(let example):
                let code = example.code
                // `alone`: a session of its own, and the page's goes on after it untouched.
                let host = code.has("alone") ? CaptureHost() : pageHost
                let session = code.has("alone") ? ScriptSession(host: host, options: options) : pageSession
                host.stdout = ""
                host.stderr = ""
                let source = code.lines.joined(separator: "\n") + "\n"
                let file = code.value("file") ?? DocTest.defaultFile
                if let reason = code.notRunReason {
                    tally.notRun.append("line \(code.line): \(reason)")
                    let status = session.check(source: source, file: file)
                    #expect(status == .ok && example.stdout == nil,
                            "docs/\(page):\(code.line): a norun block must check cleanly and show no output\n\(host.stderr)")
                    continue
                }
                let status = session.run(source: source, file: file)
                tally.run += 1
                let exit = code.value("exit").flatMap(Int32.init) ?? 0
                #expect(status.rawValue == exit, "docs/\(page):\(code.line): exit code \(status.rawValue), the doc expects \(exit)\n\(host.stderr)")
                if let shown = example.stdout {
                    DocTest.compare(host.stdout, with: shown, what: "stdout", page: page, line: code.line)
                }
                DocTest.compare(host.stderr, with: example.stderr, what: "stderr", page: page, line: code.line)
                if example.stdout != nil || example.stderr != nil { tally.compared += 1 }
            case .console(let fence):
                if let reason = fence.notRunReason { tally.notRun.append("line \(fence.line): \(reason)"); continue }
                guard fence.lines.contains(where: { !$0.hasPrefix("$ ") }) else { tally.others += 1; continue }
                try runConsole(fence, page: page)
                tally.run += 1
                tally.compared += 1
            case .repl(let fence):
                if let reason = fence.notRunReason {
                    tally.notRun.append("line \(fence.line): \(reason)")
                    parseInputs(fence, page: page)
                    continue
                }
                runREPL(fence, page: page)
                tally.run += 1
                tally.compared += 1
            case .other:
                tally.others += 1
            }
        }
        print("doc tests, docs/\(page): \(tally.summary)")
    }

    /// The commands of a transcript and the lines shown after each.
    func commands(_ fence: DocExamples.Fence) -> [(command: String, output: [String])] {
        var commands: [(command: String, output: [String])] = []
        for line in fence.lines {
            if line.hasPrefix("$ ") { commands.append((String(line.dropFirst(2)), [])) }
            else if !commands.isEmpty { commands[commands.count - 1].output.append(line) }
        }
        return commands
    }

    func runConsole(_ fence: DocExamples.Fence, page: String) throws {
        let binary = try EndToEnd.requireBinary()
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        let steps = commands(fence)
        // One shell runs them all, so `echo $?` sees the command before it; a separator line
        // after each command splits the output, and the status is put back after it.
        let separator = "\u{1E}doc-test"
        var script = "exec 2>&1\nexport PATH='\(binary.deletingLastPathComponent().path)':\"$PATH\" NO_COLOR=1\n"
        for step in steps {
            script += "\(step.command)\ns=$?; printf '\\n%s\\n' '\(separator)'; (exit $s)\n"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = dir
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let outputs = String(decoding: data, as: UTF8.self).components(separatedBy: "\n\(separator)\n")
        for (index, step) in steps.enumerated() {
            let actual = index < outputs.count ? outputs[index] : ""
            DocTest.compare(actual, with: DocExamples.Fence(language: "console", attributes: "", line: fence.line, lines: step.output),
                                what: "output of '$ \(step.command)'", page: page, line: fence.line)
        }
    }

    /// The inputs of a REPL transcript (a `>>> ` line and its `... ` lines) and the lines
    /// shown after each; a first `$ dnnscript` line and the banner after it are left out.
    func inputs(_ fence: DocExamples.Fence) -> [(input: String, output: [String])] {
        var inputs: [(input: String, output: [String])] = []
        var lines = fence.lines[...]
        if lines.first == "$ dnnscript" {
            lines = lines.dropFirst()
            let banner = "dnnscript \(DNNScriptInfo.version) — :help for help, Ctrl-D to quit"
            #expect(lines.first == banner, "the REPL's first line is '\(banner)', not '\(lines.first ?? "")'")
            lines = lines.dropFirst()
        }
        for line in lines {
            if line == ">>>" || line.hasPrefix(">>> ") { inputs.append((String(line.dropFirst(4)), [])) }
            else if line.hasPrefix("... "), let last = inputs.indices.last, inputs[last].output.isEmpty {
                inputs[last].input += "\n" + line.dropFirst(4)
            } else if !inputs.isEmpty { inputs[inputs.count - 1].output.append(line) }
        }
        return inputs
    }

    func runREPL(_ fence: DocExamples.Fence, page: String) {
        let host = TranscriptHost()
        let session = InteractiveSession(host: host, options: ScriptOptions(plotsEnabled: true))
        for step in inputs(fence) {
            host.text = ""
            if let meta = MetaCommand.parse(step.input) {
                session.perform(meta, write: { text, _ in host.text += text })
            } else {
                session.evaluate(step.input)
            }
            DocTest.compare(host.text, with: DocExamples.Fence(language: "repl", attributes: "", line: fence.line, lines: step.output),
                                what: "output of '>>> \(step.input)'", page: page, line: fence.line)
        }
    }

    /// A transcript that cannot run must still hold inputs that parse.
    func parseInputs(_ fence: DocExamples.Fence, page: String) {
        for step in inputs(fence) where MetaCommand.parse(step.input) == nil {
            #expect(InputStatus.judge(step.input) != .invalid, "docs/\(page):\(fence.line): '>>> \(step.input)' does not parse")
        }
    }

    @Test func fencesAreRead() {
        let page = """
            text
            ```dnn alone exit=65
            print 1
            ```

            ```output
            1
            ```
            ~~~stderr
            ~~~
            ```` ```text ```` is prose
            ```
            """
        let fences = DocExamples.fences(in: page)
        #expect(fences.map(\.language) == ["dnn", "output", "stderr", ""])
        #expect(fences[0].line == 2 && fences[0].lines == ["print 1"] && fences[0].has("alone") && fences[0].value("exit") == "65")
        let (items, problems) = DocExamples.items(in: page, page: "p.md")
        guard case .code(let example)? = items.first else { Issue.record("no example"); return }
        #expect(example.stdout?.lines == ["1"] && example.stderr?.lines == [])
        #expect(problems == ["p.md:12: a fence needs one of the languages console, dnn, json, output, repl, sh, stderr, swift, text; found ''"])
    }

    @Test func ellipsisLinesMatchAnyLines() {
        #expect(DocExamples.matches(["a", "b", "c"], ["a", "...", "c"]))
        #expect(DocExamples.matches(["a", "c"], ["a", "...", "c"]))
        #expect(DocExamples.matches(["a"], ["a", "..."]))
        #expect(!DocExamples.matches(["a", "b"], ["a", "...", "c"]))
        #expect(!DocExamples.matches(["a", "b"], ["a"]))
        #expect(!DocExamples.matches(["a"], ["a", "b"]))
        #expect(DocExamples.diff(["a", "b", "c"], ["a", "x", "c"]) == "  a\n- b\n+ x\n  c")
    }

    @Test func anOutputBlockWithoutCodeIsAnError() {
        let (_, problems) = DocExamples.items(in: "```output\n1\n```\n", page: "p.md")
        #expect(problems.count == 1 && problems[0].hasPrefix("p.md:1: an 'output' block must follow a 'dnn' block"))
    }
}
