import DNNCore

/// An engine object visible to scripts (dataset, network, model, run, …).
///
/// Objects expose read-only members (`m.W1`, `run.costs`) and print as a one-line summary.
public protocol ScriptObject: AnyObject {
    /// The type name used in messages (`model`, `dataset`).
    var typeName: String { get }
    /// What `print` shows.
    var display: String { get }
    /// The names `member(_:)` answers, for did-you-mean.
    var memberNames: [String] { get }
    /// A member's value, or nil when there is no such member.
    func member(_ name: String) -> Value?
}

/// A record: named fields in the order they were written.
public struct Record: Equatable {
    public private(set) var keys: [String] = []
    private var storage: [String: Value] = [:]
    /// Shared by copies and replaced by every change, so equal tags mean equal contents
    /// (what lets shared records be measured and compared once, like lists' buffers).
    final class Tag {}
    private(set) var tag = Tag()

    public init() {}
    public init(_ fields: [(String, Value)]) {
        for (key, value) in fields { self[key] = value }
    }

    public subscript(key: String) -> Value? {
        get { storage[key] }
        set {
            if storage[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            storage[key] = newValue
            tag = Tag()
        }
    }

    public var fields: [(key: String, value: Value)] { keys.compactMap { k in storage[k].map { (k, $0) } } }

    /// Records are equal when they have the same fields with equal values, in any order.
    public static func == (a: Record, b: Record) -> Bool { a.storage == b.storage }
}

/// A runtime value. Numbers follow Python: `int` is a 64-bit integer, `float` a double.
public enum Value: Equatable {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case list([Value])
    case record(Record)
    case matrix(Matrix)
    /// `lower..upper`, half-open.
    case range(Int, Int)
    case function(UserFunction)
    case builtin(Builtin)
    case object(ScriptObject)

    /// The type name used in messages.
    public var typeName: String {
        switch self {
        case .none: return "none"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "string"
        case .list: return "list"
        case .record: return "record"
        case .matrix(let m): return "\(m.rows)×\(m.cols) matrix"
        case .range: return "range"
        case .function, .builtin: return "function"
        case .object(let o): return o.typeName
        }
    }

    /// `items` repeated `count` times (`[0] * n`), written straight into one buffer: a
    /// flattened sequence of copies walked item by item took seconds for 10^7 items.
    static func repeated(_ items: [Value], count: Int) -> [Value] {
        guard count > 0, !items.isEmpty else { return [] }
        if items.count == 1 { return Array(repeating: items[0], count: count) }
        var out: [Value] = []
        out.reserveCapacity(items.count * count)
        for _ in 0..<count { out.append(contentsOf: items) }
        return out
    }

    /// The value as a double when it is an int or a float (bools are not numbers here).
    var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .float(let d): return d
        default: return nil
        }
    }

    /// Where a list's items are, or a record's tag: copies share it, so `a = [a, a]` sixty
    /// times is 61 buffers, not 2^61 lists, and each is compared or measured once.
    private static func identity(_ value: Value) -> UnsafeRawPointer? {
        switch value {
        case .list(let items): return items.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
        case .record(let r): return UnsafeRawPointer(Unmanaged.passUnretained(r.tag).toOpaque())
        default: return nil
        }
    }

    private struct ListPair: Hashable {
        let a: UnsafeRawPointer?, b: UnsafeRawPointer?
    }

    public static func == (a: Value, b: Value) -> Bool {
        var equalLists = Set<ListPair>()
        return equal(a, b, &equalLists)
    }

    /// Equality that compares each pair of list buffers once (`equalLists`: pairs found equal).
    private static func equal(_ a: Value, _ b: Value, _ equalLists: inout Set<ListPair>) -> Bool {
        switch (a, b) {
        case let (.list(x), .list(y)):
            guard x.count == y.count else { return false }
            let pair = ListPair(a: identity(a), b: identity(b))
            if pair.a == pair.b || equalLists.contains(pair) { return true }
            for (p, q) in zip(x, y) where !equal(p, q, &equalLists) { return false }
            equalLists.insert(pair)
            return true
        case let (.record(x), .record(y)):
            guard x.keys.count == y.keys.count else { return false }
            let pair = ListPair(a: identity(a), b: identity(b))
            if pair.a == pair.b || equalLists.contains(pair) { return true }
            for (key, p) in x.fields {
                guard let q = y[key], equal(p, q, &equalLists) else { return false }
            }
            equalLists.insert(pair)
            return true
        case (.none, .none): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.matrix(x), .matrix(y)): return x == y
        case let (.range(a1, b1), .range(a2, b2)): return a1 == a2 && b1 == b2
        case let (.function(x), .function(y)): return x === y
        case let (.builtin(x), .builtin(y)): return x.name == y.name
        case let (.object(x), .object(y)): return x === y
        default:
            if let x = a.number, let y = b.number { return x == y }
            return false
        }
    }

    /// What `print` shows: strings without quotes, everything else as its repr.
    public var display: String {
        if case .string(let s) = self { return s }
        return repr
    }

    /// Lists and records may nest at most this deep, so printing, comparing and freeing
    /// them never exhausts the stack.
    static let maxNesting = 1000

    /// How deeply lists and records nest in this value, counting at most `limit + 1`.
    func nesting(limit: Int = Value.maxNesting) -> Int {
        var known: [UnsafeRawPointer: Int] = [:]
        return nesting(limit: limit, known: &known)
    }

    /// `known`: the exact depths of list buffers already measured (see ``identity(_:)``).
    private func nesting(limit: Int, known: inout [UnsafeRawPointer: Int]) -> Int {
        var deepest = 0
        func visit(_ child: Value) -> Bool {
            switch child {
            case .list, .record:
                deepest = Swift.max(deepest, child.nesting(limit: limit - 1, known: &known))
                return deepest < limit
            default:
                return true
            }
        }
        let key = Value.identity(self)
        if let key, let depth = known[key] { return depth }
        defer { if let key, deepest < limit { known[key] = 1 + deepest } }
        switch self {
        case .list(let items):
            for item in items where !visit(item) { break }
        case .record(let r):
            for key in r.keys where !visit(r[key] ?? .none) { break }
        default:
            return 0
        }
        return 1 + deepest
    }

    /// The most UTF-8 bytes a printed value may have. A list of ten million numbers prints
    /// to about 30 million; a list built by `a = [a, a]` sixty times to 2^60 copies of `a`.
    static let maxPrintedLength = 100_000_000

    /// `display` (or `repr` when `quoted`), or nil when it would pass `limit` bytes; measured
    /// first, once per list buffer, so a list that holds one list 2^60 times costs nothing.
    func printed(quoted: Bool, limit: Int = Value.maxPrintedLength) -> String? {
        if !quoted, case .string(let s) = self { return s.utf8.count <= limit ? s : nil }
        var known: [UnsafeRawPointer: Int] = [:]
        guard reprLength(limit: limit, known: &known) != nil else { return nil }
        return repr
    }

    /// The UTF-8 length of `repr`, or nil past `limit` (`known`: lengths of list buffers).
    private func reprLength(limit: Int, known: inout [UnsafeRawPointer: Int]) -> Int? {
        var total = 2
        switch self {
        case .list(let items):
            let key = Value.identity(self)
            if let key, let length = known[key] { return length }
            for (i, item) in items.enumerated() {
                guard let length = item.reprLength(limit: limit, known: &known) else { return nil }
                total += length + (i > 0 ? 2 : 0)
                if total > limit { return nil }
            }
            if let key { known[key] = total }
        case .record(let r):
            let key = Value.identity(self)
            if let key, let length = known[key] { return length }
            for (i, field) in r.fields.enumerated() {
                guard let length = field.value.reprLength(limit: limit, known: &known) else { return nil }
                total += field.key.utf8.count + 2 + length + (i > 0 ? 2 : 0)
                if total > limit { return nil }
            }
            if let key { known[key] = total }
        default:
            total = repr.utf8.count
        }
        return total <= limit ? total : nil
    }

    /// `repr` cut to about `limit` bytes (ending in `…`), built only that far: for messages and
    /// summaries, where a list holding one list 2^60 times must cost no more than a short one.
    public func repr(upTo limit: Int) -> String {
        var out = ""
        if !appendRepr(to: &out, limit: limit) || out.utf8.count > limit {
            // Cut by scalars: a million combining marks are one character.
            return String(String.UnicodeScalarView(out.unicodeScalars.prefix(max(0, limit - 1)))) + "…"
        }
        return out
    }

    /// Appends `repr` to `out`; false, with `out` past `limit`, as soon as it passes it.
    private func appendRepr(to out: inout String, limit: Int) -> Bool {
        switch self {
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                guard out.utf8.count <= limit, item.appendRepr(to: &out, limit: limit) else { return false }
            }
            out += "]"
        case .record(let r):
            out += "{"
            for (i, field) in r.fields.enumerated() {
                out += (i > 0 ? ", " : "") + field.key + ": "
                guard out.utf8.count <= limit, field.value.appendRepr(to: &out, limit: limit) else { return false }
            }
            out += "}"
        default:
            out += repr
        }
        return out.utf8.count <= limit
    }

    /// The printed form inside lists and records (strings quoted).
    public var repr: String {
        switch self {
        case .none: return "none"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return PythonFormat.repr(d)
        case .string(let s): return quoted(s)
        case .list(let items): return "[" + items.map(\.repr).joined(separator: ", ") + "]"
        case .record(let r): return "{" + r.fields.map { "\($0.key): \($0.value.repr)" }.joined(separator: ", ") + "}"
        case .matrix(let m): return NumpyFormat.string(m)
        case .range(let a, let b): return "\(a)..\(b)"
        case .function(let f): return "<fn \(f.declaration.name)>"
        case .builtin(let b): return b.display ?? "<builtin \(b.name)>"
        case .object(let o): return o.display
        }
    }

    private func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}

/// A function written in the script, with the environment it closes over.
public final class UserFunction {
    public let declaration: FunctionDecl
    let closure: Environment

    init(declaration: FunctionDecl, closure: Environment) {
        self.declaration = declaration
        self.closure = closure
    }
}

/// A function provided by the interpreter.
public struct Builtin {
    /// A declared parameter: name and whether it may be left out.
    public struct Param {
        public var name: String
        public var optional: Bool
        public init(_ name: String, optional: Bool = false) { self.name = name; self.optional = optional }
    }

    public var name: String
    public var parameters: [Param]
    /// Accepts any number of positional arguments (`max`, `min`).
    public var variadic: Bool = false
    /// How the value prints when it stands for something else (initializer `he`).
    public var display: String?
    let body: (inout CallContext) throws -> Value
}

/// Variables of one scope.
final class Environment {
    private(set) var values: [String: Value] = [:]
    let parent: Environment?

    init(parent: Environment? = nil) { self.parent = parent }

    func define(_ name: String, _ value: Value) { values[name] = value }

    func lookup(_ name: String) -> Value? {
        var env: Environment? = self
        while let e = env {
            if let v = e.values[name] { return v }
            env = e.parent
        }
        return nil
    }

    /// Assigns to the nearest scope that has the name; false when none has it.
    func assign(_ name: String, _ value: Value) -> Bool {
        var env: Environment? = self
        while let e = env {
            if e.values[name] != nil { e.values[name] = value; return true }
            env = e.parent
        }
        return false
    }

    /// Every name visible from here (for did-you-mean).
    var allNames: [String] {
        var names: [String] = []
        var env: Environment? = self
        while let e = env { names += e.values.keys; env = e.parent }
        return names
    }
}
