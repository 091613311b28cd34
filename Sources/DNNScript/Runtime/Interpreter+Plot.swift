import DNNCore

extension Interpreter {
    func plot(_ subject: PlotSubject, options: Expr?, at: SourceLocation, in env: Environment) throws {
        throw error("'plot' is not available in this build yet", at: at)
    }
}
