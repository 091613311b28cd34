/// One dense layer of a network description: units, activation, optional initializer
/// (else the model's default), and the keep probability of inverted dropout on its output.
public struct LayerSpec: Sendable, Equatable, Codable {
    public var units: Int
    public var activation: Activation
    public var initializer: Initializer?
    /// Course `keep_prob`: the fraction of units kept (1 = no dropout). Keras's `rate`
    /// and PyTorch's `p` are the fraction dropped.
    public var keepProb: Double

    public init(units: Int, activation: Activation, initializer: Initializer? = nil, keepProb: Double = 1) {
        self.units = units
        self.activation = activation
        self.initializer = initializer
        self.keepProb = keepProb
    }
}

/// Errors in building or using a network.
public enum NetworkError: Error, Equatable, Sendable, CustomStringConvertible {
    case noLayers
    case badUnits(layer: Int, units: Int)
    case badKeepProb(layer: Int, keepProb: Double)
    case dropoutOnOutput
    case inputSize(expected: Int, found: Int)
    case targetShape(expected: Shape, found: Shape)
    case tooManyParameters(Int)
    case parameterShape(name: String, expected: Shape, found: Shape)
    /// Per-layer lists of different lengths (a model file's weights, biases, activations, keep_probs).
    case layerCounts(weights: Int, biases: Int, activations: Int, keepProbs: Int)
    /// A label row the output cannot be trained on (``Network/checkLabels(_:)``).
    case labelsDoNotFit(LabelMismatch)

    public var description: String {
        switch self {
        case .noLayers: return "a network needs at least one layer"
        case let .badUnits(l, u): return "layer \(l) has \(u) units; a layer needs at least 1"
        case let .badKeepProb(l, k): return "layer \(l) has keep_prob \(k); it must be in (0, 1]"
        case .dropoutOnOutput: return "dropout cannot be applied to the output layer"
        case let .inputSize(e, f): return "the network expects \(e) input features, the data has \(f)"
        case let .targetShape(e, f): return "the targets are \(f), the network's output is \(e)"
        case let .tooManyParameters(n): return "the network would have \(n) parameters, more than the limit of \(Network.maximumParameters)"
        case let .parameterShape(n, e, f): return "\(n) must be \(e), found \(f)"
        case let .layerCounts(w, b, a, k):
            return "the layers do not match: \(w) weight matrices, \(b) bias vectors, \(a) activations, \(k) keep_probs"
        case .labelsDoNotFit(let mismatch): return mismatch.description
        }
    }
}

/// Labels that do not fit a classification output: not 0 or 1 for a single sigmoid unit,
/// not a class index 0 … n[L] − 1 for several output units.
public struct LabelMismatch: Sendable, Equatable, CustomStringConvertible {
    /// The output layer's activation and units.
    public var output: Activation
    public var units: Int
    /// The smallest distinct labels, sorted (at most ``shownLabels``), and how many distinct
    /// labels there are.
    public var labels: [Double]
    public var distinctCount: Int
    /// The first example whose label does not fit, and its label.
    public var example: Int
    public var label: Double
    /// 1 + the largest label when every label is a class index 0, 1, … (more output units
    /// would fit them); nil when some label is not.
    public var classCount: Int?

    /// The most distinct labels a message lists.
    public static let shownLabels = 6

    public init(output: Activation, units: Int, labels: [Double], distinctCount: Int, example: Int, label: Double, classCount: Int?) {
        self.output = output
        self.units = units
        self.labels = labels
        self.distinctCount = distinctCount
        self.example = example
        self.label = label
        self.classCount = classCount
    }

    public var description: String {
        var shown = labels.map(LabelMismatch.text).joined(separator: ", ")
        if distinctCount > labels.count { shown += ", … (\(distinctCount) distinct values)" }
        let needs = units == 1 ? "labels 0 and 1" : units == 2 ? "class indices 0 and 1" : "class indices 0 … \(units - 1)"
        let unitsText = units == 1 ? "" : " of \(units) units"
        return "labels \(shown) do not fit \(withArticle(output.rawValue)) output\(unitsText): it needs \(needs) "
            + "(example \(example) has label \(LabelMismatch.text(label)))"
    }

    /// A label as the course prints a class: 2 for 2.0, else the number itself.
    static func text(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }
}

/// A fully connected network: weights W[l] (n[l] × n[l−1]) and biases b[l] (n[l] × 1), with
/// one activation per layer and the loss it trains on.
public struct Network: Sendable, Equatable {
    /// The refusal threshold for absurd networks (about 1 GiB of float64 parameters).
    public static let maximumParameters = 1 << 27

    /// Layer sizes n[0] (inputs), n[1], …, n[L].
    public private(set) var sizes: [Int]
    /// The activation of layers 1…L.
    public private(set) var activations: [Activation]
    /// Dropout keep probability on the output of layers 1…L (1 = none; always 1 for L).
    public var keepProbs: [Double]
    /// The cost the network trains on.
    public var loss: Loss
    /// W1 … WL.
    public var weights: [Matrix]
    /// b1 … bL.
    public var biases: [Matrix]

    /// Number of layers L (not counting the input).
    public var depth: Int { activations.count }
    /// Total number of weights and biases.
    public var parameterCount: Int { zip(sizes.dropFirst(), sizes).reduce(0) { $0 + $1.0 * $1.1 + $1.0 } }
    /// Whether any layer uses dropout.
    public var usesDropout: Bool { keepProbs.contains { $0 < 1 } }

    /// Builds a network and draws its weights in order W1, W2, …, each row by row.
    /// - Parameters:
    ///   - inputSize: n[0], the number of input features.
    ///   - layers: the layers 1…L.
    ///   - initializer: the default for layers that name none.
    ///   - loss: the cost; by default the one natural for the output activation.
    ///   - rng: the generator the initializers draw from.
    /// - Throws: ``NetworkError`` for empty networks, zero units, bad keep_prob, absurd sizes.
    public init(inputSize: Int, layers: [LayerSpec], initializer: Initializer,
                loss: Loss? = nil, rng: inout NumPyRandom) throws {
        guard !layers.isEmpty else { throw NetworkError.noLayers }
        guard inputSize >= 1 else { throw NetworkError.badUnits(layer: 0, units: inputSize) }
        var total = 0
        var previous = inputSize
        for (i, layer) in layers.enumerated() {
            guard layer.units >= 1 else { throw NetworkError.badUnits(layer: i + 1, units: layer.units) }
            guard layer.keepProb > 0, layer.keepProb <= 1 else {
                throw NetworkError.badKeepProb(layer: i + 1, keepProb: layer.keepProb)
            }
            let (product, overflow) = layer.units.multipliedReportingOverflow(by: previous + 1)
            let (sum, sumOverflow) = total.addingReportingOverflow(product)
            total = overflow || sumOverflow ? Int.max : sum
            guard total <= Network.maximumParameters else { throw NetworkError.tooManyParameters(total) }
            previous = layer.units
        }
        guard layers[layers.count - 1].keepProb == 1 else { throw NetworkError.dropoutOnOutput }
        sizes = [inputSize] + layers.map(\.units)
        activations = layers.map(\.activation)
        keepProbs = layers.map(\.keepProb)
        self.loss = loss ?? Loss.natural(for: layers[layers.count - 1].activation)
        weights = []
        biases = []
        for (l, layer) in layers.enumerated() {
            weights.append(try (layer.initializer ?? initializer).weights(rows: sizes[l + 1], cols: sizes[l], rng: &rng))
            biases.append(try Matrix(rows: sizes[l + 1], cols: 1))
        }
    }

    /// Builds a network from given parameters (a saved model, or a test's numbers), checking
    /// everything the other initialiser guarantees, since a file may say anything.
    /// - Throws: ``NetworkError/layerCounts(weights:biases:activations:keepProbs:)`` for lists
    ///   of different lengths, ``NetworkError/parameterShape(name:expected:found:)`` when W/b
    ///   shapes do not chain, ``NetworkError/badKeepProb(layer:keepProb:)``,
    ///   ``NetworkError/dropoutOnOutput``, ``NetworkError/tooManyParameters(_:)``.
    public init(weights: [Matrix], biases: [Matrix], activations: [Activation],
                keepProbs: [Double]? = nil, loss: Loss? = nil) throws {
        guard !weights.isEmpty else { throw NetworkError.noLayers }
        let keepProbs = keepProbs ?? Array(repeating: 1, count: weights.count)
        guard weights.count == biases.count, weights.count == activations.count, weights.count == keepProbs.count else {
            throw NetworkError.layerCounts(weights: weights.count, biases: biases.count,
                                           activations: activations.count, keepProbs: keepProbs.count)
        }
        guard weights[0].cols >= 1 else { throw NetworkError.badUnits(layer: 0, units: weights[0].cols) }
        for (l, k) in keepProbs.enumerated() where !(k > 0 && k <= 1) {
            throw NetworkError.badKeepProb(layer: l + 1, keepProb: k)
        }
        guard keepProbs[keepProbs.count - 1] == 1 else { throw NetworkError.dropoutOnOutput }
        let parameters = weights.reduce(0) { $0 + $1.count } + biases.reduce(0) { $0 + $1.count }
        guard parameters <= Network.maximumParameters else { throw NetworkError.tooManyParameters(parameters) }
        var sizes = [weights[0].cols]
        for (l, (w, b)) in zip(weights, biases).enumerated() {
            guard w.cols == sizes[l], w.rows >= 1 else {
                throw NetworkError.parameterShape(name: "W\(l + 1)", expected: Shape(w.rows, sizes[l]), found: w.shape)
            }
            guard b.shape == Shape(w.rows, 1) else {
                throw NetworkError.parameterShape(name: "b\(l + 1)", expected: Shape(w.rows, 1), found: b.shape)
            }
            sizes.append(w.rows)
        }
        self.sizes = sizes
        self.activations = activations
        self.weights = weights
        self.biases = biases
        self.keepProbs = keepProbs
        self.loss = loss ?? Loss.natural(for: activations[activations.count - 1])
    }

    /// The output A[L] for inputs X (n[0] × m), in inference mode: dropout is never active.
    /// - Throws: ``NetworkError/inputSize(expected:found:)`` when X has the wrong number of rows.
    public func forward(_ x: Matrix) throws -> Matrix {
        guard x.rows == sizes[0] else { throw NetworkError.inputSize(expected: sizes[0], found: x.rows) }
        return try activationsOf(x).last!
    }

    /// A[1] … A[L] for inputs X in inference mode (used by layer statistics and plots).
    public func activationsOf(_ x: Matrix) throws -> [Matrix] {
        guard x.rows == sizes[0] else { throw NetworkError.inputSize(expected: sizes[0], found: x.rows) }
        var a = x
        var out: [Matrix] = []
        for l in 0..<depth {
            var z = try weights[l].matmul(a)
            z = try z + biases[l]
            a = activations[l].apply(z)
            out.append(a)
        }
        return out
    }

    /// Predicted classes as a 1×m row: for a single sigmoid output, 1 where a > 0.5 (strictly,
    /// as the course), else 0; for several outputs, the index of the largest; for a linear
    /// output, the output itself.
    public func predict(_ x: Matrix) throws -> Matrix {
        let a = try forward(x)
        if a.rows > 1 { return try a.argmax(axis: .rows) }
        if activations.last == .sigmoid || activations.last == .tanh {
            let threshold = activations.last == .tanh ? 0.0 : 0.5
            return a.map { $0 > threshold ? 1 : 0 }
        }
        return a
    }

    /// The fraction of examples whose predicted class equals the label row Y (1×m).
    /// - Throws: when X and Y disagree in their number of examples.
    public func accuracy(_ x: Matrix, _ y: Matrix) throws -> Double {
        let p = try predict(x)
        guard y.shape == p.shape else { throw NetworkError.targetShape(expected: p.shape, found: y.shape) }
        var hits = 0
        for (a, b) in zip(p.values, y.values) where a == b { hits += 1 }
        return Double(hits) / Double(p.count)
    }

    /// Checks that a label row fits the output: 0 or 1 for a single unit trained on binary
    /// cross-entropy (sigmoid), a class index 0 … n[L] − 1 for several units. Targets shaped
    /// like the output, and a single unit's regression targets, are not checked.
    /// - Throws: ``NetworkError/labelsDoNotFit(_:)`` naming the labels and the first example
    ///   whose label does not fit.
    public func checkLabels(_ y: Matrix) throws {
        let outputs = sizes[sizes.count - 1]
        guard y.rows == 1 else { return }
        let fits: (Double) -> Bool
        if outputs == 1 {
            guard loss == .binaryCrossEntropy else { return }
            fits = { $0 == 0 || $0 == 1 }
        } else {
            fits = { $0 >= 0 && $0 < Double(outputs) && $0 == $0.rounded() }
        }
        guard let bad = y.values.firstIndex(where: { !fits($0) }) else { return }
        // NaN is not equal to itself: a set would keep every one.
        var distinct = Set(y.values.filter { !$0.isNaN }).sorted()
        if y.values.contains(where: \.isNaN) { distinct.append(.nan) }
        throw NetworkError.labelsDoNotFit(LabelMismatch(
            output: activations[activations.count - 1], units: outputs,
            labels: Array(distinct.prefix(LabelMismatch.shownLabels)), distinctCount: distinct.count,
            example: bad, label: y.values[bad],
            classCount: distinct.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < 1e9 }) ? distinct.last.map { Int($0) + 1 } : nil))
    }

    /// The training targets for a label row: the row itself for one output unit, one-hot
    /// columns (n[L] × m) for several.
    /// - Throws: ``NetworkError/labelsDoNotFit(_:)`` for labels that do not fit the output
    ///   (``checkLabels(_:)``), ``NetworkError/targetShape(expected:found:)`` for targets of
    ///   another shape.
    public func targets(forLabels y: Matrix) throws -> Matrix {
        let outputs = sizes[sizes.count - 1]
        try checkLabels(y)
        if y.rows == outputs { return y }
        guard y.rows == 1 else { throw NetworkError.targetShape(expected: Shape(outputs, y.cols), found: y.shape) }
        var t = try Matrix(rows: outputs, cols: y.cols)
        for (j, label) in y.values.enumerated() {
            let k = Int(exactly: label) ?? -1
            guard k >= 0, k < outputs else { throw NetworkError.targetShape(expected: Shape(outputs, y.cols), found: y.shape) }
            t[k, j] = 1
        }
        return t
    }

    /// The cost J on (X, Y) in inference mode, plus the regularizer's penalty.
    public func cost(_ x: Matrix, _ y: Matrix, regularizer: Regularizer = .none) throws -> Double {
        let a = try forward(x)
        let t = try targets(forLabels: y)
        return try loss.cost(a, t) + regularizer.cost(weights: weights, examples: x.cols)
    }
}
