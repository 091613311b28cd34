import DNNCore

extension Interpreter {
    /// Grows a list variable in place for `xs = append(xs, x)`, `xs = xs + ys` and `xs += ys`.
    ///
    /// Lists are values, so each of these made a new list: a loop that appends n items copied
    /// n²/2 of them (20000 appends took 3.5 s). Here the variable lets go of its list before
    /// the append, so the list is appended to where it is when nothing else holds it; when
    /// something does (`let ys = xs`), the append copies, as before. The value reads as it
    /// always did: the list the variable held before the right side ran.
    /// - Returns: false when the statement is not one of these forms or the variable holds no
    ///   list (nothing was evaluated); true when it ran the assignment.
    func growListInPlace(_ name: String, op: BinaryOp?, _ valueExpr: Expr, at: SourceLocation,
                         in env: Environment) throws -> Bool {
        enum Growth { case item(Expr), contents(Expr, opAt: SourceLocation, at: SourceLocation) }
        let growth: Growth
        switch (op, valueExpr) {
        case (.add?, _):
            growth = .contents(valueExpr, opAt: at, at: at)
        case (nil, .binary(.add, .name(name, _), let rhs, let opAt, let binaryAt)):
            growth = .contents(rhs, opAt: opAt, at: binaryAt)
        case (nil, .call(.name("append", _), let arguments, _)):
            guard arguments.count == 2, arguments.allSatisfy({ $0.label == nil }),
                  case .name(name, _) = arguments[0].value,
                  case .builtin(let builtin)? = env.lookup("append"), builtin.name == "append" else { return false }
            growth = .item(arguments[1].value)
        default:
            return false
        }
        guard case .list(var items)? = env.lookup(name) else { return false }
        let before = items.withUnsafeBufferPointer { $0.baseAddress }
        switch growth {
        case .item(let expr):
            let item = try evaluate(expr, in: env)
            guard item.nesting() < Value.maxNesting else {
                throw error("lists and records nested more than \(Value.maxNesting) deep", at: expr.location)
            }
            release(name, holding: before, count: items.count, in: env)
            items.append(item)
        case .contents(let expr, let opAt, let at):
            let more = try evaluate(expr, in: env)
            guard case .list(let added) = more else {
                // Not list + list: whatever `+` makes of it (an error, most likely).
                _ = env.assign(name, try binary(.add, .list(items), more, at: at, opAt: opAt))
                return true
            }
            release(name, holding: before, count: items.count, in: env)
            items.append(contentsOf: added)
        }
        _ = env.assign(name, .list(items))
        return true
    }

    /// Drops the variable's reference to its list when it still holds the list read before
    /// the right side ran, so that list may be appended to where it is.
    private func release(_ name: String, holding buffer: UnsafePointer<Value>?, count: Int, in env: Environment) {
        guard case .list(let now)? = env.lookup(name),
              now.count == count, now.withUnsafeBufferPointer({ $0.baseAddress }) == buffer else { return }
        _ = env.assign(name, .none)
    }
}
