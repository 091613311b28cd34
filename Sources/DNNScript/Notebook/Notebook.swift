/// A script seen as a notebook: its cells in file order, each with what running it produced.
///
/// The cells come from the `# %%` and `# %% [markdown]` markers the lexer finds (the
/// percent format of Jupytext, VS Code and Spyder). Text before the first marker is a code
/// cell when it is not blank; code lines after a markdown cell's comment lines form a code
/// cell of their own, since a markdown cell cannot run.
public struct Notebook: Sendable {
    /// The file name shown as the notebook's title and in diagnostics.
    public var file: String
    /// The script text.
    public var source: String
    /// The cells, in file order.
    public var cells: [NotebookCell]

    /// Splits a script into cells; nothing runs.
    /// - Parameters:
    ///   - source: the script text.
    ///   - file: the name used in diagnostics and as the title.
    public init(source: String, file: String) {
        self.file = file
        self.source = source
        self.cells = Notebook.split(source: source, file: file)
    }

    /// The exit code a run of this notebook ends with: 65 when it could not start,
    /// 130 when interrupted, 70 when a cell failed, 1 when an expectation failed, else 0.
    public var exitCode: ExitCode {
        let statuses = cells.map(\.status)
        if statuses.contains(.staticError) { return .dataError }
        if statuses.contains(.interrupted) { return .interrupted }
        if statuses.contains(.runtimeError) { return .software }
        if statuses.contains(.failedExpectations) { return .expectationFailed }
        return .ok
    }

    /// Every plot of the notebook, in order, with the cell it belongs to.
    public var plots: [(cell: Int, plot: NotebookPlot)] {
        cells.enumerated().flatMap { index, cell in
            cell.outputs.compactMap { output -> (Int, NotebookPlot)? in
                if case .plot(let plot) = output { return (index, plot) }
                return nil
            }
        }
    }

    private static func split(source: String, file: String) -> [NotebookCell] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var lexer = Lexer(source: source, file: file)
        let markers = lexer.scan().cells
        var cells: [NotebookCell] = []

        func addCode(_ range: Range<Int>, title: String = "") {
            // `range` holds 0-based line indexes; blank lines at both ends are trimmed. An
            // empty cell made with a marker stays: the user wrote it.
            var lower = range.lowerBound, upper = range.upperBound
            while lower < upper, lines[lower].allSatisfy(\.isWhitespace) { lower += 1 }
            while upper > lower, lines[upper - 1].allSatisfy(\.isWhitespace) { upper -= 1 }
            cells.append(NotebookCell(kind: .code, title: title, source: lines[lower..<upper].joined(separator: "\n"),
                                      firstLine: lower + 1, lastLine: upper))
        }

        let firstMarker = markers.first.map { $0.line - 1 } ?? lines.count
        if lines[0..<firstMarker].contains(where: { !$0.allSatisfy(\.isWhitespace) }) {
            addCode(0..<firstMarker)
        }
        for (i, marker) in markers.enumerated() {
            let start = marker.line       // 0-based index of the line after the marker
            let end = i + 1 < markers.count ? markers[i + 1].line - 1 : lines.count
            switch marker.kind {
            case .code:
                addCode(start..<max(start, end), title: marker.title)
            case .markdown:
                var j = start
                while j < end, lines[j].drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("#") { j += 1 }
                cells.append(NotebookCell(kind: .markdown, title: marker.title, source: marker.markdown,
                                          firstLine: marker.line, lastLine: j))
                if lines[j..<max(j, end)].contains(where: { !$0.allSatisfy(\.isWhitespace) }) {
                    addCode(j..<end)
                }
            }
        }
        return cells
    }
}

/// One cell: its text and, once run, its outputs.
public struct NotebookCell: Sendable {
    public enum Kind: Sendable, Equatable { case code, markdown }

    /// How running the cell went.
    public enum Status: Sendable, Equatable {
        /// Not run (a markdown cell, a cell after `--stop-on-error`, or a script that did not start).
        case notRun
        case ok
        /// Ran to the end, but an `expect` failed.
        case failedExpectations
        /// Stopped by a runtime error.
        case runtimeError
        /// Holds a syntax or name error, so the script did not run.
        case staticError
        case interrupted
    }

    public var kind: Kind
    /// The title after `# %%` on the marker line, if any.
    public var title: String
    /// Code cells: the code without the marker line, blank lines trimmed. Markdown cells:
    /// the markdown, without the comment signs.
    public var source: String
    /// The 1-based line of the first line of `source` (of the marker, for markdown cells).
    public var firstLine: Int
    /// The 1-based line of the last line of `source`.
    public var lastLine: Int
    /// The Jupyter `In [n]` number: the order in which the code cells ran; nil when not run.
    public var executionCount: Int?
    public var status: Status = .notRun
    /// What the cell produced, in order.
    public var outputs: [CellOutput] = []

    public init(kind: Kind, title: String, source: String, firstLine: Int, lastLine: Int) {
        self.kind = kind
        self.title = title
        self.source = source
        self.firstLine = firstLine
        self.lastLine = lastLine
    }
}

/// One output of a code cell.
public enum CellOutput: Sendable, Equatable {
    /// Text written to stdout or stderr (cost lines, `print`, warnings, failed expectations);
    /// consecutive writes to one stream are joined.
    case stream(OutputStreamKind, String)
    /// The value of the cell's last statement when it is an expression, as the REPL echoes it.
    case result(String)
    /// A plot.
    case plot(NotebookPlot)
    /// The error that stopped the cell.
    case error(NotebookError)
}

/// A plot made by a cell.
public struct NotebookPlot: Sendable, Equatable {
    /// The file name the plot would have had (`assignment1-1.svg`).
    public var name: String
    /// The SVG document.
    public var svg: String
}

/// An error shown in place of a cell's remaining output.
public struct NotebookError: Sendable, Equatable {
    /// A short class name, as Jupyter shows it (`SyntaxError`, `RuntimeError`, …).
    public var name: String
    /// The one-line message.
    public var message: String
    /// The diagnostic rendered compiler-style: location, source line, caret, notes.
    public var rendered: String
}
