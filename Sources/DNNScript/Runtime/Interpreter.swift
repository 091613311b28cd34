import DNNCore

/// How a statement finished.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returned(Value)
}

/// A warning's place and text: the same one is printed once per run of a source.
struct WarningKey: Hashable {
    let at: SourceLocation
    let message: String
}

/// The tree-walking interpreter: statements, environments, calls.
final class Interpreter {
    /// Deepest chain of user-function calls before "maximum recursion depth exceeded".
    static let maxCallDepth = 1000

    let host: ScriptHost
    var options: ScriptOptions
    let globals = Environment()
    var renderer = DiagnosticRenderer(source: "")
    /// The one generator every random draw uses; `seed N` reseeds it like `np.random.seed(N)`.
    var random: NumPyRandom
    var failedExpectations = 0
    var callStack: [(name: String, at: SourceLocation)] = []
    var fileName = "<script>"
    var plotCounter = 0
    /// The label of the `expect` being checked, for its failure message.
    var currentExpectationLabel: String?
    /// Exercise holes met so far (`hole(task)`), in order; see CourseBuiltins.
    var openHoles: [String] = []
    /// The warnings printed so far in this source (a script, a REPL input, a cell), so that
    /// each is printed once (``warn(_:at:)``).
    var warned: Set<WarningKey> = []
    private var steps = 0

    init(host: ScriptHost, options: ScriptOptions) {
        self.host = host
        self.options = options
        self.random = NumPyRandom(seed: options.seed ?? UInt32.random(in: 0...UInt32.max))
        for builtin in Builtins.all { globals.define(builtin.name, .builtin(builtin)) }
        for (name, value) in Builtins.constants { globals.define(name, value) }
        globals.define("args", .list(options.arguments.map(Value.string)))
    }

    /// Names defined before a run (builtins, `args`, earlier REPL inputs).
    var globalNames: Set<String> { Set(globals.allNames) }

    /// The parameters of the user functions among the globals, under their own names (a
    /// call's errors name the function as declared).
    var globalFunctions: [String: [String]] {
        var result: [String: [String]] = [:]
        for name in globals.allNames {
            if case .function(let f)? = globals.lookup(name), f.declaration.name == name {
                result[name] = f.declaration.parameters.map(\.name)
            }
        }
        return result
    }

    func run(_ program: Program, file: String) throws {
        fileName = file
        warned = []
        for (index, statement) in program.statements.enumerated() {
            echoAllowed = !options.echoLastOnly || index == program.statements.count - 1
            if case .normal = try execute(statement, in: globals) { continue }
            return
        }
    }

    /// Whether the top-level statement running may echo its value (``ScriptOptions/echoLastOnly``).
    private var echoAllowed = true

    // MARK: - Output

    func write(_ text: String, to stream: OutputStreamKind = .stdout) throws {
        do { try host.write(text, to: stream) } catch { throw OutputFailed() }
    }

    /// Informational output, silenced by `--quiet`.
    func inform(_ text: String) throws {
        if !options.quiet { try write(text) }
    }

    func checkInterrupt() throws {
        steps &+= 1
        if steps & 0x3FF == 0 { try stopIfInterrupted() }
    }

    /// Asks the host now, for long engine work that calls back between its parts.
    func stopIfInterrupted() throws {
        if host.isInterrupted() { throw Interrupted() }
    }

    /// What `print` shows of a value (`repr` when `quoted`).
    /// - Throws: a located error when it would pass ``Value/maxPrintedLength`` bytes.
    func printed(_ value: Value, at: SourceLocation, quoted: Bool = false) throws -> String {
        guard let text = value.printed(quoted: quoted) else {
            throw error("the \(value.typeName) is too large to print (more than \(Value.maxPrintedLength) characters)", at: at)
        }
        return text
    }

    // MARK: - Errors

    func error(_ message: String, at location: SourceLocation, point: SourceLocation? = nil,
               notes: [String] = []) -> Diagnostic {
        Diagnostic(message, at: location, point: point, notes: notes, phase: .runtime)
    }

    /// OpenBLAS could not be opened: a located error that ends a script with 69 (EX_UNAVAILABLE).
    func unavailable(_ e: OpenBLASUnavailable, at location: SourceLocation) -> Diagnostic {
        Diagnostic(e.description, at: location, phase: .unavailable)
    }

    // MARK: - Statements

    func execute(_ statements: [Stmt], in env: Environment) throws -> Flow {
        for statement in statements {
            let flow = try execute(statement, in: env)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    func execute(_ statement: Stmt, in env: Environment) throws -> Flow {
        try checkInterrupt()
        switch statement {
        case .expression(let expr, _):
            let value = try evaluate(expr, in: env)
            if options.echoExpressions, echoAllowed, env === globals, !expr.isCommand {
                if value != .none {
                    let text = try printed(value, at: expr.location, quoted: true)
                    do { try host.result(text) } catch { throw OutputFailed() }
                }
            } else {
                try reportCommandResult(expr, value)
            }
        case .let(let name, _, let value, _):
            do {
                env.define(name, try evaluate(value, in: env))
            } catch let stop as Interrupted where stop.partial != nil && value.isTrain {
                // Ctrl-C during `let run = train …`: the name holds the run so far.
                env.define(name, stop.partial!)
                throw Interrupted(boundName: name)
            }
        case .assign(let name, let nameAt, let op, let valueExpr, let at):
            if try growListInPlace(name, op: op, valueExpr, at: at, in: env) { break }
            var value: Value
            do {
                value = try evaluate(valueExpr, in: env)
            } catch let stop as Interrupted where stop.partial != nil && op == nil && valueExpr.isTrain {
                _ = env.assign(name, stop.partial!)
                throw Interrupted(boundName: name)
            }
            if let op {
                guard let old = env.lookup(name) else { throw unknownName(name, at: nameAt, env: env) }
                value = try binary(op, old, value, at: at, opAt: at)
            }
            if !env.assign(name, value) {
                throw error("unknown name '\(name)'", at: nameAt, notes: ["declare it first: let \(name) = …"])
            }
        case .function(let decl, _):
            env.define(decl.name, .function(UserFunction(declaration: decl, closure: env)))
        case .if(let condition, let then, let otherwise, _):
            if try truth(condition, in: env) {
                return try execute(then, in: Environment(parent: env))
            } else if let otherwise {
                return try execute(otherwise, in: Environment(parent: env))
            }
        case .for(let name, _, let sequenceExpr, let body, _):
            return try forLoop(name: name, sequenceExpr, body: body, in: env)
        case .while(let condition, let body, _):
            while try truth(condition, in: env) {
                try checkInterrupt()
                let flow = try execute(body, in: Environment(parent: env))
                switch flow {
                case .breakLoop: return .normal
                case .returned: return flow
                default: continue
                }
            }
        case .return(let expr, _):
            return .returned(try expr.map { try evaluate($0, in: env) } ?? .none)
        case .break:
            return .breakLoop
        case .continue:
            return .continueLoop
        case .print(let exprs, _):
            let texts = try exprs.map { try printed(try evaluate($0, in: env), at: $0.location) }
            try write(texts.joined(separator: " ") + "\n")
        case .expect(let expr, let tolerance, let label, let at):
            try expect(expr, tolerance: tolerance, label: label, at: at, in: env)
        case .seed(let expr, _):
            random.seed(try seedValue(try evaluate(expr, in: env), at: expr.location))
        case .dataset(let name, _, let valueExpr, _):
            env.define(name, try datasetDeclaration(name: name, valueExpr, in: env))
        case .network(let name, _, let layers, let at):
            env.define(name, try networkDeclaration(name: name, layers: layers, at: at, in: env))
        case .regularizer(let name, _, let valueExpr, _):
            env.define(name, try regularizerDeclaration(name: name, valueExpr, in: env))
        case .optimizer(let name, _, let valueExpr, _):
            env.define(name, try optimizerDeclaration(name: name, valueExpr, in: env))
        case .plot(let subject, let options, let at):
            try plot(subject, options: options, at: at, in: env)
        case .save(let model, let path, let at):
            try save(model, to: path, at: at, in: env)
        }
        return .normal
    }

    func seedValue(_ value: Value, at: SourceLocation) throws -> UInt32 {
        guard case .int(let n) = value else {
            throw error("seed must be an int, got \(withArticle(value.typeName))", at: at)
        }
        guard n >= 0, n <= Int(UInt32.max) else {
            throw error("seed must be between 0 and 4294967295, got \(n)", at: at)
        }
        return UInt32(n)
    }

    func truth(_ expr: Expr, in env: Environment) throws -> Bool {
        let value = try evaluate(expr, in: env)
        guard case .bool(let b) = value else {
            var notes: [String] = []
            if case .matrix = value { notes.append("use all(…) or any(…) to turn a 0/1 matrix into a bool") }
            throw error("condition must be a bool, got \(withArticle(value.typeName))", at: expr.location, notes: notes)
        }
        return b
    }

    private func forLoop(name: String, _ sequenceExpr: Expr, body: [Stmt], in env: Environment) throws -> Flow {
        let sequence = try evaluate(sequenceExpr, in: env)
        func runBody(_ item: Value) throws -> Flow? {
            let scope = Environment(parent: env)
            scope.define(name, item)
            let flow = try execute(body, in: scope)
            switch flow {
            case .breakLoop: return .normal
            case .returned: return flow
            default: return nil
            }
        }
        switch sequence {
        case .range(let lower, let upper):
            var i = lower
            while i < upper {
                try checkInterrupt()
                if let flow = try runBody(.int(i)) { return flow }
                i += 1
            }
        case .list(let items):
            for item in items {
                try checkInterrupt()
                if let flow = try runBody(item) { return flow }
            }
        case .string(let s):
            for ch in s { if let flow = try runBody(.string(String(ch))) { return flow } }
        case .record(let r):
            for key in r.keys { if let flow = try runBody(.string(key)) { return flow } }
        case .matrix(let m):
            for r in 0..<m.rows {
                let row = try m.slice(rows: r..<(r + 1), cols: 0..<m.cols)
                if let flow = try runBody(.matrix(row)) { return flow }
            }
        default:
            throw error("cannot loop over \(withArticle(sequence.typeName))", at: sequenceExpr.location,
                        notes: ["loop over a list, a range (0..10), a string, a record or a matrix's rows"])
        }
        return .normal
    }

    func unknownName(_ name: String, at: SourceLocation, env: Environment) -> Diagnostic {
        let note = Suggestions.note(for: name, in: env.allNames.filter { !$0.hasPrefix("_") }.sorted())
        return error("unknown name '\(name)'", at: at, notes: note.map { [$0] } ?? [])
    }
}
