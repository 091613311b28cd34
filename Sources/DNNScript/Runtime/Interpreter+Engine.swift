import DNNCore

extension Interpreter {
    func notYet(_ what: String, at: SourceLocation) -> Diagnostic {
        error("'\(what)' is not available in this build yet", at: at)
    }

    func train(_ model: Expr, on data: Expr, options: Expr?, at: SourceLocation, in env: Environment) throws -> Value {
        throw notYet("train", at: at)
    }

    func evaluateModel(_ model: Expr, on data: Expr, at: SourceLocation, in env: Environment) throws -> Value {
        throw notYet("evaluate", at: at)
    }

    func predict(_ model: Expr, on data: Expr, at: SourceLocation, in env: Environment) throws -> Value {
        throw notYet("predict", at: at)
    }

    func diagnose(_ subject: Expr, data: Expr?, options: Expr?, at: SourceLocation, in env: Environment) throws -> Value {
        throw notYet("diagnose", at: at)
    }

    func load(_ path: Expr, at: SourceLocation, in env: Environment) throws -> Value {
        throw notYet("load", at: at)
    }

    func save(_ model: Expr, to path: Expr, at: SourceLocation, in env: Environment) throws {
        throw notYet("save", at: at)
    }

    func plot(_ subject: PlotSubject, options: Expr?, at: SourceLocation, in env: Environment) throws {
        throw notYet("plot", at: at)
    }

    func gradcheck(_ subject: GradcheckSubject, options: Expr?, at: SourceLocation, in env: Environment) throws -> Value {
        switch subject {
        case .function(let cost, let gradient, let theta):
            return try gradcheckFunction(cost: cost, gradient: gradient, theta: theta, options: options, at: at, in: env)
        case .network:
            throw notYet("gradcheck on a network", at: at)
        }
    }
}
