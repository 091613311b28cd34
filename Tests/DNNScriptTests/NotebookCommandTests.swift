import Foundation
import Testing

/// `dnnscript render` and `dnnscript FILE --cell N` through the built binary.
@Suite(.serialized) struct NotebookCommandTests {
    static let script = """
    # %% [markdown]
    # # Lab
    # %%
    print "args:", args
    plot [1, 2, 3]
    # %%
    print 1 / "a"
    # %%
    print "after"
    """

    private func files(in dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    @Test func rendersBesideTheScriptWithArgumentsAndSaysACellFailed() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try EndToEnd.write(Self.script, "lab.dnn", in: dir)
        let result = try EndToEnd.run(["render", path, "--to", "html", "x", "y"], in: dir)
        #expect(result.status == 70)
        #expect(result.stdout == "wrote \(dir.path)/lab.html\n")
        #expect(result.stderr.contains("lab.dnn:7:7: error: "))
        let html = try String(contentsOf: dir.appendingPathComponent("lab.html"), encoding: .utf8)
        #expect(html.contains("<pre class=\"stdout\">args: [&quot;x&quot;, &quot;y&quot;]</pre>"))
        #expect(html.contains("<pre class=\"stdout\">after</pre>"))
        #expect(html.components(separatedBy: "<svg").count == 2)
        #expect(!files(in: dir).contains("plots"), "render keeps plots inline")
    }

    @Test func formatFollowsTheOutputNameAndStopOnErrorStops() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try EndToEnd.write(Self.script, "lab.dnn", in: dir)
        let result = try EndToEnd.run(["render", path, "-o", "out/nb.ipynb", "--stop-on-error", "--quiet"], in: dir)
        #expect(result.status == 70)
        #expect(result.stdout == "")
        let json = try String(contentsOf: dir.appendingPathComponent("out/nb.ipynb"), encoding: .utf8)
        #expect(json.contains("\"nbformat\" : 4") || json.contains("\"nbformat\": 4"))
        #expect(json.contains("print \\\"after\\\""))
        #expect(!json.contains("\"after\\n\""), "the cell after the failing one did not run")
    }

    @Test func markdownWritesItsPlotsBesideIt() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try EndToEnd.write("# %%\nplot [1, 2]\nplot [2, 1] { name: \"down\" }\n", "p.dnn", in: dir)
        let result = try EndToEnd.run(["render", path, "--to", "md"], in: dir)
        #expect(result.status == 0)
        #expect(files(in: dir.appendingPathComponent("p_files")) == ["down.svg", "p-1.svg"])
        let md = try String(contentsOf: dir.appendingPathComponent("p.md"), encoding: .utf8)
        #expect(md.contains("![p-1](p_files/p-1.svg)\n\n![down](p_files/down.svg)"))
    }

    @Test func syntaxErrorsExitWith65AndStillWriteTheNotebook() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try EndToEnd.write("# %%\nprint \"ok\"\n# %%\nlet = 1\n", "bad.dnn", in: dir)
        let result = try EndToEnd.run(["render", path, "--to", "md"], in: dir)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("\(path):4:5: error: expected a name after 'let'"))
        let md = try String(contentsOf: dir.appendingPathComponent("bad.md"), encoding: .utf8)
        #expect(md.contains("error: expected a name after 'let'"))
    }

    @Test func stdinNeedsAnOutputFile() throws {
        let result = try EndToEnd.run(["render", "-"], stdin: "print 1\n")
        #expect(result.status == 64)
        #expect(result.stderr.contains("give an output file with -o"))
    }

    @Test func cellOptionRunsChosenCellsAfterOrBeforeTheFile() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try EndToEnd.write(Self.script, "lab.dnn", in: dir)
        let after = try EndToEnd.run([path, "--cell", "4", "z"], in: dir)
        #expect(after.status == 0)
        #expect(after.stdout == "after\n")
        let before = try EndToEnd.run(["--cell", "2", "--no-plots", path, "q"], in: dir)
        #expect(before.stdout == "args: [\"q\"]\n")
        // Options of the run go before FILE; after it, all but --cell are the script's.
        let range = try EndToEnd.run(["--no-plots", path, "--cell=2-4"], in: dir)
        #expect(range.status == 70)
        #expect(range.stdout == "args: []\n")
        let missing = try EndToEnd.run([path, "--cell", "9"], in: dir)
        #expect(missing.status == 64)
        #expect(missing.stderr == "dnnscript: the script has 4 cells, so there is no cell 9\n")
        let malformed = try EndToEnd.run([path, "--cell", "x"], in: dir)
        #expect(malformed.status == 64)
    }
}
