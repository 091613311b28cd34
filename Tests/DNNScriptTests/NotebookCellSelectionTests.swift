import Testing
import DNNScript

/// `dnnscript FILE --cell N[-M]`: which cells run, and how selections are read.
@Suite struct NotebookCellSelectionTests {
    @Test("cell selections", arguments: [("3", 3...3), ("2-4", 2...4), ("2..4", 2...4), (" 1 - 2 ", 1...2), ("5-5", 5...5)])
    func parses(_ text: String, _ range: ClosedRange<Int>) throws {
        #expect(try CellSelection(parsing: text).range == range)
    }

    @Test("malformed cell selections", arguments: ["", "0", "-1", "4-2", "a", "1-2-3", "1-", "1...3", "1..2..3"])
    func refuses(_ text: String) {
        #expect(throws: CellSelection.Problem.malformed(text)) { try CellSelection(parsing: text) }
    }

    static let script = """
    # %% [markdown]
    # Setup first.
    # %%
    let x = 2
    print "setup"
    # %%
    print x * 10
    x + 1
    # %%
    print "last"
    """

    private func run(_ range: ClosedRange<Int>) throws -> (host: CaptureHost, code: ExitCode) {
        let host = CaptureHost()
        let code = try NotebookRunner.run(CellSelection(range: range), source: Self.script, file: "t.dnn", host: host,
                                          options: ScriptOptions(plotsEnabled: false))
        return (host, code)
    }

    @Test func runsTheChosenCellsOnlyAndEchoesTheirLastValue() throws {
        let (host, code) = try run(2...3)
        #expect(code == .ok)
        #expect(host.stdout == "setup\n20\n3\n")
        #expect(try run(4...4).host.stdout == "last\n")
        #expect(try run(1...1).host.stdout == "")
    }

    @Test func aCellNeedingAnUnchosenOneIsANameError() throws {
        let (host, code) = try run(3...3)
        #expect(code == .dataError)
        #expect(host.stderr.hasPrefix("t.dnn:7:7: error: unknown name 'x'\n"))
        #expect(host.stdout == "")
    }

    @Test func aCellPastTheEndIsRefused() {
        #expect(throws: CellSelection.Problem.outOfRange(4...5, cellCount: 4)) { try run(4...5) }
        #expect("\(CellSelection.Problem.outOfRange(9...9, cellCount: 4))" == "the script has 4 cells, so there is no cell 9")
    }

    @Test func aRuntimeErrorStopsTheChosenCells() throws {
        let host = CaptureHost()
        let code = try NotebookRunner.run(CellSelection(range: 1...2), source: "# %%\nprint 1 / \"a\"\n# %%\nprint 2\n",
                                          file: "t.dnn", host: host)
        #expect(code == .software)
        #expect(host.stdout == "")
        #expect(host.stderr.hasPrefix("t.dnn:2:7: error: "))
    }
}
