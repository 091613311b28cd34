import DNNScript
import Foundation
import Testing

/// The doc tests: every example of README.md and docs/*.md runs, and what it shows must be what the
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
    /// README.md and docs/*.md, as paths from the package root.
    static let pages: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: EndToEnd.packageRoot.appendingPathComponent("docs").path)) ?? []
        return ["README.md"] + names.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }()

    /// The file name a `dnn` block's diagnostics and plot names use, unless it says `file=`.
    static let defaultFile = "lab.dnn"

    /// Plots are not written, but their paths are printed as a run prints them.
    static let options = ScriptOptions(plotsEnabled: true)

    /// A page and the session its `dnn` blocks share.
    struct Page {
        var path: String
        let host = CaptureHost()
        let session: ScriptSession

        init(path: String) {
            self.path = path
            session = ScriptSession(host: host, options: DocTest.options)
        }
    }

    /// What a page's examples did, for the suite's summary line.
    struct Tally {
        var run = 0, compared = 0, notRun: [String] = [], others = 0

        var summary: String {
            var text = "\(run) examples run, \(compared) compared with the output they show"
            if !notRun.isEmpty { text += ", \(notRun.count) not run (\(notRun.joined(separator: "; ")))" }
            return text + ", \(others) other blocks"
        }
    }

    /// Records a mismatch between what the doc shows (`shown`: none when nil) and what ran,
    /// naming the example's line in the doc.
    static func compare(_ actual: String, with shown: [String]?, what: String, page: String, line: Int) {
        let got = DocExamples.lines(actual)
        guard !DocExamples.matches(got, shown ?? []) else { return }
        Issue.record("""
            \(page):\(line): \(what) differs from what the doc shows\(shown == nil ? " (none)" : "")
            --- doc
            +++ program
            \(DocExamples.diff(shown ?? [], got))
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
    @Test("the examples of README.md and docs/*.md", arguments: DocTest.pages)
    func examples(_ page: String) throws {
        let markdown = try String(contentsOf: EndToEnd.packageRoot.appendingPathComponent(page), encoding: .utf8)
        let (items, problems) = DocExamples.items(in: markdown, page: page)
        for problem in problems { Issue.record(Comment(rawValue: problem)) }
        var tally = DocTest.Tally()
        let page = DocTest.Page(path: page)
        for item in items {
            switch item {
            case .code(let example):
                runCode(example, on: page, tally: &tally)
            case .console(let fence):
                if let reason = fence.notRunReason { tally.notRun.append("line \(fence.line): \(reason)"); continue }
                guard fence.lines.contains(where: { !$0.hasPrefix("$ ") }) else { tally.others += 1; continue }
                try runConsole(fence, page: page.path)
                tally.run += 1
                tally.compared += 1
            case .repl(let fence):
                if let reason = fence.notRunReason {
                    tally.notRun.append("line \(fence.line): \(reason)")
                    parseInputs(fence, page: page.path)
                    continue
                }
                runREPL(fence, page: page.path)
                tally.run += 1
                tally.compared += 1
            case .other:
                tally.others += 1
            }
        }
        print("doc tests, \(page.path): \(tally.summary)")
    }

    /// Runs a `dnn` block (or checks a `norun` one) and compares what it printed.
    func runCode(_ example: DocExamples.Example, on page: DocTest.Page, tally: inout DocTest.Tally) {
        let code = example.code
        let alone = code.has("alone")
        let host = alone ? CaptureHost() : page.host
        let session = alone ? ScriptSession(host: host, options: DocTest.options) : page.session
        host.stdout = ""
        host.stderr = ""
        let source = code.lines.joined(separator: "\n") + "\n"
        let file = code.value("file") ?? DocTest.defaultFile
        if let reason = code.notRunReason {
            tally.notRun.append("line \(code.line): \(reason)")
            let status = session.check(source: source, file: file)
            #expect(status == .ok && example.stdout == nil && example.stderr == nil,
                    "\(page.path):\(code.line): a norun block must check cleanly and show no output\n\(host.stderr)")
            return
        }
        let status = session.run(source: source, file: file)
        tally.run += 1
        let exit = code.value("exit").flatMap(Int32.init) ?? 0
        #expect(status.rawValue == exit, "\(page.path):\(code.line): exit code \(status.rawValue), the doc expects \(exit)\n\(host.stderr)")
        if let shown = example.stdout {
            DocTest.compare(host.stdout, with: shown.lines, what: "the example's stdout", page: page.path, line: code.line)
        }
        DocTest.compare(host.stderr, with: example.stderr?.lines, what: "the example's stderr", page: page.path, line: code.line)
        if example.stdout != nil || example.stderr != nil { tally.compared += 1 }
    }

    /// A command or input of a transcript, its line in the doc and the lines shown after it.
    typealias Step = (text: String, line: Int, output: [String])

    /// The commands of a shell transcript.
    func commands(_ fence: DocExamples.Fence) -> [Step] {
        var commands: [Step] = []
        for (index, line) in fence.lines.enumerated() {
            if line.hasPrefix("$ ") { commands.append((String(line.dropFirst(2)), fence.line + 1 + index, [])) }
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
            script += "\(step.text)\ns=$?; printf '\\n%s\\n' '\(separator)'; (exit $s)\n"
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
            DocTest.compare(actual, with: step.output, what: "the output of '$ \(step.text)'", page: page, line: step.line)
        }
    }

    /// The inputs of a REPL transcript (a `>>> ` line and its `... ` lines) and the lines
    /// shown after each; a first `$ dnnscript` line and the banner after it are left out.
    func inputs(_ fence: DocExamples.Fence, page: String) -> [Step] {
        var inputs: [Step] = []
        var lines = fence.lines.enumerated()[...]
        if lines.first?.element == "$ dnnscript" {
            lines = lines.dropFirst()
            let banner = DNNScriptInfo.banner
            #expect(lines.first?.element == banner, "\(page):\(fence.line + 2): the REPL's first line is '\(banner)'")
            lines = lines.dropFirst()
        }
        for (index, line) in lines {
            if line == ">>>" || line.hasPrefix(">>> ") { inputs.append((String(line.dropFirst(4)), fence.line + 1 + index, [])) }
            else if line.hasPrefix("... "), let last = inputs.indices.last, inputs[last].output.isEmpty {
                inputs[last].text += "\n" + line.dropFirst(4)
            } else if !inputs.isEmpty { inputs[inputs.count - 1].output.append(line) }
        }
        return inputs
    }

    func runREPL(_ fence: DocExamples.Fence, page: String) {
        let host = TranscriptHost()
        let session = InteractiveSession(host: host, options: ScriptOptions(plotsEnabled: true))
        for step in inputs(fence, page: page) {
            host.text = ""
            if let meta = MetaCommand.parse(step.text) {
                session.perform(meta, write: { text, _ in host.text += text })
            } else {
                session.evaluate(step.text)
            }
            DocTest.compare(host.text, with: step.output, what: "the output of '>>> \(step.text)'", page: page, line: step.line)
        }
    }

    /// A transcript that cannot run must still hold inputs that parse.
    func parseInputs(_ fence: DocExamples.Fence, page: String) {
        for step in inputs(fence, page: page) where MetaCommand.parse(step.text) == nil {
            #expect(InputStatus.judge(step.text) != .invalid, "\(page):\(step.line): '>>> \(step.text)' does not parse")
        }
    }

    /// docs/examples/ holds a notebook and its renderings: they must be what `render` writes
    /// today (the notebook's error cell is on purpose, so the render exits 70).
    @Test("docs/examples/notebook.* are what render writes", arguments: ["md", "html", "ipynb"])
    func renderedExample(_ format: String) throws {
        let examples = EndToEnd.packageRoot.appendingPathComponent("docs/examples")
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        try FileManager.default.copyItem(at: examples.appendingPathComponent("notebook.dnn"), to: dir.appendingPathComponent("notebook.dnn"))
        let result = try EndToEnd.run(["render", "notebook.dnn", "--to", format, "-o", "notebook." + format], in: dir)
        #expect(result.status == 70, "\(result.stderr)")
        var files = ["notebook." + format]
        if format == "md" {
            let plots = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("notebook_files").path)
            let shown = try FileManager.default.contentsOfDirectory(atPath: examples.appendingPathComponent("notebook_files").path)
            #expect(plots.sorted() == shown.sorted(), "the plots of docs/examples/notebook.md")
            files += plots.sorted().map { "notebook_files/" + $0 }
        }
        for file in files {
            let written = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            let shown = (try? String(contentsOf: examples.appendingPathComponent(file), encoding: .utf8)) ?? ""
            if written != shown {
                Issue.record("""
                    docs/examples/\(file) is not what `dnnscript render docs/examples/notebook.dnn --to \(format)` writes now
                    --- doc
                    +++ program
                    \(DocExamples.diff(DocExamples.lines(shown), DocExamples.lines(written)))
                    """)
            }
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
        #expect(DocExamples.diff(["a", "b", "c", "d"], ["a", "b", "c", "e"], context: 1) == "...\n  c\n- d\n+ e")
        #expect(DocExamples.diff(["a", "b", "c"], ["x", "b", "c"], context: 1) == "- a\n+ x\n  b\n...")
    }

    @Test func anOutputBlockWithoutCodeIsAnError() {
        let (_, problems) = DocExamples.items(in: "```output\n1\n```\n", page: "p.md")
        #expect(problems.count == 1 && problems[0].hasPrefix("p.md:1: an 'output' block must follow a 'dnn' block"))
    }
}
