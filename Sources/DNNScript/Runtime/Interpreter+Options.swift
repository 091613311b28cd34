import DNNCore

/// The options one command was given, checked against its ``CommandOptions`` table: every
/// name is in the table and every value has the table's type and range.
struct GivenOptions {
    /// A field the table does not name, passed on (`gradcheck J, dJ at θ { x: 2 }`).
    struct Other {
        var key: String
        var keyAt: SourceLocation
        var value: Value
        var at: SourceLocation
    }

    let table: CommandOptions
    /// Where the record stands, or the command when it has none.
    let at: SourceLocation
    private(set) var values: [String: (value: Value, at: SourceLocation)] = [:]
    private(set) var others: [Other] = []
    /// Where each given option's name was written.
    private(set) var keys: [String: SourceLocation] = [:]

    init(table: CommandOptions, at: SourceLocation) {
        self.table = table
        self.at = at
    }

    fileprivate mutating func set(_ name: String, _ value: Value, at: SourceLocation, keyAt: SourceLocation? = nil) {
        values[name] = (value, at)
        keys[name] = keyAt ?? at
    }
    fileprivate mutating func pass(_ other: Other) { others.append(other) }

    func given(_ name: String) -> Bool { values[name] != nil }

    /// The names given, in no particular order.
    var givenNames: [String] { Array(values.keys) }

    /// Where the name of a given option was written, else the record.
    func keyLocation(_ name: String) -> SourceLocation { keys[name] ?? at }

    /// The value given, else the table's default; nil when neither.
    func value(_ name: String) -> Value? { values[name]?.value ?? table[name]?.defaultValue }

    /// Where the value was written (for errors about it), else the record.
    func location(_ name: String) -> SourceLocation { values[name]?.at ?? at }

    /// Where the given option an engine message opens with was written (`shuffle_seed + epochs
    /// must…`, `lr_decay: …`), or nil.
    func location(openingMessage text: String) -> SourceLocation? {
        table.names.first { given($0) && (text.hasPrefix($0 + " ") || text.hasPrefix($0 + ":")) }.map(location)
    }

    /// An option with a default, as a number (its type was checked when it was given).
    func number(_ name: String) -> Double { value(name)?.number ?? .nan }

    /// An int option, or nil when left out without a default.
    func int(_ name: String) -> Int? {
        if case .int(let n)? = value(name) { return n }
        return nil
    }

    func bool(_ name: String) -> Bool {
        if case .bool(let b)? = value(name) { return b }
        return false
    }

    func string(_ name: String) -> String? {
        if case .string(let s)? = value(name) { return s }
        return nil
    }
}

extension Interpreter {
    /// Reads a command's `{ … }` record against its table: an unknown name is an error at the
    /// name (with did-you-mean) before any value is evaluated; then each value must have the
    /// option's type and range.
    func options(_ expr: Expr?, for table: CommandOptions, at: SourceLocation, in env: Environment) throws -> GivenOptions {
        var given = GivenOptions(table: table, at: expr?.location ?? at)
        guard let expr else { return given }
        guard case .record(let fields, _) = expr else {
            throw error("\(table.command) options must be a record { name: value }", at: expr.location)
        }
        if !table.passesOtherFields, let unknown = fields.first(where: { table[$0.key] == nil }) {
            let (message, notes) = table.unknown(unknown.key)
            throw error(message, at: unknown.keyAt, notes: notes)
        }
        if let (message, conflictAt, notes) = table.conflict(in: fields.map { ($0.key, $0.keyAt) }) {
            throw error(message, at: conflictAt, notes: notes)
        }
        for field in fields {
            let value = try evaluate(field.value, in: env)
            if let spec = table[field.key] {
                try checkOption(spec, value, at: field.value.location)
                given.set(field.key, value, at: field.value.location, keyAt: field.keyAt)
            } else {
                given.pass(GivenOptions.Other(key: field.key, keyAt: field.keyAt, value: value, at: field.value.location))
            }
        }
        return given
    }

    /// Refuses a value of the wrong type or out of range: `'iterations' must be an int in 0…100000000, got -1`.
    func checkOption(_ spec: OptionSpec, _ value: Value, at: SourceLocation) throws {
        if try optionValueFits(spec.type, value, at: at) { return }
        var shown = withArticle(value.typeName)
        switch value {
        case .int, .float, .bool, .string, .list, .none:
            let repr = value.repr(upTo: 41)
            if repr.count <= 40 { shown = repr }
        default: break
        }
        throw error("'\(spec.name)' must be \(spec.type.phrase), got \(shown)", at: at)
    }

    private func optionValueFits(_ type: OptionType, _ value: Value, at: SourceLocation) throws -> Bool {
        switch type {
        case .number(let positive):
            guard let x = Self.plainNumber(value), x.isFinite else { return false }
            return !positive || x > 0
        case .fraction:
            guard let x = Self.plainNumber(value) else { return false }
            return x >= 0 && x <= 1
        case .int(let range):
            guard case .int(let n) = value else { return false }
            return range.contains(n)
        case .bool:
            if case .bool = value { return true }
            return false
        case .string:
            if case .string = value { return true }
            return false
        case .strings:
            guard case .list(let items) = value else { return false }
            return items.allSatisfy { if case .string = $0 { return true } else { return false } }
        case .limits:
            guard case .list(let items) = value, items.count == 2, let lo = items[0].number, let hi = items[1].number else { return false }
            return lo.isFinite && hi.isFinite && lo < hi
        case .dataset:
            if case .object(let o) = value { return o is DatasetObject }
            return false
        case .regularizers:
            let items: [Value]
            if case .list(let list) = value { items = list } else { items = [value] }
            return items.allSatisfy { item in
                if case .none = item { return true }
                if case .object(let o) = item { return o is RegularizerObject }
                return false
            }
        case .penalty:
            if case .none = value { return true }
            guard case .object(let o as RegularizerObject) = value else { return false }
            switch o.kind {
            case .l2, .l1: return true
            default: return false
            }
        case .initializer:
            _ = try initializer(value, at: at)
            return true
        case .optimizer:
            return OptimizerObject.optimizer(from: value) != nil
        case .paths:
            guard case .list(let items) = value else { return false }
            return items.allSatisfy { if case .record(let r) = $0, case .list? = r["path"] { return true } else { return false } }
        case .decay:
            switch value {
            case .none, .function: return true
            case .object(let o): return o is DecayObject
            default: return false
            }
        }
    }

    /// An int or a float (not a bool or a 1×1 matrix).
    private static func plainNumber(_ value: Value) -> Double? {
        switch value {
        case .int(let i): return Double(i)
        case .float(let x): return x
        default: return nil
        }
    }
}
