import Foundation

/// Runs dnnscript programs against a host. One session keeps its globals between runs
/// (the REPL runs each input in the same session).
public final class ScriptSession {
    /// Stack size of the thread a script runs on: deep (but limited) recursion in user code
    /// and in the tree-walking interpreter fits with room to spare.
    public static let stackSize = 512 << 20

    let interpreter: Interpreter
    private let host: ScriptHost
    /// The name the last interrupted run bound to a run so far (`let r = train …` stopped).
    private(set) var boundOnInterrupt: String?

    /// A session writing to `host`.
    public init(host: ScriptHost, options: ScriptOptions = ScriptOptions()) {
        self.host = host
        self.interpreter = Interpreter(host: host, options: options)
    }

    /// Parses, checks and runs a script.
    /// - Parameters:
    ///   - source: the script text.
    ///   - file: the name used in diagnostics.
    /// - Returns: the exit code: 0, 1 (failed expectations), 65, 70, 74 or 130.
    public func run(source: String, file: String) -> ExitCode {
        Self.onLargeStack { self.runNow(source: source, file: file) }
    }

    /// Parses and checks names without running; reports every error found.
    /// - Returns: 0 or 65.
    public func check(source: String, file: String) -> ExitCode {
        Self.onLargeStack {
            let renderer = DiagnosticRenderer(source: source)
            do {
                let program = try Parser.parse(source: source, file: file)
                var checker = Checker(globals: self.interpreter.globalNames, functions: self.interpreter.globalFunctions)
                let problems = checker.check(program)
                if problems.isEmpty { return .ok }
                return self.report(problems, renderer) ?? .dataError
            } catch let diagnostics as Diagnostics {
                return self.report(diagnostics.items, renderer) ?? .dataError
            } catch {
                return .software
            }
        }
    }

    private func runNow(source: String, file: String) -> ExitCode {
        let renderer = DiagnosticRenderer(source: source)
        let program: Program
        do {
            program = try Parser.parse(source: source, file: file)
        } catch let diagnostics as Diagnostics {
            return report(diagnostics.items, renderer) ?? .dataError
        } catch {
            return .software
        }
        var checker = Checker(globals: interpreter.globalNames, functions: interpreter.globalFunctions)
        let problems = checker.check(program)
        if !problems.isEmpty { return report(problems, renderer) ?? .dataError }
        interpreter.renderer = renderer
        boundOnInterrupt = nil
        interpreter.failedExpectations = 0
        interpreter.openHoles = []
        defer {
            if let summary = CourseBuiltins.summary(of: interpreter.openHoles) { try? host.write(summary, to: .stderr) }
        }
        do {
            try interpreter.run(program, file: file)
        } catch let diagnostic as Diagnostic {
            return report([diagnostic], renderer) ?? (diagnostic.phase == .unavailable ? .unavailable : .software)
        } catch let stop as Interrupted {
            boundOnInterrupt = stop.boundName
            if let name = stop.boundName, interpreter.options.echoExpressions {
                try? host.interrupted("interrupted: \(name) holds the run so far")
            } else {
                try? host.interrupted("interrupted")
            }
            return .interrupted
        } catch is OutputFailed {
            return .ioError
        } catch {
            // Every engine error should arrive as a located Diagnostic; this is the safety net.
            let diagnostic = Diagnostic("\(error)", at: SourceLocation(file: file, line: 0, column: 0, offset: 0, length: 0))
            return report([diagnostic], renderer) ?? .software
        }
        return interpreter.failedExpectations > 0 ? .expectationFailed : .ok
    }

    /// Writes diagnostics to stderr; returns 74 when that fails, else nil.
    private func report(_ diagnostics: [Diagnostic], _ renderer: DiagnosticRenderer) -> ExitCode? {
        do {
            try host.report(diagnostics, rendered: renderer.render(diagnostics))
            return nil
        } catch {
            return .ioError
        }
    }

    /// Runs `body` on a thread with ``stackSize`` of stack and waits for it.
    static func onLargeStack(_ body: @escaping () -> ExitCode) -> ExitCode {
        final class Box: @unchecked Sendable { var code = ExitCode.software; var body: (() -> ExitCode)? }
        let box = Box()
        box.body = body
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.code = box.body?() ?? .software
            box.body = nil
            done.signal()
        }
        thread.stackSize = ScriptSession.stackSize
        thread.start()
        done.wait()
        return box.code
    }
}
