import DNNCore
import Foundation

extension Interpreter {
    /// The most steps one `train` may take (its cost history is kept in memory).
    static let maxIterations = 100_000_000

    // MARK: - Conversions

    func model(_ value: Value, at: SourceLocation) throws -> ModelObject {
        guard case .object(let o) = value, let model = o as? ModelObject else {
            var notes: [String] = []
            if case .object(let o) = value, o is NetworkObject { notes.append("make a model first: let m = model(\(o.display.split(separator: " ").dropFirst().first ?? "net"), init: he)") }
            throw error("expected a model, got \(value.typeName)", at: at, notes: notes)
        }
        return model
    }

    func dataset(_ value: Value, at: SourceLocation) throws -> Dataset {
        guard case .object(let o) = value, let data = o as? DatasetObject else {
            throw error("expected a dataset, got \(value.typeName)", at: at)
        }
        return data.dataset
    }

    /// Runs engine code, turning its errors into located diagnostics.
    func engine<T>(at: SourceLocation, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as Diagnostic {
            throw e
        } catch let e as MatrixError {
            throw matrixError(e, at: at)
        } catch let e as NetworkError {
            throw error(e.description, at: at)
        } catch let e as TrainingError {
            throw error(e.description, at: at)
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
            try Network(inputSize: inputs, layers: spec.engineLayers, initializer: model.initializer, rng: &random)
        }
    }

    /// The model's network, built first for `inputs` features when it has no weights yet.
    func built(_ model: ModelObject, inputs: Int, at: SourceLocation) throws -> Network {
        if model.network == nil { try build(model, inputs: inputs, at: at) }
        guard let network = model.network else { throw error("the model has no weights", at: at) }
        return network
    }

    /// `l2(…)`/`l1(…)` as the engine's penalty; nil for other regularizers.
    func weightPenalty(_ value: Value, at: SourceLocation) throws -> Regularizer? {
        if case .none = value { return Regularizer.none }
        guard case .object(let o) = value, let r = o as? RegularizerObject else {
            throw error("expected a regularizer, got \(value.typeName)", at: at,
                        notes: ["regularizers: l2(λ), l1(λ), dropout(keep_prob), early_stopping(patience: n)"])
        }
        switch r.kind {
        case .l2(let l): return .l2(lambda: l)
        case .l1(let l): return .l1(lambda: l)
        default: return nil
        }
    }

    func options(_ expr: Expr?, in env: Environment) throws -> Record {
        guard let expr else { return Record() }
        let value = try evaluate(expr, in: env)
        guard case .record(let r) = value else { throw error("options must be a record { name: value }", at: expr.location) }
        return r
    }

    func warn(_ message: String, at: SourceLocation) throws {
        try write(renderer.render(Diagnostic(message, at: at, phase: .runtime, severity: .warning)), to: .stderr)
    }

    // MARK: - Commands

    func train(_ modelExpr: Expr, on dataExpr: Expr, options optionsExpr: Expr?, at: SourceLocation, in env: Environment) throws -> Value {
        let model = try self.model(try evaluate(modelExpr, in: env), at: modelExpr.location)
        let data = try dataset(try evaluate(dataExpr, in: env), at: dataExpr.location)
        let given = try options(optionsExpr, in: env)
        var options = TrainingOptions()
        var printEvery = 0
        var keepProb: Double?
        var showProgress = true
        let optionsAt = optionsExpr?.location ?? at
        for (key, value) in given.fields {
            func number() throws -> Double {
                guard let x = value.number else { throw error("'\(key)' must be a number, got \(value.typeName)", at: optionsAt) }
                return x
            }
            func integer(min: Int) throws -> Int {
                guard case .int(let n) = value, n >= min else {
                    throw error("'\(key)' must be an int ≥ \(min), got \(value.repr)", at: optionsAt)
                }
                return n
            }
            switch key {
            case "lr": options.learningRate = try number()
            case "iterations":
                options.iterations = try integer(min: 0)
                guard options.iterations <= Interpreter.maxIterations else {
                    throw error("'iterations' must be at most \(Interpreter.maxIterations), got \(options.iterations)", at: optionsAt)
                }
            case "print_every": printEvery = try integer(min: 0)
            case "batch_size": options.batchSize = try integer(min: 1)
            case "dropout_seed":
                let s = try integer(min: 0)
                guard s <= Int(UInt32.max) else { throw error("'dropout_seed' must be < 2^32", at: optionsAt) }
                options.dropoutReseed = UInt32(s)
            case "progress":
                guard case .bool(let b) = value else { throw error("'progress' must be a bool", at: optionsAt) }
                showProgress = b
            case "dev":
                let dev = try dataset(value, at: optionsAt)
                options.dev = (dev.X, dev.Y)
            case "regularizer":
                let items: [Value]
                if case .list(let list) = value { items = list } else { items = [value] }
                for item in items {
                    if let penalty = try weightPenalty(item, at: optionsAt) {
                        options.regularizer = penalty
                    } else if case .object(let o as RegularizerObject) = item {
                        switch o.kind {
                        case .dropout(let k): keepProb = k
                        case .earlyStopping(let p): options.earlyStopping = EarlyStopping(patience: p)
                        default: break
                        }
                    }
                }
            default:
                let names = Checker.commandOptions["train"] ?? []
                let note = Suggestions.closest(to: key, in: names).map { "did you mean '\($0)'?" }
                throw error("unknown train option '\(key)'", at: optionsAt, notes: note.map { [$0] } ?? [])
            }
        }
        var network = try built(model, inputs: data.featureCount, at: modelExpr.location)
        let savedKeepProbs = network.keepProbs
        if let keepProb {
            guard network.depth > 1 else { throw error("dropout needs a hidden layer", at: optionsAt) }
            for l in 0..<(network.depth - 1) { network.keepProbs[l] = keepProb }
        }
        let progress = showProgress && !self.options.quiet
        let start = DispatchTime.now().uptimeNanoseconds
        var lastDraw = start
        var outputError: Error?
        let history = try engine(at: at) {
            try Trainer.train(&network, x: data.X, y: data.Y, options: options, rng: &random) { step in
                if printEvery > 0, step.iteration % printEvery == 0 {
                    do { try self.inform("Cost after iteration \(step.iteration): \(PythonFormat.repr(step.cost))\n") } catch {
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
        network.keepProbs = savedKeepProbs
        model.network = network
        if outputError != nil { throw OutputFailed() }
        for warning in history.warnings { try warn(warning, at: at) }
        let run = Value.object(RunObject(history: history, model: model.name, learningRate: options.learningRate,
                                         printEvery: printEvery, usedDropout: network.usesDropout || keepProb != nil))
        if history.interrupted { throw Interrupted(partial: run) }
        return run
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

    func evaluateModel(_ modelExpr: Expr, on dataExpr: Expr, at: SourceLocation, in env: Environment) throws -> Value {
        let model = try self.model(try evaluate(modelExpr, in: env), at: modelExpr.location)
        let data = try dataset(try evaluate(dataExpr, in: env), at: dataExpr.location)
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

    static func diagnosisValue(_ d: Diagnosis) -> Value {
        func percent(_ x: Double) -> String { PythonFormat.repr(Builtins.roundHalfEven(x * 100, digits: 2)) + "%" }
        var report = "train error \(percent(d.trainError)), dev error \(percent(d.devError)), human-level error \(percent(d.humanError))\n"
        report += "diagnosis: \(d.diagnosis.rawValue)\n"
        for step in d.advice { report += "  - \(step)\n" }
        return .record(Record([
            ("diagnosis", .string(d.diagnosis.rawValue)), ("train_error", .float(d.trainError)),
            ("dev_error", .float(d.devError)), ("human_error", .float(d.humanError)),
            ("avoidable_bias", .float(d.avoidableBias)), ("variance", .float(d.variance)),
            ("advice", .list(d.advice.map(Value.string))), ("report", .string(report)),
        ]))
    }

    /// `diagnose m on train { dev: d, human: 0.0 }` or `diagnose r` for a record of errors.
    func diagnose(_ subjectExpr: Expr, data dataExpr: Expr?, options optionsExpr: Expr?, at: SourceLocation, in env: Environment) throws -> Value {
        let subject = try evaluate(subjectExpr, in: env)
        let given = try options(optionsExpr, in: env)
        var human = 0.0
        if let h = given["human"] ?? given["human_error"] {
            guard let x = h.number else { throw error("'human' must be a number (an error rate such as 0.01)", at: optionsExpr?.location ?? at) }
            human = x
        }
        let trainError: Double, devError: Double
        if case .record(let r) = subject, dataExpr == nil {
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
            guard let devValue = given["dev"] else {
                throw error("diagnose needs a dev set: diagnose \(subjectExpr.sourceName) on \(dataExpr.sourceName) { dev: … }", at: at)
            }
            let dev = try dataset(devValue, at: optionsExpr?.location ?? at)
            let network = try built(model, inputs: train.featureCount, at: at)
            trainError = 1 - (try engine(at: at) { try network.accuracy(train.X, train.Y) })
            devError = 1 - (try engine(at: at) { try network.accuracy(dev.X, dev.Y) })
        }
        let d = try engine(at: at) { try Diagnosis(trainError: trainError, devError: devError, humanError: human) }
        return Interpreter.diagnosisValue(d)
    }

    func gradcheck(_ subject: GradcheckSubject, options optionsExpr: Expr?, at: SourceLocation, in env: Environment) throws -> Value {
        switch subject {
        case .function(let cost, let gradient, let theta):
            return try gradcheckFunction(cost: cost, gradient: gradient, theta: theta, options: optionsExpr, at: at, in: env)
        case .network(let modelExpr, let dataExpr):
            let model = try self.model(try evaluate(modelExpr, in: env), at: modelExpr.location)
            let data = try dataset(try evaluate(dataExpr, in: env), at: dataExpr.location)
            let given = try options(optionsExpr, in: env)
            var regularizer = Regularizer.none
            var epsilon = GradientCheck.defaultEpsilon
            var examples = data.count
            let optionsAt = optionsExpr?.location ?? at
            for (key, value) in given.fields {
                switch key {
                case "regularizer": regularizer = try weightPenalty(value, at: optionsAt) ?? .none
                case "epsilon":
                    guard let x = value.number else { throw error("'epsilon' must be a number", at: optionsAt) }
                    epsilon = x
                case "examples":
                    guard case .int(let k) = value, k >= 1 else { throw error("'examples' must be an int ≥ 1", at: optionsAt) }
                    examples = min(k, data.count)
                default:
                    throw error("unknown gradcheck option '\(key)'", at: optionsAt,
                                notes: ["gradcheck options: regularizer, epsilon, examples"])
                }
            }
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

    /// The record a gradient check gives, with its printed report.
    static func gradcheckValue(_ result: GradientCheck.Result, approximation: Value?) -> Value {
        var report = "gradcheck: difference \(PythonFormat.repr(result.difference)): \(result.verdict.rawValue)\n"
        // Name the blocks that look like bugs; when none does, the ones above the pass line.
        var bad = result.worstBlocks.filter { $0.difference >= GradientCheck.bugThreshold }
        if bad.isEmpty { bad = result.worstBlocks.filter { $0.difference > GradientCheck.passThreshold } }
        if result.verdict != .correct, result.blocks.count > 1 {
            for block in bad {
                report += "  d\(block.name): difference \(PythonFormat.repr(block.difference))"
                if let e = block.worst.first {
                    report += " (worst [\(e.row), \(e.col)]: backprop \(PythonFormat.repr(e.analytic)), numerical \(PythonFormat.repr(e.numeric)))"
                }
                report += "\n"
            }
        }
        for warning in result.warnings { report += "  warning: \(warning)\n" }
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
