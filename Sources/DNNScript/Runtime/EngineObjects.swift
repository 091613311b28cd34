import DNNCore

/// A dataset value: `X` (features × examples) and `Y` (1 × examples).
final class DatasetObject: ScriptObject {
    var dataset: Dataset
    init(_ dataset: Dataset) { self.dataset = dataset }

    /// Labels beyond this are not class indices (regression targets, or junk): no class counts.
    static let maxClassLabel = 100_000

    /// Whether the labels look like class indices, so class counts are safe to compute.
    var hasClassLabels: Bool {
        dataset.classNames.isEmpty == false
            || dataset.Y.values.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= Double(DatasetObject.maxClassLabel) }
    }

    var typeName: String { "dataset" }
    var display: String {
        let counts = hasClassLabels ? dataset.classCounts() : []
        let balance = counts.count > 1 && counts.count <= 10 ? ", classes \(counts.map(String.init).joined(separator: "/"))" : ""
        return "dataset \(dataset.name): \(dataset.count) examples, \(dataset.featureCount) features\(balance)"
    }
    var memberNames: [String] { ["X", "Y", "m", "n", "name", "classes", "counts"] }
    func member(_ name: String) -> Value? {
        switch name {
        case "X": return .matrix(dataset.X)
        case "Y": return .matrix(dataset.Y)
        case "m": return .int(dataset.count)
        case "n": return .int(dataset.featureCount)
        case "name": return .string(dataset.name)
        case "classes": return hasClassLabels ? .int(dataset.classCount) : Value.none
        case "counts": return hasClassLabels ? .list(dataset.classCounts().map(Value.int)) : Value.none
        default: return nil
        }
    }
}

/// An initializer value: `zeros`, `random(scale: s)`, `he`, `xavier`, `glorot`.
final class InitializerObject: ScriptObject {
    /// The scale of plain `random` (the course's small random initialisation).
    static let defaultRandomScale = 0.01

    let initializer: Initializer
    init(_ initializer: Initializer) { self.initializer = initializer }

    /// The initializer a name stands for (`random` at its default scale), or nil.
    static func named(_ name: String) -> Initializer? {
        switch name {
        case "zeros": return .zeros
        case "random": return .random(scale: defaultRandomScale)
        case "he": return .he
        case "xavier": return .xavier
        case "glorot": return .glorot
        default: return nil
        }
    }

    /// The initializer a model file's `init` names (`he`, `random(scale: 10.0)`), or nil.
    static func described(_ text: String) -> Initializer? {
        if text.hasPrefix("random(scale: "), text.hasSuffix(")") {
            return Double(text.dropFirst("random(scale: ".count).dropLast()).map { .random(scale: $0) }
        }
        return text == "random" ? nil : named(text)
    }

    var name: String {
        if case .random = initializer { return "random" }
        return initializer.description
    }

    var typeName: String { "initializer" }
    var display: String {
        if case .random(let scale) = initializer { return "random(scale: \(PythonFormat.repr(scale)))" }
        return initializer.description
    }
    var memberNames: [String] { ["name", "scale"] }
    func member(_ name: String) -> Value? {
        switch name {
        case "name": return .string(self.name)
        case "scale":
            if case .random(let scale) = initializer { return .float(scale) }
            return Value.none
        default: return nil
        }
    }
}

/// A `network NAME { … }` declaration: the architecture, before any weights exist. Its
/// layers are the engine's, with each `dropout` line folded into the keep_prob of the dense
/// layer above it.
final class NetworkObject: ScriptObject {
    /// Activations a dense layer may use, as the language spells them.
    static var activations: [String] { Activation.allCases.map(\.rawValue) }
    /// Units of one layer at most: bigger is refused before anything is allocated.
    static let maxUnits = 100_000

    let name: String
    let inputSize: Int?
    let layers: [LayerSpec]
    /// Where each layer's `dropout` line is, by layer index (0 = the first dense layer), for
    /// messages that name it.
    let dropoutAt: [Int: SourceLocation]
    init(name: String, inputSize: Int?, layers: [LayerSpec], dropoutAt: [Int: SourceLocation] = [:]) {
        self.name = name
        self.inputSize = inputSize
        self.layers = layers
        self.dropoutAt = dropoutAt
    }

    var typeName: String { "network" }
    var display: String {
        var parts = inputSize.map { ["input \($0)"] } ?? []
        for layer in layers {
            var dense = "dense \(layer.units) \(layer.activation.rawValue)"
            if let initializer = layer.initializer { dense += " init: \(InitializerObject(initializer).display)" }
            parts.append(dense)
            if layer.keepProb < 1 { parts.append("dropout \(PythonFormat.repr(layer.keepProb))") }
        }
        return "network \(name) { " + parts.joined(separator: "; ") + " }"
    }
    var memberNames: [String] { ["name", "layers", "sizes"] }
    func member(_ name: String) -> Value? {
        switch name {
        case "name": return .string(self.name)
        case "layers": return .int(layers.count)
        case "sizes": return .list((inputSize.map { [Value.int($0)] } ?? []) + layers.map { .int($0.units) })
        default: return nil
        }
    }
}

/// A regularizer: `l2(λ)`, `l1(λ)`, `dropout(keep_prob)`, `early_stopping(patience: n)`.
final class RegularizerObject: ScriptObject {
    enum Kind: Equatable {
        case l2(lambda: Double), l1(lambda: Double), dropout(keepProb: Double), earlyStopping(patience: Int)
    }
    let kind: Kind
    init(_ kind: Kind) { self.kind = kind }

    var typeName: String { "regularizer" }
    var display: String {
        switch kind {
        case .l2(let l): return "l2(\(PythonFormat.repr(l)))"
        case .l1(let l): return "l1(\(PythonFormat.repr(l)))"
        case .dropout(let k): return "dropout(\(PythonFormat.repr(k)))"
        case .earlyStopping(let p): return "early_stopping(patience: \(p))"
        }
    }
    var memberNames: [String] { ["lambda", "keep_prob", "patience"] }
    func member(_ name: String) -> Value? {
        switch (name, kind) {
        case ("lambda", .l2(let l)), ("lambda", .l1(let l)): return .float(l)
        case ("keep_prob", .dropout(let k)): return .float(k)
        case ("patience", .earlyStopping(let p)): return .int(p)
        default: return nil
        }
    }
}

/// The μ and σ of a training set's features, to normalise new data like it:
/// `let n = normalizer(train)`, `n.mu`, `n.sigma`, `normalize(n, dev, X_new)`.
final class NormalizerObject: ScriptObject {
    let normalizer: Normalizer
    /// The name of the dataset the statistics come from, for messages.
    let fittedOn: String
    init(_ normalizer: Normalizer, fittedOn: String) {
        self.normalizer = normalizer
        self.fittedOn = fittedOn
    }

    var typeName: String { "normalizer" }
    var display: String { "normalizer of \(fittedOn): \(normalizer.mean.count) features" }
    var memberNames: [String] { ["mu", "sigma", "n"] }
    /// μ and σ are columns (features × 1), numpy's `X.mean(axis=1, keepdims=True)` and
    /// `X.std(axis=1, keepdims=True)`, so `(X - n.mu) / n.sigma` broadcasts over examples.
    func member(_ name: String) -> Value? {
        switch name {
        case "mu": return .matrix(Matrix(column: normalizer.mean))
        case "sigma": return .matrix(Matrix(column: normalizer.std))
        case "n": return .int(normalizer.mean.count)
        default: return nil
        }
    }
}
