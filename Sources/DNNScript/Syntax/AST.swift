/// A parsed script: its statements and its notebook cells.
public struct Program: Sendable {
    public var statements: [Stmt]
    public var cells: [Cell]
}

/// Unary operators.
public enum UnaryOp: String, Sendable { case negate = "-", plus = "+", not = "not" }

/// Binary operators, spelled as in the source.
public enum BinaryOp: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%"
    case power = "^", matmul = "@"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }
}

/// A call argument, positional (`label == nil`) or named (`name: value`).
public struct Argument: Sendable {
    public var label: String?
    public var labelAt: SourceLocation?
    public var value: Expr
}

/// One `key: value` entry of a record literal.
public struct RecordField: Sendable {
    public var key: String
    public var keyAt: SourceLocation
    public var value: Expr
}

/// One position inside `[...]` indexing: a single index or a `lo:hi` slice.
public enum IndexItem: Sendable {
    case single(Expr)
    case slice(lower: Expr?, upper: Expr?, at: SourceLocation)
}

/// A piece of an interpolated string.
public enum InterpolationPart: Sendable {
    case text(String)
    case expr(Expr)
    /// `{expr:spec}`: the value written by a format spec (`{cost:.6f}`).
    case formatted(Expr, FormatSpec)
}

/// Literal constants.
public enum Literal: Sendable {
    case int(Int), float(Double), string(String), bool(Bool), none
}

/// What `gradcheck` checks: a network on data, or a user cost and gradient at a point.
public enum GradcheckSubject: Sendable {
    case network(model: Expr, data: Expr)
    case function(cost: Expr, gradient: Expr, theta: Expr)
}

/// Expressions. `at` is the whole span of the node.
public indirect enum Expr: Sendable {
    case literal(Literal, at: SourceLocation)
    case interpolation([InterpolationPart], at: SourceLocation)
    case name(String, at: SourceLocation)
    case list([Expr], at: SourceLocation)
    case record([RecordField], at: SourceLocation)
    case unary(UnaryOp, Expr, opAt: SourceLocation, at: SourceLocation)
    case binary(BinaryOp, Expr, Expr, opAt: SourceLocation, at: SourceLocation)
    case range(lower: Expr, upper: Expr, at: SourceLocation)
    case call(callee: Expr, arguments: [Argument], at: SourceLocation)
    case index(base: Expr, items: [IndexItem], at: SourceLocation)
    case member(base: Expr, name: String, nameAt: SourceLocation, at: SourceLocation)
    /// `train M on D { options }`: trains and gives the run (history).
    case train(model: Expr, data: Expr, options: Expr?, at: SourceLocation)
    /// `evaluate M on D`: a record of cost and accuracy.
    case evaluate(model: Expr, data: Expr, at: SourceLocation)
    /// `predict M on D`: the 0/1 predictions as a 1×m matrix.
    case predict(model: Expr, data: Expr, at: SourceLocation)
    /// `gradcheck …`: a record with the difference and a verdict.
    case gradcheck(GradcheckSubject, options: Expr?, at: SourceLocation)
    /// `minimize F, dF from θ { … }`: an optimizer's path on a plain function.
    case minimize(cost: Expr, gradient: Expr, theta: Expr, options: Expr?, at: SourceLocation)
    /// `diagnose …`: bias/variance diagnosis.
    case diagnose(subject: Expr, data: Expr?, options: Expr?, at: SourceLocation)
    /// `load "file.json"`: a model.
    case load(path: Expr, at: SourceLocation)

    /// The span of the whole expression.
    public var location: SourceLocation {
        switch self {
        case .literal(_, let at), .interpolation(_, let at), .name(_, let at), .list(_, let at),
             .record(_, let at), .unary(_, _, _, let at), .binary(_, _, _, _, let at),
             .range(_, _, let at), .call(_, _, let at), .index(_, _, let at), .member(_, _, _, let at),
             .train(_, _, _, let at), .evaluate(_, _, let at), .predict(_, _, let at),
             .gradcheck(_, _, let at), .diagnose(_, _, _, let at), .load(_, let at), .minimize(_, _, _, _, let at):
            return at
        }
    }
}

/// A function parameter with an optional default.
public struct Parameter: Sendable {
    public var name: String
    public var at: SourceLocation
    public var defaultValue: Expr?
}

/// A function body: `= expr` or a block.
public enum FunctionBody: Sendable {
    case expression(Expr)
    case block([Stmt])
}

/// A user function declaration.
public struct FunctionDecl: Sendable {
    public var name: String
    public var nameAt: SourceLocation
    public var parameters: [Parameter]
    public var body: FunctionBody
}

/// One line of a `network` declaration.
public enum LayerDecl: Sendable {
    /// `input N`: the number of input features (else taken from the data).
    case input(size: Expr, at: SourceLocation)
    /// `dense N act [init: X]`.
    case dense(units: Expr, activation: String?, activationAt: SourceLocation?, options: [Argument], at: SourceLocation)
    /// `dropout KEEP_PROB`.
    case dropout(keepProb: Expr, at: SourceLocation)
}

/// `plot` forms.
public enum PlotSubject: Sendable {
    /// `plot X` for a dataset, run, list of runs, numbers or a matrix.
    case value(Expr)
    /// `plot X, Y`: numbers against numbers, Y one series or a list of them.
    case xy(x: Expr, y: Expr)
    /// `plot boundary M on D`.
    case boundary(model: Expr, data: Expr)
    /// `plot contour F`: the contours of a function of two parameters (with `paths:` over them).
    case contour(function: Expr)
    /// `plot hist V`: a histogram of numbers (a list, a matrix's entries).
    case hist(Expr)
    /// `plot bars V`: one bar per number, or per field of a record.
    case bars(Expr)
}

/// Statements. `at` is the span of the statement's first token(s).
public indirect enum Stmt: Sendable {
    case expression(Expr, at: SourceLocation)
    case `let`(name: String, nameAt: SourceLocation, value: Expr, at: SourceLocation)
    case assign(name: String, nameAt: SourceLocation, op: BinaryOp?, value: Expr, at: SourceLocation)
    case function(FunctionDecl, at: SourceLocation)
    case `if`(condition: Expr, then: [Stmt], else: [Stmt]?, at: SourceLocation)
    case `for`(name: String, nameAt: SourceLocation, sequence: Expr, body: [Stmt], at: SourceLocation)
    case `while`(condition: Expr, body: [Stmt], at: SourceLocation)
    case `return`(Expr?, at: SourceLocation)
    case `break`(at: SourceLocation)
    case `continue`(at: SourceLocation)
    case print([Expr], at: SourceLocation)
    /// `expect cond` or `expect actual == expected within tol`, with an optional `, "label"`.
    case expect(Expr, tolerance: Expr?, label: Expr?, at: SourceLocation)
    case seed(Expr, at: SourceLocation)
    case dataset(name: String, nameAt: SourceLocation, value: Expr, at: SourceLocation)
    case network(name: String, nameAt: SourceLocation, layers: [LayerDecl], at: SourceLocation)
    case regularizer(name: String, nameAt: SourceLocation, value: Expr, at: SourceLocation)
    case optimizer(name: String, nameAt: SourceLocation, value: Expr, at: SourceLocation)
    case plot(PlotSubject, options: Expr?, at: SourceLocation)
    case save(model: Expr, path: Expr, at: SourceLocation)
}
