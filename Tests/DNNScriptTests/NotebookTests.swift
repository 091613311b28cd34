import Testing
import DNNScript

/// Cells of a script and what running them cell by cell produces.
@Suite struct NotebookTests {
    @Test func splitsAtMarkersWithPreambleTitlesAndMarkdown() {
        let source = """
        let a = 1

        # %% [markdown] Intro
        # # Title
        # Some *text*.

        # %% Setup
        let b = 2

        # %%
        print a + b
        """
        let cells = Notebook(source: source, file: "t.dnn").cells
        #expect(cells.map(\.kind) == [.code, .markdown, .code, .code])
        #expect(cells.map(\.source) == ["let a = 1", "# Title\nSome *text*.", "let b = 2", "print a + b"])
        #expect(cells.map(\.title) == ["", "Intro", "Setup", ""])
        #expect(cells.map(\.firstLine) == [1, 3, 8, 11])
        #expect(cells.map(\.lastLine) == [1, 5, 8, 11])
    }

    @Test func codeAfterMarkdownCommentsIsACodeCellOfItsOwn() {
        let cells = Notebook(source: "# %% [markdown]\n# Nothing to run here.\nprint \"ran\"\n", file: "t.dnn").cells
        #expect(cells.map(\.kind) == [.markdown, .code])
        #expect(cells.map(\.source) == ["Nothing to run here.", "print \"ran\""])
        #expect(cells[1].firstLine == 3)
    }

    @Test func blankPreambleIsNoCellAndEmptyMarkedCellsStay() {
        let cells = Notebook(source: "\n\n# %%\n\n# %%\nprint 1\n", file: "t.dnn").cells
        #expect(cells.map(\.source) == ["", "print 1"])
        #expect(Notebook(source: "print 1\nprint 2", file: "t.dnn").cells.map(\.source) == ["print 1\nprint 2"])
        #expect(Notebook(source: "", file: "t.dnn").cells.isEmpty)
    }

    @Test func eachCellKeepsItsOwnOutputsInOrder() {
        let notebook = NotebookRunner.render(source: """
        # %%
        print "one"
        let x = [1, 2]
        x
        # %%
        3 + 4
        print "two"
        plot [1, 2, 3]
        print "after the plot"
        """, file: "t.dnn")
        #expect(notebook.exitCode == .ok)
        #expect(notebook.cells.map(\.executionCount) == [1, 2])
        #expect(notebook.cells[0].outputs == [.stream(.stdout, "one\n"), .result("[1, 2]")])
        // Only the last expression of a cell is echoed (as Jupyter does); the "plot: NAME"
        // line gives way to the inline plot.
        let second = notebook.cells[1].outputs
        #expect(second.count == 3)
        #expect(second.first == .stream(.stdout, "two\n"))
        guard second.count == 3, case .plot(let plot) = second[1] else {
            Issue.record("no plot in \(second)")
            return
        }
        #expect(plot.name == "t-1.svg")
        #expect(plot.svg.contains("<svg"))
        #expect(second[2] == .stream(.stdout, "after the plot\n"))
        #expect(notebook.plots.map(\.cell) == [1])
    }

    @Test func aFailingCellShowsItsErrorAndTheNextCellsRun() {
        let notebook = NotebookRunner.render(source: """
        # %%
        let a = zeros(2, 3) @ zeros(2, 3)
        # %%
        print "still running"
        """, file: "t.dnn")
        #expect(notebook.exitCode == .software)
        #expect(notebook.cells.map(\.status) == [.runtimeError, .ok])
        guard case .error(let error)? = notebook.cells[0].outputs.last else {
            Issue.record("no error in \(notebook.cells[0].outputs)")
            return
        }
        #expect(error.name == "RuntimeError")
        #expect(error.message == "cannot multiply 2×3 by 2×3")
        #expect(error.rendered.hasPrefix("t.dnn:2:9: error: cannot multiply 2×3 by 2×3\n  let a = zeros(2, 3) @ zeros(2, 3)\n"))
        #expect(notebook.cells[1].outputs == [.stream(.stdout, "still running\n")])
    }

    @Test func stopOnErrorLeavesTheLaterCellsUnrun() {
        let notebook = NotebookRunner.render(source: "# %%\nprint 1 / \"a\"\n# %%\nprint 2\n", file: "t.dnn", stopOnError: true)
        #expect(notebook.cells.map(\.status) == [.runtimeError, .notRun])
        #expect(notebook.cells.map(\.executionCount) == [1, nil])
        #expect(notebook.cells[1].outputs.isEmpty)
        #expect(notebook.exitCode == .software)
    }

    @Test func failedExpectationsMarkTheCellAndExitWithOne() {
        let notebook = NotebookRunner.render(source: "# %%\nexpect 1 == 1, \"ex 1\"\n# %%\nexpect 1 == 2\nprint \"on\"\n", file: "t.dnn")
        #expect(notebook.cells.map(\.status) == [.ok, .failedExpectations])
        #expect(notebook.cells[0].outputs == [.stream(.stdout, "ex 1: correct\n")])
        guard case .stream(.stderr, let text)? = notebook.cells[1].outputs.first else {
            Issue.record("no stderr in \(notebook.cells[1].outputs)")
            return
        }
        #expect(text.hasPrefix("t.dnn:4:8: error: expectation failed\n"))
        #expect(notebook.cells[1].outputs.last == .stream(.stdout, "on\n"))
        #expect(notebook.exitCode == .expectationFailed)
    }

    @Test func syntaxErrorsAreShownInTheirCellsAndNothingRuns() {
        let notebook = NotebookRunner.render(source: """
        # %%
        print "fine"
        # %%
        let = 3
        # %%
        print (1 +
        """, file: "t.dnn")
        #expect(notebook.exitCode == .dataError)
        #expect(notebook.cells.map(\.status) == [.notRun, .staticError, .staticError])
        #expect(notebook.cells.allSatisfy { $0.executionCount == nil })
        #expect(notebook.cells[0].outputs.isEmpty)
        let names = notebook.cells.flatMap(\.outputs).compactMap { output -> String? in
            if case .error(let e) = output { return e.name } else { return nil }
        }
        #expect(names == ["SyntaxError", "SyntaxError"])
    }

    @Test func unknownNamesStopTheRunLikeCheckDoes() {
        let notebook = NotebookRunner.render(source: "# %%\nprint 1\n# %%\nprint nope\n", file: "t.dnn")
        #expect(notebook.exitCode == .dataError)
        #expect(notebook.cells.map(\.status) == [.notRun, .staticError])
    }

    @Test func argumentsReachTheScript() {
        let notebook = NotebookRunner.render(source: "args", file: "t.dnn", options: ScriptOptions(arguments: ["a", "b"]))
        #expect(notebook.cells[0].outputs == [.result("[\"a\", \"b\"]")])
    }

    @Test func anInterruptStopsTheRunInPlace() {
        let console = CaptureHost()
        console.interruptAfterChecks = 0
        let source = "# %%\nlet i = 0\nwhile true { i += 1 }\n# %%\nprint \"never\"\n"
        let notebook = NotebookRunner.render(source: source, file: "t.dnn", console: console)
        #expect(notebook.exitCode == .interrupted)
        #expect(notebook.cells.map(\.status) == [.interrupted, .notRun])
    }
}
