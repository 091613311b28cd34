import DNNCore

/// An evaluated call argument.
struct CallArgument {
    var label: String?
    var labelAt: SourceLocation?
    var value: Value
    var at: SourceLocation
}

/// The arguments of a builtin call, bound to its parameters, with typed accessors that
/// report errors at the argument's location.
struct CallContext {
    let interpreter: Interpreter
    let name: String
    let at: SourceLocation
    var bound: [String: CallArgument]
    var rest: [CallArgument]

    func has(_ param: String) -> Bool { bound[param] != nil }

    func value(_ param: String) -> Value? { bound[param]?.value }

    /// A parameter's value; an argument the call lacks is an error, never a crash.
    func argument(_ param: String) throws -> Value {
        guard let v = value(param) else { throw error("missing argument '\(param)' in call to \(name)()") }
        return v
    }

    func location(_ param: String) -> SourceLocation { bound[param]?.at ?? at }

    func error(_ message: String, _ param: String? = nil, notes: [String] = []) -> Diagnostic {
        interpreter.error(message, at: param.map(location) ?? at, notes: notes)
    }

    func typeError(_ param: String, expected: String) -> Diagnostic {
        error("argument '\(param)' of \(name)() must be \(expected), got \(bound[param].map { withArticle($0.value.typeName) } ?? "nothing")", param)
    }

    func int(_ param: String, default fallback: Int? = nil) throws -> Int {
        guard let v = value(param) else {
            if let fallback { return fallback }
            throw error("missing argument '\(param)' in call to \(name)()")
        }
        guard case .int(let i) = v else { throw typeError(param, expected: "an int") }
        return i
    }

    func double(_ param: String, default fallback: Double? = nil) throws -> Double {
        guard let v = value(param) else {
            if let fallback { return fallback }
            throw error("missing argument '\(param)' in call to \(name)()")
        }
        guard let x = v.number else { throw typeError(param, expected: "a number") }
        return x
    }

    func bool(_ param: String, default fallback: Bool) throws -> Bool {
        guard let v = value(param) else { return fallback }
        guard case .bool(let b) = v else { throw typeError(param, expected: "a bool") }
        return b
    }

    func string(_ param: String) throws -> String {
        guard case .string(let s)? = value(param) else { throw typeError(param, expected: "a string") }
        return s
    }

    /// A matrix argument; numbers become 1×1 and lists of numbers rows.
    func matrix(_ param: String) throws -> Matrix {
        guard let v = value(param) else { throw error("missing argument '\(param)' in call to \(name)()") }
        return try interpreter.toMatrix(v, at: location(param), what: "argument '\(param)' of \(name)()")
    }

    /// Runs a matrix operation, turning its error into a located diagnostic.
    func shaped<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as MatrixError { throw interpreter.matrixError(e, at: at) }
        catch let e as OpenBLASUnavailable { throw interpreter.unavailable(e, at: at) }
    }
}

extension Interpreter {
    /// Converts numbers and lists of numbers to a matrix, or reports what was given.
    func toMatrix(_ v: Value, at: SourceLocation, what: String) throws -> Matrix {
        switch v {
        case .matrix(let m): return m
        case .int, .float: return Matrix(scalar: v.number!)
        case .list(let items):
            var row: [Double] = []
            for item in items {
                guard let x = item.number else { throw error("\(what) must be a matrix, got a list containing \(withArticle(item.typeName))", at: at) }
                row.append(x)
            }
            return Matrix(row: row)
        default:
            throw error("\(what) must be a matrix, got \(withArticle(v.typeName))", at: at)
        }
    }

    func call(_ callee: Value, _ arguments: [CallArgument], at: SourceLocation, calleeAt: SourceLocation) throws -> Value {
        switch callee {
        case .function(let f): return try callFunction(f, arguments, at: at)
        case .builtin(let b): return try callBuiltin(b, arguments, at: at)
        default:
            throw error("\(withArticle(callee.typeName)) is not a function", at: calleeAt)
        }
    }

    func callBuiltin(_ builtin: Builtin, _ arguments: [CallArgument], at: SourceLocation) throws -> Value {
        var context = CallContext(interpreter: self, name: builtin.name, at: at, bound: [:], rest: [])
        let names = builtin.parameters.map(\.name)
        var nextPositional = 0
        for argument in arguments {
            if let label = argument.label {
                guard names.contains(label) else {
                    throw unknownArgument(label, at: argument.labelAt ?? argument.at, function: builtin.name, names: names)
                }
                if context.bound[label] != nil {
                    throw error("argument '\(label)' given twice in call to \(builtin.name)()", at: argument.labelAt ?? argument.at)
                }
                context.bound[label] = argument
            } else if builtin.variadic {
                context.rest.append(argument)
            } else {
                guard nextPositional < names.count else {
                    throw error("\(builtin.name)() takes \(arityText(names.count)) but \(arguments.filter { $0.label == nil }.count) were given",
                                at: argument.at, notes: ["\(builtin.name)(\(names.joined(separator: ", ")))"])
                }
                context.bound[names[nextPositional]] = argument
                nextPositional += 1
            }
        }
        for param in builtin.parameters where !param.optional && context.bound[param.name] == nil {
            throw error("missing argument '\(param.name)' in call to \(builtin.name)()", at: at,
                        notes: ["\(builtin.name)(\(names.joined(separator: ", ")))"])
        }
        return try builtin.body(&context)
    }

    private func arityText(_ n: Int) -> String {
        n == 1 ? "1 argument" : "\(n) arguments"
    }

    func unknownArgument(_ label: String, at: SourceLocation, function: String, names: [String]) -> Diagnostic {
        let (message, notes) = Interpreter.unknownArgumentText(label, function: function, names: names)
        return error(message, at: at, notes: notes)
    }

    /// `unknown argument 'x' in call to f()` with a did-you-mean and the signature; the
    /// checker says the same before a run.
    static func unknownArgumentText(_ label: String, function: String, names: [String]) -> (message: String, notes: [String]) {
        var notes: [String] = []
        if let match = Suggestions.closest(to: label, in: names) { notes.append("did you mean '\(match)'?") }
        notes.append(names.isEmpty ? "\(function)() takes no named arguments" : "\(function)(\(names.joined(separator: ", ")))")
        return ("unknown argument '\(label)' in call to \(function)()", notes)
    }

    func callFunction(_ function: UserFunction, _ arguments: [CallArgument], at: SourceLocation) throws -> Value {
        let decl = function.declaration
        let names = decl.parameters.map(\.name)
        guard callStack.count < Interpreter.maxCallDepth else {
            throw error("maximum recursion depth (\(Interpreter.maxCallDepth)) exceeded", at: at,
                        notes: ["does '\(decl.name)' call itself without reaching a base case?"])
        }
        let scope = Environment(parent: function.closure)
        var given: [String: Value] = [:]
        var nextPositional = 0
        for argument in arguments {
            if let label = argument.label {
                guard names.contains(label) else {
                    throw unknownArgument(label, at: argument.labelAt ?? argument.at, function: decl.name, names: names)
                }
                if given[label] != nil {
                    throw error("argument '\(label)' given twice in call to \(decl.name)()", at: argument.labelAt ?? argument.at)
                }
                given[label] = argument.value
            } else {
                guard nextPositional < names.count else {
                    throw error("\(decl.name)() takes \(arityText(names.count)) but \(arguments.filter { $0.label == nil }.count) were given",
                                at: argument.at, notes: ["fn \(decl.name)(\(names.joined(separator: ", ")))"])
                }
                given[names[nextPositional]] = argument.value
                nextPositional += 1
            }
        }
        callStack.append((decl.name, at))
        defer { callStack.removeLast() }
        do {
            for param in decl.parameters {
                if let value = given[param.name] {
                    scope.define(param.name, value)
                } else if let defaultExpr = param.defaultValue {
                    scope.define(param.name, try evaluate(defaultExpr, in: scope))
                } else {
                    throw error("missing argument '\(param.name)' in call to \(decl.name)()", at: at,
                                notes: ["fn \(decl.name)(\(names.joined(separator: ", ")))"])
                }
            }
            switch decl.body {
            case .expression(let expr):
                return try evaluate(expr, in: scope)
            case .block(let statements):
                if case .returned(let value) = try execute(statements, in: scope) { return value }
                return .none
            }
        } catch var diagnostic as Diagnostic {
            if diagnostic.location != at || !diagnostic.trace.isEmpty {
                diagnostic.trace.append((decl.name, at))
            }
            throw diagnostic
        }
    }
}
