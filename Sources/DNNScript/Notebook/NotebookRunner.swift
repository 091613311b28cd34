/// Runs a script cell by cell, as `dnnscript render` and `dnnscript FILE --cell N` do.
///
/// The whole file is parsed first, so every syntax error is found; a file with syntax or
/// name errors does not run (as with `dnnscript FILE`) and each error is put in the cell
/// it is in. Otherwise the code cells run in order in one set of globals. A cell that
/// fails keeps its error in place and the next cells still run, unless `stopOnError`.
/// The value of a cell's last statement, when it is a plain expression, is echoed.
public enum NotebookRunner {
    /// Runs every code cell and keeps each cell's outputs.
    /// - Parameters:
    ///   - source: the script text.
    ///   - file: the name used in diagnostics and as the notebook's title.
    ///   - options: arguments, seed, quiet, whether plots are made (they are kept inline, not written).
    ///   - stopOnError: stop at the first cell that fails instead of going on.
    ///   - console: asked whether Ctrl-C was pressed, and shown training progress.
    /// - Returns: the notebook with outputs; its ``Notebook/exitCode`` says how the run went.
    public static func render(source: String, file: String, options: ScriptOptions = ScriptOptions(),
                              stopOnError: Bool = false, console: ScriptHost? = nil) -> Notebook {
        var notebook = Notebook(source: source, file: file)
        let recorder = CellRecorder(console: console, capturing: true)
        _ = ScriptSession.onLargeStack {
            execute(&notebook, chosen: nil, options: options, recorder: recorder, stopOnError: stopOnError)
        }
        return notebook
    }

    /// Runs the chosen cells only, writing their output to `host` as a script run would
    /// (and echoing each cell's last expression). Names a chosen cell uses must be defined
    /// in the chosen cells.
    /// - Parameters:
    ///   - selection: the cells, numbered from 1 in file order.
    ///   - host: where output, plots and errors go.
    /// - Returns: the exit code: 0, 1, 65, 70, 74 or 130.
    /// - Throws: ``CellSelection/Problem`` when the script has fewer cells than chosen.
    public static func run(_ selection: CellSelection, source: String, file: String, host: ScriptHost,
                           options: ScriptOptions = ScriptOptions()) throws -> ExitCode {
        var notebook = Notebook(source: source, file: file)
        try selection.validate(cellCount: notebook.cells.count)
        let recorder = CellRecorder(console: host, capturing: false)
        let chosen = Set((selection.range.lowerBound - 1)...(selection.range.upperBound - 1))
        return ScriptSession.onLargeStack {
            execute(&notebook, chosen: chosen, options: options, recorder: recorder, stopOnError: true)
        }
    }

    /// Runs `notebook` into its cells; returns the exit code.
    private static func execute(_ notebook: inout Notebook, chosen: Set<Int>?, options: ScriptOptions,
                                recorder: CellRecorder, stopOnError: Bool) -> ExitCode {
        let renderer = DiagnosticRenderer(source: notebook.source)
        let interpreter = Interpreter(host: recorder, options: options)
        interpreter.renderer = renderer
        interpreter.fileName = notebook.file

        var program: Program
        do {
            program = try Parser.parse(source: notebook.source, file: notebook.file)
        } catch let diagnostics as Diagnostics {
            return refuse(&notebook, diagnostics.items, renderer: renderer, recorder: recorder)
        } catch {
            return .software
        }
        let owner = notebook.cells.indices.filter { notebook.cells[$0].kind == .code }
        func cellIndex(line: Int) -> Int? {
            owner.last { notebook.cells[$0].firstLine <= line } ?? owner.first
        }
        var statements: [Int: [Stmt]] = [:]
        for statement in program.statements {
            guard let index = cellIndex(line: statement.line) else { continue }
            if let chosen, !chosen.contains(index) { continue }
            statements[index, default: []].append(statement)
        }
        program.statements = notebook.cells.indices.flatMap { statements[$0] ?? [] }
        var checker = Checker(globals: interpreter.globalNames, functions: interpreter.globalFunctions)
        let problems = checker.check(program)
        if !problems.isEmpty { return refuse(&notebook, problems, renderer: renderer, recorder: recorder) }

        var count = 0
        var lastRun: Int?
        defer {
            // Open exercise holes are summed up at the end, as a script run does.
            if let summary = CourseBuiltins.summary(of: interpreter.openHoles), let lastRun {
                if recorder.capturing {
                    var outputs = notebook.cells[lastRun].outputs
                    if case .stream(.stderr, let text)? = outputs.last {
                        outputs[outputs.count - 1] = .stream(.stderr, text + summary)
                    } else {
                        outputs.append(.stream(.stderr, summary))
                    }
                    notebook.cells[lastRun].outputs = outputs
                } else {
                    try? recorder.console?.write(summary, to: .stderr)
                }
            }
        }
        for index in notebook.cells.indices where notebook.cells[index].kind == .code {
            if let chosen, !chosen.contains(index) { continue }
            count += 1
            recorder.reset()
            let expectationsBefore = interpreter.failedExpectations
            var status = NotebookCell.Status.ok
            do {
                try run(statements[index] ?? [], interpreter, recorder)
            } catch is OutputFailed {
                return .ioError
            } catch {
                let failure = NotebookRunner.failure(error, file: notebook.file, renderer: renderer)
                status = failure.status
                do {
                    if status == .interrupted, !recorder.capturing {
                        try recorder.console?.write("interrupted\n", to: .stderr)
                    } else {
                        try recorder.emit(.error(failure.error))
                    }
                } catch {
                    return .ioError
                }
            }
            if status == .ok, interpreter.failedExpectations > expectationsBefore { status = .failedExpectations }
            notebook.cells[index].executionCount = count
            lastRun = index
            notebook.cells[index].status = status
            notebook.cells[index].outputs = recorder.outputs
            if status == .interrupted || (stopOnError && status == .runtimeError) { break }
        }
        return notebook.exitCode
    }

    private static func run(_ statements: [Stmt], _ interpreter: Interpreter, _ recorder: CellRecorder) throws {
        for (i, statement) in statements.enumerated() {
            if i == statements.count - 1, case .expression(let expr, _) = statement, !expr.isCommand {
                try interpreter.checkInterrupt()
                let value = try interpreter.evaluate(expr, in: interpreter.globals)
                if value != .none { try recorder.emit(.result(try interpreter.printed(value, at: expr.location, quoted: true))) }
            } else {
                _ = try interpreter.execute(statement, in: interpreter.globals)
            }
        }
    }

    /// What a thrown error means for the cell.
    private static func failure(_ error: Error, file: String, renderer: DiagnosticRenderer)
        -> (status: NotebookCell.Status, error: NotebookError) {
        switch error {
        case let diagnostic as Diagnostic:
            return (.runtimeError, NotebookError(diagnostic, renderer: renderer))
        case is Interrupted:
            return (.interrupted, NotebookError(name: "KeyboardInterrupt", message: "interrupted", rendered: "interrupted\n"))
        default:
            // Every engine error should arrive as a located Diagnostic; this is the safety net.
            let diagnostic = Diagnostic("\(error)", at: SourceLocation(file: file, line: 0, column: 0, offset: 0, length: 0))
            return (.runtimeError, NotebookError(diagnostic, renderer: renderer))
        }
    }

    /// Puts static errors in the cells they are in; nothing runs. Returns 65 (74 if the
    /// console cannot be written).
    private static func refuse(_ notebook: inout Notebook, _ diagnostics: [Diagnostic], renderer: DiagnosticRenderer,
                               recorder: CellRecorder) -> ExitCode {
        let codeCells = notebook.cells.indices.filter { notebook.cells[$0].kind == .code }
        for diagnostic in diagnostics {
            let line = diagnostic.location.line
            guard let index = codeCells.last(where: { notebook.cells[$0].firstLine <= line }) ?? codeCells.first else { continue }
            notebook.cells[index].status = .staticError
            notebook.cells[index].outputs.append(.error(NotebookError(diagnostic, renderer: renderer)))
        }
        if !recorder.capturing {
            do { try recorder.console?.write(renderer.render(diagnostics), to: .stderr) } catch { return .ioError }
        }
        return .dataError
    }
}

extension NotebookError {
    init(_ diagnostic: Diagnostic, renderer: DiagnosticRenderer) {
        let names: [Diagnostic.Phase: String] = [.syntax: "SyntaxError", .check: "NameError",
                                                 .runtime: "RuntimeError", .expectation: "ExpectationFailed"]
        self.init(name: names[diagnostic.phase] ?? "Error", message: diagnostic.message,
                  rendered: renderer.render(diagnostic))
    }
}

extension Stmt {
    /// The line the statement starts on, which decides its cell.
    var line: Int {
        switch self {
        case .expression(_, let at), .let(_, _, _, let at), .assign(_, _, _, _, let at), .function(_, let at),
             .if(_, _, _, let at), .for(_, _, _, _, let at), .while(_, _, let at), .return(_, let at),
             .break(let at), .continue(let at), .print(_, let at), .expect(_, _, _, let at), .seed(_, let at),
             .dataset(_, _, _, let at), .network(_, _, _, let at), .regularizer(_, _, _, let at), .optimizer(_, _, _, let at),
             .plot(_, _, let at), .save(_, _, let at):
            return at.line
        }
    }
}
