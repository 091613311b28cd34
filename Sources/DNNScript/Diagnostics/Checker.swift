/// Static checks before a script runs (and all that `dnnscript check` does after parsing):
/// every name is declared before use, `break`/`continue` sit in loops, `return` in
/// functions, named arguments of builtins and activations exist. Reports every problem.
struct Checker {
    /// Option names accepted by each command's `{ … }` record.
    static let commandOptions: [String: [String]] = [
        "train": ["lr", "iterations", "print_every", "batch_size", "regularizer", "dev", "dropout_seed", "progress", "epochs"],
        "plot": ["title", "name", "xlim", "ylim", "width", "height", "log", "labels"],
        "gradcheck": ["regularizer", "epsilon", "threshold", "examples"],
        "diagnose": ["dev", "human", "human_error", "train_error", "dev_error"],
    ]

    private var scopes: [Set<String>]
    private var laterGlobals: [String: Int] = [:]
    private var functionDepth = 0
    private var loopDepth = 0
    private var diagnostics: [Diagnostic] = []
    private var functionParams: [String: [String]] = [:]
    private let builtins: [String: Builtin]

    init(globals: Set<String>) {
        scopes = [globals]
        var table: [String: Builtin] = [:]
        for b in Builtins.all { table[b.name] = b }
        builtins = table
    }

    mutating func check(_ program: Program) -> [Diagnostic] {
        for statement in program.statements {
            switch statement {
            case .let(let name, let at, _, _), .dataset(let name, let at, _, _),
                 .network(let name, let at, _, _), .regularizer(let name, let at, _, _):
                if laterGlobals[name] == nil { laterGlobals[name] = at.line }
            case .function(let decl, _):
                if laterGlobals[decl.name] == nil { laterGlobals[decl.name] = decl.nameAt.line }
            default: break
            }
        }
        statements(program.statements)
        return diagnostics
    }

    // MARK: - Scopes

    private mutating func declare(_ name: String) { scopes[scopes.count - 1].insert(name) }

    private func isVisible(_ name: String) -> Bool {
        scopes.contains { $0.contains(name) } || (functionDepth > 0 && laterGlobals[name] != nil)
    }

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
        body(&self)
        scopes.removeLast()
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
            if !isVisible(name) {
                report("unknown name '\(name)'", at: nameAt, notes: ["declare it first: let \(name) = …"])
            }
        case .function(let decl, _):
            declare(decl.name)
            functionParams[decl.name] = decl.parameters.map(\.name)
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
        case .dataset(let name, _, let value, _), .regularizer(let name, _, let value, _):
            expr(value)
            declare(name)
        case .network(let name, _, let layers, _):
            for layer in layers { self.layer(layer) }
            declare(name)
        case .plot(let subject, let options, _):
            switch subject {
            case .value(let e): expr(e)
            case .boundary(let model, let data):
                expr(model)
                expr(data)
            }
            if let options { self.options(options, command: "plot") }
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
            if let activation, let activationAt, !NetworkObject.activations.contains(activation) {
                let note = Suggestions.note(for: activation, in: NetworkObject.activations, listing: "activations")
                report("unknown activation '\(activation)'", at: activationAt, notes: note.map { [$0] } ?? [])
            }
            for option in options {
                if option.label != "init" {
                    let note = Suggestions.closest(to: option.label ?? "", in: ["init"]).map { "did you mean '\($0)'?" }
                    report("unknown layer option '\(option.label ?? "")'", at: option.labelAt ?? option.value.location,
                           notes: (note.map { [$0] } ?? []) + ["dense layers take: init"])
                }
                argumentValue(option)
            }
        }
    }

    private mutating func options(_ e: Expr, command: String) {
        guard case .record(let fields, _) = e, let names = Checker.commandOptions[command] else {
            expr(e)
            return
        }
        for field in fields {
            if !names.contains(field.key), command != "gradcheck" {
                var notes: [String] = []
                if let match = Suggestions.closest(to: field.key, in: names) { notes.append("did you mean '\(match)'?") }
                notes.append("\(command) options: \(names.joined(separator: ", "))")
                report("unknown \(command) option '\(field.key)'", at: field.keyAt, notes: notes)
            }
            expr(field.value)
        }
    }

    /// A named argument's value; an unknown name in `init:` is an unknown initializer.
    private mutating func argumentValue(_ argument: Argument) {
        if argument.label == "init", case .name(let name, let at) = argument.value, !isVisible(name) {
            let note = Suggestions.note(for: name, in: InitializerObject.names, listing: "initializers")
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
            for case .expr(let inner) in parts { expr(inner) }
        case .name(let name, let at):
            guard !isVisible(name), !stopped else { return }
            var notes: [String] = []
            if let match = Suggestions.closest(to: name, in: visibleNames + Keyword.allCases.map(\.rawValue)) {
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
            if let options { self.options(options, command: "train") }
        case .evaluate(let model, let data, _), .predict(let model, let data, _):
            expr(model)
            expr(data)
        case .gradcheck(let subject, let options, _):
            switch subject {
            case .network(let model, let data):
                expr(model)
                expr(data)
            case .function(let cost, let gradient, let theta):
                expr(cost)
                expr(gradient)
                expr(theta)
            }
            if let options { self.options(options, command: "gradcheck") }
        case .diagnose(let subject, let data, let options, _):
            expr(subject)
            if let data { expr(data) }
            if let options { self.options(options, command: "diagnose") }
        case .load(let path, _): expr(path)
        }
    }

    /// Named arguments to builtins (and to user functions declared so far) must exist.
    private mutating func checkLabels(_ callee: Expr, _ arguments: [Argument]) {
        guard case .name(let name, _) = callee else { return }
        let shadowed = scopes.dropFirst().contains { $0.contains(name) }
        let names: [String]
        if let params = functionParams[name] {
            names = params
        } else if !shadowed, laterGlobals[name] == nil, let builtin = builtins[name] {
            names = builtin.parameters.map(\.name)
        } else {
            return
        }
        for argument in arguments {
            guard let label = argument.label, !names.contains(label) else { continue }
            var notes: [String] = []
            if let match = Suggestions.closest(to: label, in: names) { notes.append("did you mean '\(match)'?") }
            notes.append(names.isEmpty ? "\(name)() takes no named arguments" : "\(name)(\(names.joined(separator: ", ")))")
            report("unknown argument '\(label)' in call to \(name)()", at: argument.labelAt ?? argument.value.location, notes: notes)
        }
    }
}
