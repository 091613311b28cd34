import DNNCore

/// Builtins that make engine values: datasets, initializers, regularizers, models.
enum EngineBuiltins {
    static func fn(_ name: String, _ params: [String], optional: [String] = [],
                   _ body: @escaping (inout CallContext) throws -> Value) -> Builtin {
        Builtins.fn(name, params, optional: optional, body)
    }
    /// The most examples a generator may draw (absurd sizes are refused, not allocated).
    static let maxSamples = 5_000_000

    static var constants: [(String, Value)] {
        [("he", Initializer.he), ("xavier", .xavier), ("glorot", .glorot)].map { ($0, Value.object(InitializerObject($1))) }
    }

    static func samples(_ c: CallContext, _ name: String = "samples") throws -> Int {
        let n = try c.int(name)
        guard n >= 0, n <= maxSamples else {
            throw c.error("\(c.name)() samples must be between 0 and \(maxSamples), got \(n)", name)
        }
        return n
    }

    /// Refuses a generator whose features × samples matrix would be absurd.
    static func checkEntries(_ c: CallContext, samples: Int, features: Int) throws {
        let (entries, overflow) = samples.multipliedReportingOverflow(by: max(1, features))
        guard !overflow, entries <= Matrix.maximumEntries / 4 else {
            throw c.error("\(c.name)() of \(samples) samples × \(features) features is too large")
        }
    }

    static func optionalDouble(_ c: CallContext, _ name: String) throws -> Double? {
        guard c.has(name) else { return nil }
        if case .none? = c.value(name) { return nil }
        return try c.double(name)
    }

    /// Runs a generator, naming the dataset and turning engine errors into diagnostics.
    static func generate(_ c: inout CallContext, _ body: (inout NumPyRandom) throws -> Dataset) throws -> Value {
        do {
            var dataset = try body(&c.interpreter.random)
            dataset.name = c.name
            return .object(DatasetObject(dataset))
        } catch let e as DatasetError {
            throw c.error(e.description)
        } catch let e as MatrixError {
            throw c.interpreter.matrixError(e, at: c.at)
        }
    }

    static var all: [Builtin] {
        [
            fn("circles", ["samples"], optional: ["noise", "factor"]) { c in
                let n = try samples(c), noise = try optionalDouble(c, "noise"), factor = try c.double("factor", default: 0.8)
                return try generate(&c) { try DatasetGenerators.circles(samples: n, noise: noise, factor: factor, rng: &$0) }
            },
            fn("moons", ["samples"], optional: ["noise"]) { c in
                let n = try samples(c), noise = try optionalDouble(c, "noise")
                return try generate(&c) { try DatasetGenerators.moons(samples: n, noise: noise, rng: &$0) }
            },
            fn("blobs", ["samples"], optional: ["centers", "features", "std"]) { c in
                let n = try samples(c), centers = try c.int("centers", default: 3)
                let features = try c.int("features", default: 2), std = try c.double("std", default: 1)
                guard centers <= 1000, features <= 10_000 else { throw c.error("blobs() centers or features too large") }
                try checkEntries(c, samples: n, features: features)
                return try generate(&c) { try DatasetGenerators.blobs(samples: n, centers: centers, features: features, std: std, rng: &$0) }
            },
            fn("spiral", ["samples"], optional: ["classes", "noise"]) { c in
                let n = try samples(c), classes = try c.int("classes", default: 3), noise = try c.double("noise", default: 0.2)
                guard classes <= 1000, n.multipliedReportingOverflow(by: max(1, classes)).partialValue <= maxSamples else {
                    throw c.error("spiral() of \(n) samples × \(classes) classes is too large")
                }
                return try generate(&c) { try DatasetGenerators.spiral(samples: n, classes: classes, noise: noise, rng: &$0) }
            },
            fn("xor", ["samples"], optional: ["noise"]) { c in
                let n = try samples(c), noise = try optionalDouble(c, "noise")
                return try generate(&c) { try DatasetGenerators.xor(samples: n, noise: noise, rng: &$0) }
            },
            fn("gaussian_quantiles", ["samples"], optional: ["classes", "features"]) { c in
                let n = try samples(c), classes = try c.int("classes", default: 3), features = try c.int("features", default: 2)
                guard features <= 10_000 else { throw c.error("gaussian_quantiles() features too large", "features") }
                try checkEntries(c, samples: n, features: features)
                return try generate(&c) { try DatasetGenerators.gaussianQuantiles(samples: n, classes: classes, features: features, rng: &$0) }
            },
            fn("flower", [], optional: ["samples"]) { c in
                let n = c.has("samples") ? try samples(c) : 400
                return try generate(&c) { try DatasetGenerators.flower(samples: n, rng: &$0) }
            },
            fn("dataset", ["X", "Y"], optional: ["name"]) { c in
                let x = try c.matrix("X"), y = try c.matrix("Y")
                let name = c.has("name") ? try c.string("name") : "data"
                do {
                    return .object(DatasetObject(try Dataset(X: x, Y: y, name: name)))
                } catch let e as DatasetError {
                    throw c.error(e.description, notes: ["X is features × examples (\(x.shape)), Y is 1 × examples (\(y.shape))"])
                }
            },
            fn("random", [], optional: ["scale"]) { c in
                .object(InitializerObject(.random(scale: try c.double("scale", default: InitializerObject.defaultRandomScale))))
            },
            fn("l2", ["lambda"]) { c in .object(RegularizerObject(.l2(lambda: try nonNegative(c, "lambda")))) },
            fn("l1", ["lambda"]) { c in .object(RegularizerObject(.l1(lambda: try nonNegative(c, "lambda")))) },
            fn("dropout", ["keep_prob"]) { c in .object(RegularizerObject(.dropout(keepProb: try keepProb(c, "keep_prob")))) },
            fn("early_stopping", [], optional: ["patience"]) { c in
                let p = try c.int("patience", default: 10)
                guard p >= 1 else { throw c.error("patience must be at least 1, got \(p)", "patience") }
                return .object(RegularizerObject(.earlyStopping(patience: p)))
            },
        ] + ModelBuiltins.all + DatasetBuiltins.all
    }

    static func nonNegative(_ c: CallContext, _ name: String) throws -> Double {
        let x = try c.double(name)
        guard x >= 0, x.isFinite else { throw c.error("\(name) must be a finite number ≥ 0, got \(PythonFormat.repr(x))", name) }
        return x
    }

    static func keepProb(_ c: CallContext, _ name: String) throws -> Double {
        let x = try c.double(name)
        guard x > 0, x <= 1 else {
            throw c.error("keep_prob must be in (0, 1], got \(PythonFormat.repr(x))", name,
                          notes: ["keep_prob is the fraction of units kept (the course's convention), not the fraction dropped"])
        }
        return x
    }
}
