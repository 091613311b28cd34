import DNNCore
import Foundation

extension Interpreter {
    // MARK: - Conversions

    func model(_ value: Value, at: SourceLocation) throws -> ModelObject {
        guard case .object(let o) = value, let model = o as? ModelObject else {
            var notes: [String] = []
            if case .object(let o) = value, o is NetworkObject { notes.append("make a model first: let m = model(\(o.display.split(separator: " ").dropFirst().first ?? "net"), init: he)") }
            throw error("expected a model, got \(withArticle(value.typeName))", at: at, notes: notes)
        }
        return model
    }

    func dataset(_ value: Value, at: SourceLocation) throws -> Dataset {
        guard case .object(let o) = value, let data = o as? DatasetObject else {
            throw error("expected a dataset, got \(withArticle(value.typeName))", at: at)
        }
        return data.dataset
    }

    /// Runs engine code, turning its errors into located diagnostics. With a command's
    /// options, an engine message that opens with an option's name (`shuffle_seed + epochs
    /// must…`) is placed at that option.
    func engine<T>(at: SourceLocation, options: GivenOptions? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as TrainingError {
            throw error(e.description, at: options?.location(openingMessage: e.description) ?? at)
        } catch let e as Diagnostic {
            throw e
        } catch let e as MatrixError {
            throw matrixError(e, at: at)
        } catch let e as OpenBLASUnavailable {
            throw unavailable(e, at: at)
        } catch let e as NetworkError {
            throw error(e.description, at: at, notes: Interpreter.notes(for: e))
        } catch let e as DatasetError {
            throw error(e.description, at: at)
        } catch let e as GradientCheck.CheckError {
            throw error(e.description, at: at)
        } catch let stop as Interrupted {
            throw stop
        } catch is OutputFailed {
            throw OutputFailed()
        } catch {
            throw self.error("\(error)", at: at)
        }
    }

    /// Draws a model's weights now that its input size is known.
    func build(_ model: ModelObject, inputs: Int, at: SourceLocation) throws {
        guard let spec = model.spec else { return }
        guard inputs >= 1, inputs <= NetworkObject.maxUnits else {
            throw error("the input size must be between 1 and \(NetworkObject.maxUnits), got \(inputs)", at: at)
        }
        model.network = try engine(at: at) {
            try Network(inputSize: inputs, layers: spec.layers, initializer: model.initializer, rng: &random)
        }
    }

    /// The model's network, built first for `inputs` features when it has no weights yet.
    func built(_ model: ModelObject, inputs: Int, at: SourceLocation) throws -> Network {
        if model.network == nil { try build(model, inputs: inputs, at: at) }
        guard let network = model.network else { throw error("the model has no weights", at: at) }
        return network
    }

    /// Refuses `regularizer: dropout(k)` on a network with its own `dropout` lines: the run's
    /// keep_prob would silently replace theirs, so the script must say which one it means.
    func checkOneDropout(_ keepProb: Double, _ model: ModelObject, _ network: Network, at: SourceLocation) throws {
        let layers = network.keepProbs.indices.filter { network.keepProbs[$0] < 1 }
        guard !layers.isEmpty else { return }
        let owner = model.spec.map { "network '\($0.name)'" } ?? "the model"
        let places = layers.map { l in
            let line = model.spec?.dropoutAt[l].map { " at \($0.line):\($0.column)" } ?? ""
            return "dropout \(PythonFormat.repr(network.keepProbs[l])) after layer \(l + 1)\(line)"
        }
        throw error("regularizer dropout(\(PythonFormat.repr(keepProb))) would replace the keep_prob of the dropout layers of \(owner)",
                    at: at, notes: ["\(owner) has \(places.joined(separator: ", "))",
                                    "keep one of them: remove the network's dropout lines, or the dropout regularizer"])
    }

    /// `l2(…)`/`l1(…)` as the engine's penalty; nil for other regularizers.
    func weightPenalty(_ value: Value, at: SourceLocation) throws -> Regularizer? {
        if case .none = value { return Regularizer.none }
        guard case .object(let o) = value, let r = o as? RegularizerObject else {
            throw error("expected a regularizer, got \(withArticle(value.typeName))", at: at,
                        notes: ["regularizers: l2(λ), l1(λ), dropout(keep_prob), early_stopping(patience: n)"])
        }
        switch r.kind {
        case .l2(let l): return .l2(lambda: l)
        case .l1(let l): return .l1(lambda: l)
        default: return nil
        }
    }

    /// Prints a warning on stderr, once per place and message: a statement in a loop warns
    /// the first time only.
    func warn(_ message: String, at: SourceLocation) throws {
        guard warned.insert(WarningKey(at: at, message: message)).inserted else { return }
        try write(renderer.render(Diagnostic(message, at: at, phase: .runtime, severity: .warning)), to: .stderr)
    }

    /// What to do about an engine error, when there is advice.
    static func notes(for e: NetworkError) -> [String] {
        guard case .labelsDoNotFit(let mismatch) = e else { return [] }
        if let k = mismatch.classCount, k > 2 || mismatch.units > 1 {
            return ["for \(k) classes, end the network with `dense \(k) softmax`"]
        }
        return ["a classification output needs class labels 0, 1, …; for real-valued targets end the network with `dense \(mismatch.units) linear`"]
    }

    /// Refuses, at `at`, labels the model's output cannot be trained on.
    func checkLabels(_ network: Network, _ labels: Matrix, at: SourceLocation) throws {
        try engine(at: at) { try network.checkLabels(labels) }
    }

    // MARK: - Commands

    func train(_ modelExpr: Expr, on dataExpr: Expr, options optionsExpr: Expr?, at: SourceLocation, in env: Environment) throws -> Value {
        let model = try self.model(try evaluate(modelExpr, in: env), at: modelExpr.location)
        let data = try dataset(try evaluate(dataExpr, in: env), at: dataExpr.location)
        let given = try options(optionsExpr, for: .train, at: at, in: env)
        if case .object(let o as DatasetObject)? = given.value("dev") {
            try requireExamples(o.dataset, for: "cost is", at: given.location("dev"))
        }
        var options = TrainingOptions()
        for spec in given.table.options {
            if let field = spec.trains, let value = given.value(spec.name) { field.set(&options, value) }
        }
        let printEvery = given.int("print_every") ?? 0
        let showProgress = given.bool("progress")
        let regularizerAt = given.location("regularizer")
        if let value = given.value("regularizer") {
            let items: [Value]
            if case .list(let list) = value { items = list } else { items = [value] }
            for item in items {
                if let penalty = try weightPenalty(item, at: regularizerAt) {
                    options.regularizer = penalty
                } else if case .object(let o as RegularizerObject) = item {
                    switch o.kind {
                    case .dropout(let k) where k < 1: options.keepProb = k     // keep_prob 1 keeps every unit: no dropout
                    case .earlyStopping(let p): options.earlyStopping = EarlyStopping(patience: p)
                    default: break
                    }
                }
            }
        }
        let decayAt = given.location("lr_decay")
        switch given.value("lr_decay") {
        case .object(let o as DecayObject)?: options.learningRateDecay = o.decay
        case .function(let f)?: options.learningRateDecay = .custom { lr0, epoch in try self.decayRate(f, lr0, epoch, at: decayAt) }
        default: break
        }
        let byEpochs = given.given("epochs")
        let printsRate = options.learningRateDecay != nil
        var network = try built(model, inputs: data.featureCount, at: modelExpr.location)
        if let k = options.keepProb { try checkOneDropout(k, model, network, at: regularizerAt) }
        try checkLabels(network, data.Y, at: dataExpr.location)
        if case .object(let o as DatasetObject)? = given.value("dev") {
            try checkLabels(network, o.dataset.Y, at: given.location("dev"))
        } else if given.given("evaluate_every") {
            throw error("evaluate_every goes with dev: it says how often the dev set is evaluated", at: given.location("evaluate_every"))
        }
        let progress = showProgress && !self.options.quiet
        let start = DispatchTime.now().uptimeNanoseconds
        var lastDraw = start
        var outputError: Error?
        let history = try engine(at: at, options: given) {
            try Trainer.train(&network, x: data.X, y: data.Y, options: options, rng: &random) { step in
                var line: String?
                if printEvery > 0, byEpochs {
                    if let cost = step.epochCost, step.epoch % printEvery == 0 {
                        line = "Cost after epoch \(step.epoch): \(PythonFormat.repr(cost))\n"
                        if printsRate, let rate = step.learningRateAfterEpoch {
                            line! += "learning rate after epoch \(step.epoch): \(PythonFormat.repr(rate))\n"
                        }
                    }
                } else if printEvery > 0, step.iteration % printEvery == 0 {
                    line = "Cost after iteration \(step.iteration): \(PythonFormat.repr(step.cost))\n"
                }
                if let line {
                    do { try self.inform(line) } catch {
                        outputError = error
                        return .stop
                    }
                }
                if step.iteration & 63 == 0 {
                    if self.host.isInterrupted() { return .stop }
                    if progress {
                        let now = DispatchTime.now().uptimeNanoseconds
                        if now - lastDraw > 200_000_000 {
                            lastDraw = now
                            self.host.progress(Interpreter.progressLine(step, elapsed: Double(now - start) / 1e9))
                        }
                    }
                }
                return .proceed
            }
        }
        if progress { host.progress(nil) }
        model.network = network
        model.optimizer = options.optimizer
        if outputError != nil { throw OutputFailed() }
        for warning in history.warnings { try warn(warning, at: at) }
        let run = Value.object(RunObject(history: history, model: model.name, learningRate: options.learningRate,
                                         printEvery: printEvery, usedDropout: network.usesDropout || options.keepProb != nil,
                                         optimizer: options.optimizer, penalty: options.regularizer))
        if history.interrupted { throw Interrupted(partial: run) }
        return run
    }

    /// A user decay's rate after `epoch`: a number ≥ 0, or an error at the `lr_decay` option.
    private func decayRate(_ f: UserFunction, _ lr0: Double, _ epoch: Int, at: SourceLocation) throws -> Double {
        let arguments = [CallArgument(label: nil, labelAt: nil, value: .float(lr0), at: at),
                         CallArgument(label: nil, labelAt: nil, value: .int(epoch), at: at)]
        try checkInterrupt()    // called once per epoch before the first step: Ctrl-C must still stop it
        let value = try callFunction(f, arguments, at: at)
        let name = f.declaration.name
        guard let rate = value.number else {
            let shown = value.printed(quoted: true, limit: 40) ?? "\(withArticle(value.typeName))"
            throw error("lr_decay function '\(name)' gave \(shown) after epoch \(epoch); it must give a number", at: at,
                        notes: ["fn \(name)(lr0, epoch) gives the learning rate after epoch `epoch`"])
        }
        guard rate.isFinite, rate >= 0 else {
            throw error("lr_decay function '\(name)' gave \(PythonFormat.repr(rate)) after epoch \(epoch); a rate must be a finite number ≥ 0",
                        at: at)
        }
        return rate
    }

    /// The most parameters a network's gradient check probes.
    static let gradcheckMaxParameters = 100_000
    /// The most parameters² × examples a network's gradient check may cost: each parameter
    /// takes two forward passes of about parameters × examples multiply-adds (a few minutes).
    static let gradcheckMaxWork = 30_000_000_000

    /// Refuses a network gradient check that would run for long, suggesting fewer examples.
    func checkGradcheckWork(parameters: Int, examples: Int, at: SourceLocation) throws {
        guard parameters <= Interpreter.gradcheckMaxParameters else {
            throw error("gradcheck of \(parameters) parameters would take too long (limit \(Interpreter.gradcheckMaxParameters))", at: at,
                        notes: ["check a smaller network with the same layer kinds: backprop's bugs do not depend on the sizes"])
        }
        let (square, o1) = parameters.multipliedReportingOverflow(by: parameters)
        let (work, o2) = square.multipliedReportingOverflow(by: examples)
        guard o1 || o2 || work > Interpreter.gradcheckMaxWork else { return }
        let fits = max(1, Interpreter.gradcheckMaxWork / max(1, square))
        throw error("gradcheck of \(parameters) parameters on \(examples) examples would take too long (limit: parameters² × examples ≤ \(Interpreter.gradcheckMaxWork))",
                    at: at, notes: ["check on the first few examples: { examples: \(min(fits, 10)) }"])
    }

    static func gradcheckProgressLine(done: Int, total: Int, elapsed: Double) -> String {
        let width = 24
        let filled = min(width, done * width / max(1, total))
        let eta = Double(total - done) * elapsed / Double(max(1, done))
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + "gradcheck \(done)/\(total) parameters ETA \(String(format: "%.1f", eta))s"
    }

    static func progressLine(_ step: TrainingProgress, elapsed: Double) -> String {
        let done = step.iteration + 1
        let fraction = Double(done) / Double(max(1, step.totalIterations))
        let width = 24
        let filled = min(width, Int(fraction * Double(width)))
        let rate = Double(done) / max(elapsed, 1e-9)
        let eta = Double(step.totalIterations - done) / max(rate, 1e-9)
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + "\(done)/\(step.totalIterations) cost \(String(format: "%.6g", step.cost)) "
            + "\(String(format: "%.0f", rate)) it/s ETA \(String(format: "%.1f", eta))s"
    }

    /// Refuses a dataset without examples where a rate over them is asked for (`accuracy`,
    /// `cost`, `evaluate`, `diagnose`, a `train`'s dev set): 0 of 0 is no answer, and nan
    /// would travel on.
    /// - Parameter what: what is undefined, with its verb (`accuracy is`).
    func requireExamples(_ data: Dataset, for what: String, at: SourceLocation) throws {
        guard data.count == 0 else { return }
        throw error("dataset '\(data.name)' has no examples: its \(what) undefined", at: at)
    }

    func evaluateModel(_ modelExpr: Expr, on dataExpr: Expr, at: SourceLocation, in env: Environment) throws -> Value {
        let model = try self.model(try evaluate(modelExpr, in: env), at: modelExpr.location)
        let data = try dataset(try evaluate(dataExpr, in: env), at: dataExpr.location)
        try requireExamples(data, for: "cost and accuracy are", at: dataExpr.location)
        let network = try built(model, inputs: data.featureCount, at: at)
        let cost = try engine(at: at) { try network.cost(data.X, data.Y) }
        let accuracy = try engine(at: at) { try network.accuracy(data.X, data.Y) }
        return .record(Record([("cost", .float(cost)), ("accuracy", .float(accuracy))]))
    }

    func predict(_ modelExpr: Expr, on dataExpr: Expr, at: SourceLocation, in env: Environment) throws -> Value {
        let model = try self.model(try evaluate(modelExpr, in: env), at: modelExpr.location)
        let value = try evaluate(dataExpr, in: env)
        let x: Matrix
        if case .matrix(let m) = value { x = m } else { x = try dataset(value, at: dataExpr.location).X }
        let network = try built(model, inputs: x.rows, at: at)
        return .matrix(try engine(at: at) { try network.predict(x) })
    }

    /// `diagnose m on train { dev: d, human: 0.0 }` or `diagnose r` for a record of errors.
    func diagnose(_ subjectExpr: Expr, data dataExpr: Expr?, options optionsExpr: Expr?, at: SourceLocation, in env: Environment) throws -> Value {
        let subject = try evaluate(subjectExpr, in: env)
        let given = try options(optionsExpr, for: .diagnose, at: at, in: env)
        var human = given.number("human")
        let trainError: Double, devError: Double
        if case .record(let r) = subject, dataExpr == nil {
            let table = CommandOptions.diagnoseErrors
            if let unknown = r.keys.first(where: { table[$0] == nil }) {
                let (message, notes) = table.unknown(unknown)
                var keyAt = subjectExpr.location
                if case .record(let fields, _) = subjectExpr, let field = fields.first(where: { $0.key == unknown }) { keyAt = field.keyAt }
                throw error(message, at: keyAt, notes: notes)
            }
            for (key, value) in r.fields {
                if let spec = table[key] { try checkOption(spec, value, at: subjectExpr.location) }
            }
            guard let t = r["train_error"]?.number, let d = r["dev_error"]?.number else {
                throw error("diagnose needs train_error and dev_error", at: subjectExpr.location)
            }
            trainError = t
            devError = d
            if let h = r["human_error"]?.number { human = h }
        } else {
            let model = try self.model(subject, at: subjectExpr.location)
            guard let dataExpr else { throw error("write: diagnose model on train { dev: dev }", at: at) }
            let train = try dataset(try evaluate(dataExpr, in: env), at: dataExpr.location)
            guard case .object(let o as DatasetObject)? = given.value("dev") else {
                throw error("diagnose needs a dev set: diagnose \(subjectExpr.sourceName) on \(dataExpr.sourceName) { dev: … }", at: at)
            }
            let dev = o.dataset
            try requireExamples(train, for: "error is", at: dataExpr.location)
            try requireExamples(dev, for: "error is", at: given.location("dev"))
            let network = try built(model, inputs: train.featureCount, at: at)
            trainError = 1 - (try engine(at: at) { try network.accuracy(train.X, train.Y) })
            devError = 1 - (try engine(at: at) { try network.accuracy(dev.X, dev.Y) })
        }
        let d = try engine(at: at) {
            try Diagnosis(trainError: trainError, devError: devError, humanError: human,
                          tolerance: given.number("tolerance"))
        }
        return Interpreter.diagnosisValue(d)
    }

    func gradcheck(_ subject: GradcheckSubject, options optionsExpr: Expr?, at: SourceLocation, in env: Environment) throws -> Value {
        switch subject {
        case .function(let cost, let gradient, let theta):
            return try gradcheckFunction(cost: cost, gradient: gradient, theta: theta, options: optionsExpr, at: at, in: env)
        case .network(let modelExpr, let dataExpr):
            let model = try self.model(try evaluate(modelExpr, in: env), at: modelExpr.location)
            let data = try dataset(try evaluate(dataExpr, in: env), at: dataExpr.location)
            let given = try options(optionsExpr, for: .gradcheckNetwork, at: at, in: env)
            let regularizer = try given.value("regularizer").flatMap { try weightPenalty($0, at: given.location("regularizer")) } ?? .none
            let epsilon = given.number("epsilon")
            let examples = Swift.min(given.int("examples") ?? data.count, data.count)
            let network = try built(model, inputs: data.featureCount, at: at)
            try checkGradcheckWork(parameters: network.parameterCount, examples: examples, at: at)
            let x = try engine(at: at) { try data.X.slice(rows: 0..<data.X.rows, cols: 0..<examples) }
            let y = try engine(at: at) { try data.Y.slice(rows: 0..<data.Y.rows, cols: 0..<examples) }
            let progress = !options.quiet
            let start = DispatchTime.now().uptimeNanoseconds
            var lastDraw = start
            defer { if progress { host.progress(nil) } }
            let result = try engine(at: at) {
                try GradientCheck.check(network: network, x: x, y: y, regularizer: regularizer, epsilon: epsilon) { done, total in
                    try self.stopIfInterrupted()
                    let now = DispatchTime.now().uptimeNanoseconds
                    if progress, now - lastDraw > 200_000_000 {
                        lastDraw = now
                        self.host.progress(Interpreter.gradcheckProgressLine(done: done, total: total,
                                                                             elapsed: Double(now - start) / 1e9))
                    }
                }
            }
            return Interpreter.gradcheckValue(result, approximation: nil)
        }
    }

    /// The record a gradient check gives, with its printed report (lines without a final
    /// newline, like every string: `print r.report` adds it).
    static func gradcheckValue(_ result: GradientCheck.Result, approximation: Value?) -> Value {
        var report = "gradcheck: difference \(PythonFormat.repr(result.difference)): \(result.verdict.rawValue)"
        // Name the blocks that look like bugs; when none does, the ones above the pass line.
        var bad = result.worstBlocks.filter { $0.difference >= GradientCheck.bugThreshold }
        if bad.isEmpty { bad = result.worstBlocks.filter { $0.difference > GradientCheck.passThreshold } }
        if result.verdict != .correct, result.blocks.count > 1 {
            for block in bad {
                report += "\n  d\(block.name): difference \(PythonFormat.repr(block.difference))"
                if let e = block.worst.first {
                    report += " (worst [\(e.row), \(e.col)]: backprop \(PythonFormat.repr(e.analytic)), numerical \(PythonFormat.repr(e.numeric)))"
                }
            }
        }
        for warning in result.warnings { report += "\n  warning: \(warning)" }
        var differences = Record()
        for block in result.blocks { differences["d" + block.name] = .float(block.difference) }
        var fields: [(String, Value)] = [
            ("difference", .float(result.difference)), ("verdict", .string(result.verdict.rawValue)),
            ("correct", .bool(result.verdict == .correct)),
            ("worst", .list(result.verdict == .correct ? [] : bad.map { .string("d" + $0.name) })),
            ("differences", .record(differences)), ("warnings", .list(result.warnings.map(Value.string))),
            ("kink_crossings", .int(result.kinkCrossings)),
            ("difference_without_kinks", result.differenceWithoutKinks.map(Value.float) ?? .none),
        ]
        if let approximation { fields.append(("gradapprox", approximation)) }
        fields.append(("report", .string(report)))
        return .record(Record(fields))
    }
}
