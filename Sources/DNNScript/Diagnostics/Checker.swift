import DNNCore

/// Static checks before a script runs (and all that `dnnscript check` does after parsing):
/// every name is declared before use, `break`/`continue` sit in loops, `return` in
/// functions, named arguments of builtins, activations and every command's options (the
/// ``CommandOptions`` tables the interpreter reads too) exist. Reports every problem.
struct Checker {
    private var scopes: [Set<String>]
    private var laterGlobals: [String: Int] = [:]
    private var functionDepth = 0
    private var loopDepth = 0
    private var diagnostics: [Diagnostic] = []
    /// The parameters of the user functions declared in each scope (parallel to `scopes`).
    private var functionParams: [[String: [String]]] = [[:]]
    /// Top-level functions declared once, visible inside function bodies before their line.
    private var laterFunctions: [String: [String]] = [:]
    private let builtins: [String: Builtin]

    /// - Parameters:
    ///   - globals: the names defined before the program (builtins, earlier REPL inputs).
    ///   - functions: the parameters of the user functions among them, so calls to a function
    ///     of an earlier REPL input are checked like calls to one declared in the program.
    init(globals: Set<String>, functions: [String: [String]] = [:]) {
        scopes = [globals]
        functionParams = [functions]
        var table: [String: Builtin] = [:]
        for b in Builtins.all { table[b.name] = b }
        builtins = table
    }

    mutating func check(_ program: Program) -> [Diagnostic] {
        for statement in program.statements {
            switch statement {
            case .let(let name, let at, _, _), .dataset(let name, let at, _, _),
                 .network(let name, let at, _, _), .regularizer(let name, let at, _, _), .optimizer(let name, let at, _, _):
                if laterGlobals[name] == nil { laterGlobals[name] = at.line }
            case .function(let decl, _):
                if laterGlobals[decl.name] == nil { laterGlobals[decl.name] = decl.nameAt.line }
            default: break
            }
        }
        var declared: [String: Int] = [:]
        for statement in program.statements {
            switch statement {
            case .let(let name, _, _, _), .dataset(let name, _, _, _), .network(let name, _, _, _), .regularizer(let name, _, _, _),
                 .optimizer(let name, _, _, _):
                declared[name, default: 0] += 1
            case .function(let decl, _): declared[decl.name, default: 0] += 1
            case .assign(let name, _, _, _, _): declared[name, default: 0] += 1
            default: break
            }
        }
        for case .function(let decl, _) in program.statements where declared[decl.name] == 1 {
            laterFunctions[decl.name] = decl.parameters.map(\.name)
        }
        statements(program.statements)
        return diagnostics
    }

    // MARK: - Scopes

    private mutating func declare(_ name: String) {
        scopes[scopes.count - 1].insert(name)
        functionParams[functionParams.count - 1][name] = nil
    }

    private func isVisible(_ name: String) -> Bool {
        scopes.contains { $0.contains(name) } || (functionDepth > 0 && laterGlobals[name] != nil)
    }

    /// Keywords that are values, so an unknown name may be a typo of one.
    static let valueWords = [Keyword.true, .false, .none].map(\.rawValue)

    private var visibleNames: [String] {
        var names = Set(scopes.flatMap { $0 })
        if functionDepth > 0 { names.formUnion(laterGlobals.keys) }
        return names.sorted()
    }

    /// Like the parser, the checker stops after ``Parser/maxErrors`` problems, so a script of
    /// thousands of unknown names costs thousands of look-ups, not as many suggestion searches.
    private var stopped: Bool { diagnostics.count > Parser.maxErrors }

    private mutating func report(_ message: String, at: SourceLocation, notes: [String] = []) {
        guard !stopped else { return }
        if diagnostics.count == Parser.maxErrors {
            diagnostics.append(Diagnostic("too many errors; stopping", at: at, phase: .check))
            return
        }
        diagnostics.append(Diagnostic(message, at: at, notes: notes, phase: .check))
    }

    private mutating func scoped(_ body: (inout Checker) -> Void) {
        scopes.append([])
        functionParams.append([:])
        body(&self)
        scopes.removeLast()
        functionParams.removeLast()
    }

    // MARK: - Statements

    private mutating func statements(_ list: [Stmt]) {
        for statement in list { self.statement(statement) }
    }

    private mutating func statement(_ statement: Stmt) {
        switch statement {
        case .expression(let e, _): expr(e)
        case .let(let name, _, let value, _):
            expr(value)
            declare(name)
        case .assign(let name, let nameAt, _, let value, _):
            expr(value)
            // The name may now hold anything: its calls are no longer checked.
            if let scope = scopes.indices.last(where: { scopes[$0].contains(name) }) { functionParams[scope][name] = nil }
            if !isVisible(name) {
                report("unknown name '\(name)'", at: nameAt, notes: ["declare it first: let \(name) = …"])
            }
        case .function(let decl, _):
            declare(decl.name)
            functionParams[functionParams.count - 1][decl.name] = decl.parameters.map(\.name)
            let savedLoops = loopDepth
            loopDepth = 0
            functionDepth += 1
            scoped { c in
                for param in decl.parameters {
                    if let d = param.defaultValue { c.expr(d) }
                    c.declare(param.name)
                }
                switch decl.body {
                case .expression(let e): c.expr(e)
                case .block(let body): c.statements(body)
                }
            }
            functionDepth -= 1
            loopDepth = savedLoops
        case .if(let condition, let then, let otherwise, _):
            expr(condition)
            scoped { $0.statements(then) }
            if let otherwise { scoped { $0.statements(otherwise) } }
        case .for(let name, _, let sequence, let body, _):
            expr(sequence)
            loopDepth += 1
            scoped { c in
                c.declare(name)
                c.statements(body)
            }
            loopDepth -= 1
        case .while(let condition, let body, _):
            expr(condition)
            loopDepth += 1
            scoped { $0.statements(body) }
            loopDepth -= 1
        case .return(let value, let at):
            if let value { expr(value) }
            if functionDepth == 0 { report("'return' outside a function", at: at) }
        case .break(let at):
            if loopDepth == 0 { report("'break' outside a loop", at: at) }
        case .continue(let at):
            if loopDepth == 0 { report("'continue' outside a loop", at: at) }
        case .print(let values, _): values.forEach { expr($0) }
        case .expect(let e, let tolerance, let label, _):
            expr(e)
            if let tolerance { expr(tolerance) }
            if let label { expr(label) }
        case .seed(let e, _): expr(e)
        case .dataset(let name, _, let value, _), .regularizer(let name, _, let value, _), .optimizer(let name, _, let value, _):
            expr(value)
            declare(name)
        case .network(let name, _, let layers, _):
            for layer in layers { self.layer(layer) }
            declare(name)
        case .plot(let subject, let options, _):
            switch subject {
            case .value(let e), .hist(let e), .bars(let e): expr(e)
            case .contour(let function): expr(function)
            case .boundary(let a, let b), .xy(let a, let b):
                expr(a)
                expr(b)
            }
            if let options {
                self.options(options, table: .plot)
                // The kind is known before the script runs for every form but `plot X`.
                let kind: PlotKind?
                switch subject {
                case .value: kind = nil
                case .xy: kind = .line
                case .hist: kind = .hist
                case .bars: kind = .bars
                case .boundary: kind = .boundary
                case .contour: kind = .contour
                }
                if let kind, case .record(let fields, _) = options {
                    for field in fields {
                        if let message = CommandOptions.plot.notApplying(field.key, to: kind) { report(message, at: field.keyAt) }
                    }
                }
            }
        case .save(let model, let path, _):
            expr(model)
            expr(path)
        }
    }

    private mutating func layer(_ layer: LayerDecl) {
        switch layer {
        case .input(let size, _): expr(size)
        case .dropout(let keep, _): expr(keep)
        case .dense(let units, let activation, let activationAt, let options, _):
            expr(units)
            if let activation, let activationAt, Activation(rawValue: activation) == nil {
                let note = Suggestions.note(for: activation, in: NetworkObject.activations, listing: "activations")
                report("unknown activation '\(activation)'", at: activationAt, notes: note.map { [$0] } ?? [])
            }
            for option in options {
                if CommandOptions.dense[option.label ?? ""] == nil {
                    let (message, notes) = CommandOptions.dense.unknown(option.label ?? "")
                    report(message, at: option.labelAt ?? option.value.location, notes: notes)
                }
                argumentValue(option)
            }
        }
    }

    /// A command's `{ … }` record: every name must be in the command's table. Fields a
    /// table passes on (`gradcheck J, dJ at θ { x: 2 }`) must be parameters of `passedTo`,
    /// the functions called with them, in the order the run calls them.
    private mutating func options(_ e: Expr, table: CommandOptions, passedTo functions: [Expr] = []) {
        guard case .record(let fields, _) = e else {
            expr(e)
            return
        }
        for field in fields {
            if table[field.key] == nil {
                if table.passesOtherFields {
                    for function in functions {
                        if case .name(let name, _) = function, let params = parameters(ofCalled: name), !params.contains(field.key) {
                            let (message, notes) = table.unknownArgument(field.key, function: name, parameters: params)
                            report(message, at: field.keyAt, notes: notes)
                            break
                        }
                    }
                } else {
                    let (message, notes) = table.unknown(field.key)
                    report(message, at: field.keyAt, notes: notes)
                }
            }
            expr(field.value)
        }
        if let (message, at, notes) = table.conflict(in: fields.map { ($0.key, $0.keyAt) }) {
            report(message, at: at, notes: notes)
        }
    }

    /// The parameters of the function a name calls here, user function or builtin, when the
    /// checker can know it.
    private func parameters(ofCalled name: String) -> [String]? {
        if let params = userFunctionParameters(name) { return params }
        let shadowed = scopes.dropFirst().contains { $0.contains(name) }
        guard !shadowed, laterGlobals[name] == nil, let builtin = builtins[name] else { return nil }
        return builtin.parameters.map(\.name)
    }

    /// The parameters of the user function `name` calls here: the innermost declaration of
    /// the name decides (a variable or parameter of that name is not a known function).
    private func userFunctionParameters(_ name: String) -> [String]? {
        if let scope = scopes.indices.last(where: { scopes[$0].contains(name) }) { return functionParams[scope][name] }
        return functionDepth > 0 ? laterFunctions[name] : nil
    }

    private mutating func reportUnknownArgument(_ label: String, at: SourceLocation, function: String, names: [String]) {
        let (message, notes) = Interpreter.unknownArgumentText(label, function: function, names: names)
        report(message, at: at, notes: notes)
    }

    /// A named argument's value; an unknown name in `init:` is an unknown initializer.
    private mutating func argumentValue(_ argument: Argument) {
        if argument.label == "init", case .name(let name, let at) = argument.value, !isVisible(name) {
            let note = Suggestions.note(for: name, in: Initializer.names, listing: "initializers")
            report("unknown initializer '\(name)'", at: at, notes: note.map { [$0] } ?? [])
            return
        }
        expr(argument.value)
    }

    // MARK: - Expressions

    private mutating func expr(_ e: Expr) {
        switch e {
        case .literal: break
        case .interpolation(let parts, _):
            for part in parts {
                switch part {
                case .expr(let inner), .formatted(let inner, _): expr(inner)
                case .text: break
                }
            }
        case .name(let name, let at):
            guard !isVisible(name), !stopped else { return }
            var notes: [String] = []
            // Names of the same kind: what is in scope and the literal words that stand where a
            // name does (`ture` → `true`), never statement keywords (`nett` is not `let`).
            if let match = Suggestions.closest(to: name, in: visibleNames + Checker.valueWords) {
                notes.append("did you mean '\(match)'?")
            }
            if let line = laterGlobals[name] { notes.append("'\(name)' is defined later, at line \(line)") }
            report("unknown name '\(name)'", at: at, notes: notes)
        case .list(let items, _): items.forEach { expr($0) }
        case .record(let fields, _): fields.forEach { expr($0.value) }
        case .unary(_, let operand, _, _): expr(operand)
        case .binary(_, let l, let r, _, _):
            expr(l)
            expr(r)
        case .range(let l, let u, _):
            expr(l)
            expr(u)
        case .call(let callee, let arguments, _):
            expr(callee)
            checkLabels(callee, arguments)
            arguments.forEach { argumentValue($0) }
        case .index(let base, let items, _):
            expr(base)
            for item in items {
                switch item {
                case .single(let i): expr(i)
                case .slice(let l, let u, _):
                    if let l { expr(l) }
                    if let u { expr(u) }
                }
            }
        case .member(let base, _, _, _): expr(base)
        case .train(let model, let data, let options, _):
            expr(model)
            expr(data)
            if let options { self.options(options, table: .train) }
        case .evaluate(let model, let data, _), .predict(let model, let data, _):
            expr(model)
            expr(data)
        case .gradcheck(let subject, let options, _):
            switch subject {
            case .network(let model, let data):
                expr(model)
                expr(data)
                if let options { self.options(options, table: .gradcheckNetwork) }
            case .function(let cost, let gradient, let theta):
                expr(cost)
                expr(gradient)
                expr(theta)
                // The run calls the gradient first, then the cost.
                if let options { self.options(options, table: .gradcheckFunction, passedTo: [gradient, cost]) }
            }
        case .diagnose(let subject, let data, let options, _):
            if data == nil, case .record = subject {
                self.options(subject, table: .diagnoseErrors)
            } else {
                expr(subject)
            }
            if let data { expr(data) }
            if let options { self.options(options, table: .diagnose) }
        case .load(let path, _): expr(path)
        case .minimize(let cost, let gradient, let theta, let options, _):
            expr(cost)
            expr(gradient)
            expr(theta)
            if let options { self.options(options, table: .minimize) }
        }
    }

    /// Named arguments to builtins (and to user functions declared so far) must exist.
    private mutating func checkLabels(_ callee: Expr, _ arguments: [Argument]) {
        guard case .name(let name, _) = callee, let names = parameters(ofCalled: name) else { return }
        for argument in arguments {
            guard let label = argument.label, !names.contains(label) else { continue }
            reportUnknownArgument(label, at: argument.labelAt ?? argument.value.location, function: name, names: names)
        }
    }
}
