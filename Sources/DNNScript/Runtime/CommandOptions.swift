import DNNCore

/// What an option's value must be. Checked when the script runs (values are not known
/// before); the names are checked by `dnnscript check` too.
enum OptionType: Equatable {
    /// A finite number; with `positive`, > 0.
    case number(positive: Bool)
    /// A number in [0, 1] (an error rate).
    case fraction
    /// An int in a range.
    case int(ClosedRange<Int>)
    case bool
    case string
    /// A list of strings.
    case strings
    /// Axis limits `[low, high]`.
    case limits
    case dataset
    /// A regularizer or a list of them.
    case regularizers
    /// A weight penalty, `l2(λ)` or `l1(λ)`, or none.
    case penalty
    case initializer
    /// A list of `minimize` results (records with a `path`).
    case paths
    case optimizer
    /// A learning-rate decay, a function `f(lr0, epoch)`, or none.
    case decay

    /// How the docs' tables and the error messages name the type.
    var text: String {
        switch self {
        case .number(let positive): return positive ? "number > 0" : "number"
        case .fraction: return "number in [0, 1]"
        case .int(let range):
            if range.upperBound == .max { return "int ≥ \(range.lowerBound)" }
            return "int in \(range.lowerBound)…\(range.upperBound)"
        case .bool: return "bool"
        case .string: return "string"
        case .strings: return "list of strings"
        case .limits: return "[low, high]"
        case .dataset: return "dataset"
        case .regularizers: return "regularizer, list or none"
        case .penalty: return "l2 or l1 regularizer"
        case .initializer: return "initializer"
        case .optimizer: return "optimizer"
        case .paths: return "list of minimize results"
        case .decay: return "decay, fn(lr0, epoch) or none"
        }
    }

    /// The type with its article, for messages: "an int in 0…10", "a bool".
    var phrase: String {
        switch self {
        case .limits: return "a list [low, high] with low < high"
        case .decay: return "a learning-rate decay (inverse, schedule, exponential), a function f(lr0, epoch), or none"
        case .penalty: return "an l2 or l1 regularizer, or none"
        case .regularizers: return "a regularizer, a list of them, or none"
        default: return withArticle(text)
        }
    }
}

/// Sets one field of the engine's ``TrainingOptions`` from an option's checked value.
struct TrainingField {
    let set: (inout TrainingOptions, Value) -> Void

    static func number(_ field: WritableKeyPath<TrainingOptions, Double>) -> TrainingField {
        TrainingField { options, value in
            if let x = value.number { options[keyPath: field] = x }
        }
    }

    static func int(_ field: WritableKeyPath<TrainingOptions, Int>) -> TrainingField {
        TrainingField { options, value in
            if case .int(let n) = value { options[keyPath: field] = n }
        }
    }

    static func int(_ field: WritableKeyPath<TrainingOptions, Int?>) -> TrainingField {
        TrainingField { options, value in
            if case .int(let n) = value { options[keyPath: field] = n }
        }
    }

    static func seed(_ field: WritableKeyPath<TrainingOptions, UInt32?>) -> TrainingField {
        TrainingField { options, value in
            if case .int(let n) = value { options[keyPath: field] = UInt32(exactly: n) }
        }
    }

    static var optimizer: TrainingField {
        TrainingField { options, value in
            if let optimizer = OptimizerObject.optimizer(from: value) { options.optimizer = optimizer }
        }
    }

    /// A dataset option as the engine's (inputs, labels) pair.
    static func data(_ field: WritableKeyPath<TrainingOptions, (x: Matrix, y: Matrix)?>) -> TrainingField {
        TrainingField { options, value in
            if case .object(let o as DatasetObject) = value { options[keyPath: field] = (o.dataset.X, o.dataset.Y) }
        }
    }
}

/// What a `plot` draws; a plot option names the kinds it means something on.
enum PlotKind: String, CaseIterable {
    case dataset, run, runs, line, hist, bars, heatmap, boundary, contour

    /// How the docs and messages name the kind.
    var text: String {
        switch self {
        case .dataset: return "plot DATASET"
        case .run: return "plot RUN"
        case .runs: return "plot [RUN, …]"
        case .line: return "plot Y / plot X, Y"
        case .hist: return "plot hist"
        case .bars: return "plot bars"
        case .heatmap: return "plot MATRIX"
        case .boundary: return "plot boundary"
        case .contour: return "plot contour"
        }
    }

    /// The kinds as a list for a message or a table cell.
    static func list(_ kinds: [PlotKind]) -> String {
        kinds.map { "`\($0.text)`" }.joined(separator: ", ")
    }
}

/// One option of a command's `{ … }` record.
struct OptionSpec {
    let name: String
    let type: OptionType
    /// The value used when the option is left out; nil when there is none.
    let defaultValue: Value?
    /// What the docs say about the default when a value alone does not say it ("full batch").
    let defaultNote: String?
    /// One line for the reference table.
    let doc: String
    /// For a `train` option that is a field of the engine's ``TrainingOptions``: how its value
    /// (given or default) sets it, so the table line is all such an option needs.
    let trains: TrainingField?
    /// For a `plot` option: the kinds of plot it applies to (nil: every kind); any other
    /// kind is a located error naming these.
    let kinds: [PlotKind]?

    init(_ name: String, _ type: OptionType, default defaultValue: Value? = nil, note: String? = nil, _ doc: String,
         trains: TrainingField? = nil, kinds: [PlotKind]? = nil) {
        self.kinds = kinds
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.defaultNote = note
        self.doc = doc
        self.trains = trains
    }

    /// The default column of the reference table.
    var defaultText: String {
        let value = defaultValue.map { $0.repr }
        switch (value, defaultNote) {
        case let (v?, n?): return "\(v) (\(n))"
        case let (v?, nil): return v
        case let (nil, n?): return n
        case (nil, nil): return "none"
        }
    }
}

/// The options of one command, defined once: the checker, the interpreter, completion,
/// `:help` and the tables of docs/language.md all read this table. Adding an option is one
/// line here: a `train` option that is a field of ``TrainingOptions`` names the field
/// (`trains: .int(\.epochs)`); any other needs the code that uses its value too.
struct CommandOptions {
    /// The command word, as error messages name it (`unknown train option 'x'`).
    let command: String
    /// The form it applies to, as the docs' heading names it.
    let form: String
    let options: [OptionSpec]
    /// Other fields are named arguments of the user's functions (`gradcheck J, dJ at θ { x: 2 }`).
    var passesOtherFields = false
    /// What messages call an entry: "option", or "field" for a record of values.
    var noun = "option"
    /// Options that exclude each other (`iterations` and `epochs`).
    var exclusive: [(String, String)] = []

    var names: [String] { options.map(\.name) }

    subscript(name: String) -> OptionSpec? { options.first { $0.name == name } }

    /// The most steps one `train` may take (its cost history is kept in memory).
    static let maxIterations = 100_000_000

    static var train: CommandOptions {
        CommandOptions(command: "train", form: "train MODEL on DATASET { … }", options: [
            OptionSpec("lr", .number(positive: true), default: .float(0.01), "learning rate α (with `lr_decay`, α0)", trains: .number(\.learningRate)),
            OptionSpec("iterations", .int(0...maxIterations), default: .int(1000), "gradient steps (mini-batches count as steps)",
                       trains: .int(\.iterations)),
            OptionSpec("epochs", .int(1...maxIterations), note: "by iterations",
                       "passes over the data instead of `iterations` (not both): ⌈m / batch_size⌉ steps each", trains: .int(\.epochs)),
            OptionSpec("print_every", .int(0...Int.max), default: .int(0), note: "never",
                       "print `Cost after iteration N: COST` when N % print_every == 0 (the cost before step N's update), as the course does; with `epochs`, `Cost after epoch N: COST` (the epoch's cost) and, with `lr_decay`, `learning rate after epoch N: RATE`"),
            OptionSpec("batch_size", .int(1...Int.max), note: "full batch", "mini-batch size; each epoch draws a fresh permutation",
                       trains: .int(\.batchSize)),
            OptionSpec("shuffle_seed", .int(0...Int(UInt32.max)),
                       "before epoch e reseed the generator with shuffle_seed + e + 1 and draw that epoch's permutation — the assignment's `random_mini_batches(…, seed)` with seed 10",
                       trains: .seed(\.shuffleSeed)),
            OptionSpec("optimizer", .optimizer, note: "gd", "how a step moves W and b: `gd`, `momentum(…)`, `rmsprop(…)`, `adam(…)`; its state starts at zero in every train",
                       trains: .optimizer),
            OptionSpec("lr_decay", .decay, "after epoch e the rate becomes f(lr, e): `inverse(…)`, `schedule(…)`, `exponential(…)` or a function `fn f(lr0, epoch)`"),
            OptionSpec("regularizer", .regularizers, "a regularizer or a list of them"),
            OptionSpec("dev", .dataset, "a dataset evaluated while training (dev curves, early stopping)", trains: .data(\.dev)),
            OptionSpec("evaluate_every", .int(1...maxIterations), default: .int(TrainingOptions.defaultEvaluateEvery),
                       "with `dev`: evaluate the dev set on the weights after 0, k, 2k, … steps and after the last step (k = this), whatever the number of steps",
                       trains: .int(\.evaluateEvery)),
            OptionSpec("dropout_seed", .int(0...Int(UInt32.max)),
                       "reseed the generator with this before every forward pass, so every iteration uses the same dropout masks — what assignment 2 does (`np.random.seed(1)` in its forward pass)",
                       trains: .seed(\.dropoutReseed)),
            OptionSpec("progress", .bool, default: .bool(true), "the terminal progress bar"),
        ], exclusive: [("iterations", "epochs")])
    }

    static var minimize: CommandOptions {
        CommandOptions(command: "minimize", form: "minimize F, dF from THETA { … }", options: [
            OptionSpec("optimizer", .optimizer, note: "gd", "how each step moves θ: `gd`, `momentum(…)`, `rmsprop(…)`, `adam(…)`"),
            OptionSpec("lr", .number(positive: true), default: .float(0.01), "learning rate α"),
            OptionSpec("iterations", .int(0...maxMinimizeIterations), default: .int(100), "steps"),
        ])
    }

    /// The most steps one `minimize` may take (its path is kept in memory).
    static let maxMinimizeIterations = 1_000_000

    static var plot: CommandOptions {
        CommandOptions(command: "plot", form: "plot … { … }", options: [
            OptionSpec("title", .string, note: "by the subject", "the figure's title"),
            OptionSpec("name", .string, note: "SCRIPT-N", "the file name in the plots directory (`.svg` is added)"),
            OptionSpec("xlabel", .string, note: "by the subject", "the x axis label"),
            OptionSpec("ylabel", .string, note: "by the subject", "the y axis label"),
            OptionSpec("xlim", .limits, note: "the data", "x axis limits", kinds: PlotKind.allCases.filter { $0 != .bars }),
            OptionSpec("ylim", .limits, note: "the data", "y axis limits"),
            OptionSpec("log", .bool, default: .bool(false), "a log scale on the y axis (cost, counts, bar heights); values ≤ 0 are left out",
                       kinds: [.run, .runs, .line, .hist, .bars]),
            OptionSpec("log_x", .bool, default: .bool(false), "a log scale on the x axis (a λ or learning-rate sweep); x ≤ 0 is left out",
                       kinds: [.line]),
            OptionSpec("bins", .int(1...1000), default: .int(20), "the number of equal-width bins", kinds: [.hist]),
            OptionSpec("labels", .strings, note: "run 1 (lr …), series 1, …, bar index",
                       "one name per run of a list of runs, per series of `plot X, [Y1, Y2]`, per bar, or per path of `plot contour`",
                       kinds: [.runs, .line, .bars, .contour]),
            OptionSpec("paths", .paths, "the paths of `minimize` results drawn over the contours", kinds: [.contour]),
            OptionSpec("width", .int(100...4000), default: .int(640), "width in pixels"),
            OptionSpec("height", .int(100...4000), default: .int(480), "height in pixels"),
        ])
    }

    static var gradcheckNetwork: CommandOptions {
        CommandOptions(command: "gradcheck", form: "gradcheck MODEL on DATA { … }", options: [
            OptionSpec("regularizer", .penalty, "the weight penalty whose term is included in the cost and the gradient"),
            OptionSpec("epsilon", .number(positive: true), default: .float(GradientCheck.defaultEpsilon), "the two-sided difference step ε"),
            OptionSpec("examples", .int(1...Int.max), note: "all", "check on the first N examples (a large network's check on all of them is refused)"),
        ])
    }

    static var gradcheckFunction: CommandOptions {
        CommandOptions(command: "gradcheck", form: "gradcheck J, dJ at THETA { … }", options: [
            OptionSpec("epsilon", .number(positive: true), default: .float(GradientCheck.defaultEpsilon), "the two-sided difference step ε"),
            OptionSpec("threshold", .number(positive: true), default: .float(GradientCheck.passThreshold),
                       "`correct` is true when the difference is below it"),
        ], passesOtherFields: true)
    }

    static var diagnose: CommandOptions {
        CommandOptions(command: "diagnose", form: "diagnose … { … }", options: [
            OptionSpec("dev", .dataset, "the dev set (needed with a model)"),
            OptionSpec("human", .fraction, default: .float(0), "human-level error, the proxy for Bayes error"),
            OptionSpec("tolerance", .fraction, default: .float(Diagnosis.defaultTolerance),
                       "avoidable bias (train − human) or variance (dev − train) above it is high"),
        ])
    }

    /// The fields of the record in `diagnose {train_error: …, dev_error: …}`.
    static var diagnoseErrors: CommandOptions {
        CommandOptions(command: "diagnose", form: "diagnose { … }", options: [
            OptionSpec("train_error", .fraction, "training-set error (required)"),
            OptionSpec("dev_error", .fraction, "dev-set error (required)"),
            OptionSpec("human_error", .fraction, note: "`human`", "human-level error"),
        ], noun: "field")
    }

    /// The options after `dense N ACTIVATION`.
    static var dense: CommandOptions {
        CommandOptions(command: "dense", form: "dense N ACTIVATION …", options: [
            OptionSpec("init", .initializer, note: "the model's", "this layer's initializer"),
        ])
    }

    /// Every table, in the order of docs/language.md.
    static var all: [CommandOptions] { [dense, train, minimize, gradcheckNetwork, gradcheckFunction, diagnose, diagnoseErrors, plot] }

    /// The table of a command word for completion (the network form for `gradcheck`).
    static func named(_ command: String) -> CommandOptions? {
        [train, plot, gradcheckNetwork, diagnose, minimize].first { $0.command == command }
    }

    /// `unknown train option 'x'`, with a did-you-mean and the valid names.
    func unknown(_ key: String) -> (message: String, notes: [String]) {
        var notes: [String] = []
        if let match = Suggestions.closest(to: key, in: names) { notes.append("did you mean '\(match)'?") }
        notes.append("\(command) \(noun)s: \(names.joined(separator: ", "))")
        return ("unknown \(command) \(noun) '\(key)'", notes)
    }

    /// Two exclusive options both written: `'epochs' and 'iterations' both given`, placed at
    /// the later one with a note on where the first is. Fields are (name, location) in order.
    func conflict(in fields: [(key: String, at: SourceLocation)]) -> (message: String, at: SourceLocation, notes: [String])? {
        for (a, b) in exclusive {
            guard let first = fields.first(where: { $0.key == a || $0.key == b }),
                  let second = fields.first(where: { $0.key == (first.key == a ? b : a) }) else { continue }
            return ("'\(first.key)' and '\(second.key)' both given: \(command) takes one of them", second.at,
                    ["'\(first.key)' is given at \(first.at.line):\(first.at.column)"])
        }
        return nil
    }

    /// A field passed on to a user function that has no such parameter: `unknown argument
    /// 'y' in call to dJ()`, with a did-you-mean among the parameters and the options.
    func unknownArgument(_ key: String, function: String, parameters: [String]) -> (message: String, notes: [String]) {
        var notes: [String] = []
        if let match = Suggestions.closest(to: key, in: parameters + names) { notes.append("did you mean '\(match)'?") }
        notes.append("\(function)(\(parameters.joined(separator: ", ")))")
        notes.append("\(command) \(noun)s: \(names.joined(separator: ", "))")
        return ("unknown argument '\(key)' in call to \(function)()", notes)
    }

    /// The reference table of docs/language.md (the docs test compares them).
    var markdownTable: String {
        if options.contains(where: { $0.kinds != nil }) {
            var lines = ["| \(noun) | type | default | applies to | meaning |", "|---|---|---|---|---|"]
            for option in options {
                var kinds = option.kinds.map(PlotKind.list) ?? "every kind"
                if let given = option.kinds, given.count == PlotKind.allCases.count - 1,
                   let left = PlotKind.allCases.first(where: { !given.contains($0) }) {
                    kinds = "every kind but `\(left.text)`"
                }
                lines.append("| `\(option.name)` | \(option.type.text) | \(option.defaultText) | \(kinds) | \(option.doc) |")
            }
            return lines.joined(separator: "\n")
        }
        var lines = ["| \(noun) | type | default | meaning |", "|---|---|---|---|"]
        for option in options {
            lines.append("| `\(option.name)` | \(option.type.text) | \(option.defaultText) | \(option.doc) |")
        }
        return lines.joined(separator: "\n")
    }

    /// A plot option given on a kind it does not apply to: `'bins' applies to plot hist, not to plot RUN`.
    func notApplying(_ key: String, to kind: PlotKind) -> String? {
        guard let kinds = self[key]?.kinds, !kinds.contains(kind) else { return nil }
        let names = kinds.count == 1 ? kinds[0].text
            : kinds.dropLast().map(\.text).joined(separator: ", ") + " and " + kinds[kinds.count - 1].text
        return "plot option '\(key)' applies to \(names); not to \(kind.text)"
    }
}
