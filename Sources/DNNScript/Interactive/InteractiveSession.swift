import Foundation

/// One REPL session: runs chunks of input against persistent globals (kept after errors),
/// remembers the inputs that succeeded, and answers the REPL's questions (variables,
/// completions). Output and errors go to the host, like a script's.
public final class InteractiveSession {
    /// The name diagnostics give typed input (`<repl>:1:5: error: …`); plots are `repl-N.svg`.
    public static let inputName = "<repl>"

    let host: ScriptHost
    private let options: ScriptOptions
    private var session: ScriptSession
    /// Inputs (and loaded scripts) that ran without error, in order, for `:save`.
    public private(set) var successfulInputs: [String] = []

    /// A session writing to `host`; top-level expression values are echoed.
    /// - Parameters:
    ///   - host: where output, errors and plots go.
    ///   - options: run options (seed, plots directory, …); `echoExpressions` is forced on.
    public init(host: ScriptHost, options: ScriptOptions = ScriptOptions()) {
        var options = options
        options.echoExpressions = true
        self.host = host
        self.options = options
        self.session = ScriptSession(host: host, options: options)
        startingGlobals = session.interpreter.globals.values
    }

    var interpreter: Interpreter { session.interpreter }
    /// The globals a new session has (builtins, constants, `args`).
    private var startingGlobals: [String: Value] = [:]

    /// Runs one complete chunk of input in the session.
    /// - Parameters:
    ///   - input: the text typed (one or more lines).
    ///   - file: the name used in diagnostics.
    ///   - firstLine: the line number diagnostics give the input's first line (a run of
    ///     code after a `:` line of a Jupyter cell starts further down).
    /// - Returns: the exit code a script would have had (0 ok, 65, 70, 130, …).
    @discardableResult
    public func evaluate(_ input: String, file: String = InteractiveSession.inputName, firstLine: Int = 1) -> ExitCode {
        if InputStatus.of(input) == .empty { return .ok }
        let source = String(repeating: "\n", count: max(0, firstLine - 1)) + input
        let code = session.run(source: source, file: file)
        // A stopped `let big = train …` bound its name: `:save` keeps the line that made it.
        if code == .ok || (code == .interrupted && session.boundOnInterrupt != nil) { successfulInputs.append(input) }
        return code
    }

    /// Runs a script file into the session (`:load FILE`).
    /// - Parameter path: the file to read.
    /// - Returns: the exit code, or nil with a message when the file cannot be read.
    public func load(path: String) -> (code: ExitCode?, message: String?) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (nil, "cannot read '\(path)'")
        }
        return (evaluate(String(decoding: data, as: UTF8.self), file: path), nil)
    }

    /// Gives this session every global of `other` (values are shared, names are not: an
    /// assignment here does not reach `other`).
    func adopt(globalsOf other: InteractiveSession) {
        for (name, value) in other.interpreter.globals.values { interpreter.globals.define(name, value) }
    }

    /// Forgets every variable and the saved inputs (`:reset`); the plot counter keeps going
    /// so earlier plot files are not overwritten.
    public func reset() {
        let plots = interpreter.plotCounter
        session = ScriptSession(host: host, options: options)
        startingGlobals = session.interpreter.globals.values
        interpreter.plotCounter = plots
        successfulInputs = []
    }

    /// The session's successful inputs as a runnable script (`:save FILE`).
    public var script: String {
        var text = "# dnnscript session saved from the REPL\n\n"
        for input in successfulInputs {
            text += input + (input.hasSuffix("\n") ? "" : "\n")
        }
        return text
    }

    /// One user-defined global for `:vars`.
    public struct Variable: Equatable, Sendable {
        /// The name.
        public var name: String
        /// Its kind: `int`, `matrix`, `dataset`, `model`, …
        public var kind: String
        /// A one-line summary: the value, a shape, or the object's description.
        public var summary: String

        public init(name: String, kind: String, summary: String) {
            self.name = name
            self.kind = kind
            self.summary = summary
        }
    }

    /// The globals the user defined (not builtins), sorted by name.
    public var variables: [Variable] {
        // What every session starts with is left out, unless the user rebound the name
        // (`let mat = …` over the builtin `mat`).
        let initial = startingGlobals
        var result: [Variable] = []
        for (name, value) in interpreter.globals.values {
            if let start = initial[name], start == value || (start.typeName == value.typeName && start.repr(upTo: Self.maxCompared) == value.repr(upTo: Self.maxCompared)) {
                continue
            }
            result.append(Variable(name: name, kind: Self.kind(of: value), summary: Self.summary(of: value)))
        }
        return result.sorted { $0.name < $1.name }
    }

    static func kind(of value: Value) -> String {
        switch value {
        case .matrix: return "matrix"
        case .object(let o): return o.typeName
        default: return value.typeName
        }
    }

    /// How much of a rebound builtin's printed form is compared with the original's.
    static let maxCompared = 10_000

    /// Longest summary `:vars` shows before cutting with an ellipsis.
    static let maxSummary = 90

    static func summary(of value: Value) -> String {
        let text: String
        switch value {
        case .matrix(let m): text = "\(m.rows)×\(m.cols)"
        case .list(let items): text = "\(items.count) items"
        case .function(let f):
            text = "fn \(f.declaration.name)(\(f.declaration.parameters.map(\.name).joined(separator: ", ")))"
        default: text = value.repr(upTo: maxSummary * 4).split(separator: "\n").first.map(String.init) ?? ""
        }
        // Scalars, not characters: a string of a million combining marks is one character.
        let scalars = text.unicodeScalars
        return scalars.count > maxSummary ? String(String.UnicodeScalarView(scalars.prefix(maxSummary - 1))) + "…" : text
    }
}
