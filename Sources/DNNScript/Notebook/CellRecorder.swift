/// The host a notebook runs against: it keeps each cell's outputs in order, or passes them
/// straight on to a console (`dnnscript FILE --cell N`).
final class CellRecorder: ScriptHost {
    /// The real host: asked about Ctrl-C and shown progress; given every output when
    /// `capturing` is false.
    let console: ScriptHost?
    /// Whether outputs are kept (render) rather than written to the console.
    let capturing: Bool
    /// The outputs of the cell being run.
    private(set) var outputs: [CellOutput] = []
    /// The "plot: NAME" line the interpreter prints after a plot: the plot is inline instead.
    private var plotLine: String?

    init(console: ScriptHost?, capturing: Bool) {
        self.console = console
        self.capturing = capturing
    }

    /// Starts a new cell.
    func reset() {
        outputs = []
        plotLine = nil
    }

    func write(_ text: String, to stream: OutputStreamKind) throws {
        guard capturing else {
            try console?.write(text, to: stream)
            return
        }
        if stream == .stdout, let line = plotLine, text == line {
            plotLine = nil
            return
        }
        plotLine = nil
        if case .stream(stream, let previous)? = outputs.last {
            outputs[outputs.count - 1] = .stream(stream, previous + text)
        } else {
            outputs.append(.stream(stream, text))
        }
    }

    func isInterrupted() -> Bool { console?.isInterrupted() ?? false }

    func savePlot(svg: String, name: String) throws -> String {
        guard capturing else { return try console?.savePlot(svg: svg, name: name) ?? name }
        outputs.append(.plot(NotebookPlot(name: name, svg: svg)))
        plotLine = "plot: \(name)\n"
        return name
    }

    func progress(_ line: String?) { console?.progress(line) }

    /// Adds an echoed value or an error: kept, or written to the console like the REPL does.
    func emit(_ output: CellOutput) throws {
        plotLine = nil
        guard capturing else {
            switch output {
            case .result(let text): try console?.write(text + "\n", to: .stdout)
            case .error(let error): try console?.write(error.rendered, to: .stderr)
            case .stream(let stream, let text): try console?.write(text, to: stream)
            case .plot: break
            }
            return
        }
        outputs.append(output)
    }
}
