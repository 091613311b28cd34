import Foundation
import Testing
import DNNScript

/// Golden snapshots of the three notebook formats, in `Golden/notebooks/`. After a change
/// meant to alter them, re-record with `DNNSCRIPT_RECORD=1 swift test --filter NotebookSnapshot`
/// and read the diff.
enum NotebookSnapshots {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/notebooks")
    static let recording = ProcessInfo.processInfo.environment["DNNSCRIPT_RECORD"] == "1"

    /// Small scripts that cover every kind of cell and output.
    static let scripts: [String: String] = [
        "outputs": """
        # %% [markdown]
        # # Outputs in place
        # A *markdown* cell with `code`, a list and <b>raw HTML</b> shown as text:
        # - one
        # - two

        # %% Setup
        seed 1
        let xs = [0.5, 0.25, 0.125]   # halves
        print "sum", sum(xs)
        zeros(2, 3) + 1

        # %%
        expect len(xs) == 3, "exercise 1"
        expect sum(xs) == 1
        plot xs { title: "halves <&>" }

        # %%
        let bad = zeros(2, 3) @ zeros(2, 3)
        print "not reached"

        # %%
        print "the next cell still runs"
        "done"
        """,
        "syntax_errors": """
        # %%
        print "fine"

        # %%
        let = 3

        # %%
        print (1 +
        """,
    ]

    /// The rendered text of `name` in `format` (markdown with its plot file names appended).
    static func render(_ name: String, _ format: String) -> String {
        let notebook = NotebookRunner.render(source: scripts[name] ?? "", file: name + ".dnn")
        switch format {
        case "html": return HTMLNotebookRenderer().render(notebook)
        case "ipynb": return IpynbRenderer().render(notebook)
        default:
            let (markdown, files) = MarkdownNotebookRenderer(filesDirectory: name + "_files").render(notebook)
            return markdown + files.map { "<!-- file: \($0.path), \($0.contents.utf8.count) bytes -->\n" }.joined()
        }
    }
}

@Suite struct NotebookSnapshotTests {
    @Test("notebook snapshot", arguments: ["outputs", "syntax_errors"], ["html", "ipynb", "md"])
    func snapshot(_ name: String, _ format: String) throws {
        let rendered = NotebookSnapshots.render(name, format)
        let url = NotebookSnapshots.directory.appendingPathComponent("\(name).\(format)")
        if NotebookSnapshots.recording || !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: NotebookSnapshots.directory, withIntermediateDirectories: true)
            try Data(rendered.utf8).write(to: url, options: .atomic)
            if !NotebookSnapshots.recording { Issue.record("recorded the missing snapshot \(url.lastPathComponent); run again") }
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if rendered != expected {
            let got = rendered.components(separatedBy: "\n"), want = expected.components(separatedBy: "\n")
            let line = (0..<min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
            Issue.record("""
            \(url.lastPathComponent) differs at line \(line + 1):
              got:      \(line < got.count ? got[line] : "<end>")
              expected: \(line < want.count ? want[line] : "<end>")
            re-record with DNNSCRIPT_RECORD=1 if the change is meant
            """)
        }
    }

    @Test func htmlIsSelfContainedWithOneInlineSVGPerPlot() {
        let notebook = NotebookRunner.render(source: NotebookSnapshots.scripts["outputs"] ?? "", file: "outputs.dnn")
        let html = HTMLNotebookRenderer().render(notebook)
        #expect(notebook.plots.count == 1)
        #expect(html.components(separatedBy: "<svg").count - 1 == notebook.plots.count)
        for external in ["http:", "https:", "src=", "<link", "<script", "@import", "<?xml"] {
            #expect(!html.contains(external), "the page holds '\(external)'")
        }
        #expect(html.contains("&lt;b&gt;raw HTML&lt;/b&gt;"))
        #expect(html.contains("<title>halves &lt;&amp;&gt;</title>"))
        #expect(html.contains("@media (prefers-color-scheme: dark)"))
    }

    @Test func plotIdsAreUniquePerPlot() {
        let notebook = NotebookRunner.render(source: "plot [1, 2]\nplot [3, 4]", file: "t.dnn")
        let html = HTMLNotebookRenderer().render(notebook)
        #expect(html.contains("id=\"plot1-dnnplot-area\"") && html.contains("url(#plot2-dnnplot-area)"))
        #expect(!html.contains("id=\"dnnplot-area\""))
    }

    @Test func ipynbHasTheNbformatShape() throws {
        let notebook = NotebookRunner.render(source: NotebookSnapshots.scripts["outputs"] ?? "", file: "outputs.dnn")
        let data = Data(IpynbRenderer().render(notebook).utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["nbformat"] as? Int == 4)
        #expect(json["nbformat_minor"] as? Int == 5)
        let metadata = try #require(json["metadata"] as? [String: Any])
        #expect((metadata["kernelspec"] as? [String: String])?["language"] == "dnnscript")
        #expect((metadata["language_info"] as? [String: String])?["file_extension"] == ".dnn")
        let cells = try #require(json["cells"] as? [[String: Any]])
        #expect(cells.map { $0["cell_type"] as? String } == ["markdown", "code", "code", "code", "code"])
        #expect(cells.map { $0["id"] as? String } == ["cell-1", "cell-2", "cell-3", "cell-4", "cell-5"])
        let outputTypes = cells.map { (($0["outputs"] as? [[String: Any]]) ?? []).compactMap { $0["output_type"] as? String } }
        #expect(outputTypes == [[], ["stream", "execute_result"], ["stream", "stream", "display_data"], ["error"],
                                ["stream", "execute_result"]])
    }

    /// The real validator, when python3 has nbformat (CI installs it; scripts/ci/notebooks.sh).
    @Test func ipynbPassesTheNbformatValidator() throws {
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile) else {
            return   // no python3: scripts/ci/notebooks.sh validates in CI
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dnnscript-nb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for name in NotebookSnapshots.scripts.keys.sorted() {
            let url = dir.appendingPathComponent(name + ".ipynb")
            try Data(NotebookSnapshots.render(name, "ipynb").utf8).write(to: url)
            paths.append(url.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", """
        import sys
        try:
            import nbformat
        except ImportError:
            print("nbformat is not installed; skipped"); sys.exit(0)
        for path in sys.argv[1:]:
            nbformat.validate(nbformat.read(path, as_version=4))
        print("valid")
        """] + paths
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "nbformat: \(text)")
    }
}
