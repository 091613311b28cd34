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

/// An initializer: `zeros`, `random(scale: s)`, `he`, `xavier`, `glorot`.
final class InitializerObject: ScriptObject {
    /// The initializer names, as the course spells them.
    static let names = ["zeros", "random", "he", "xavier", "glorot"]
    static let defaultRandomScale = 0.01

    let name: String
    let scale: Double?
    init(name: String, scale: Double? = nil) { self.name = name; self.scale = scale }

    var typeName: String { "initializer" }
    var display: String { scale.map { "\(name)(scale: \(PythonFormat.repr($0)))" } ?? name }
    var memberNames: [String] { ["name", "scale"] }
    func member(_ name: String) -> Value? {
        switch name {
        case "name": return .string(self.name)
        case "scale": return scale.map(Value.float)
        default: return nil
        }
    }
}

/// A layer of a network declaration, checked but not yet built.
struct LayerLine {
    enum Kind { case dense(units: Int, activation: String), dropout(keepProb: Double) }
    var kind: Kind
    var initializer: InitializerObject?
}

/// A `network NAME { … }` declaration: the architecture, before any weights exist.
final class NetworkObject: ScriptObject {
    /// Activations a dense layer may use.
    static let activations = ["relu", "sigmoid", "tanh", "linear", "softmax", "leaky_relu"]
    /// Units of one layer at most: bigger is refused before anything is allocated.
    static let maxUnits = 100_000

    let name: String
    let inputSize: Int?
    let layers: [LayerLine]
    init(name: String, inputSize: Int?, layers: [LayerLine]) {
        self.name = name
        self.inputSize = inputSize
        self.layers = layers
    }

    var typeName: String { "network" }
    var display: String {
        let parts = layers.map { layer -> String in
            switch layer.kind {
            case .dense(let units, let activation):
                return "dense \(units) \(activation)" + (layer.initializer.map { " init: \($0.display)" } ?? "")
            case .dropout(let keep): return "dropout \(PythonFormat.repr(keep))"
            }
        }
        let input = inputSize.map { ["input \($0)"] } ?? []
        return "network \(name) { " + (input + parts).joined(separator: "; ") + " }"
    }
    var memberNames: [String] { ["name", "layers", "sizes"] }
    func member(_ name: String) -> Value? {
        switch name {
        case "name": return .string(self.name)
        case "layers": return .int(layers.count)
        case "sizes":
            let units = layers.compactMap { layer -> Value? in
                if case .dense(let u, _) = layer.kind { return .int(u) }
                return nil
            }
            return .list((inputSize.map { [Value.int($0)] } ?? []) + units)
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
