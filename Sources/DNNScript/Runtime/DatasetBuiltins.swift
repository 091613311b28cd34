import DNNCore
import Foundation

/// Dataset files and transformations: csv, mat, split, normalize, augment.
enum DatasetBuiltins {
    static func fn(_ name: String, _ params: [String], optional: [String] = [], variadic: Bool = false,
                   _ body: @escaping (inout CallContext) throws -> Value) -> Builtin {
        Builtins.fn(name, params, optional: optional, variadic: variadic, body)
    }

    /// Says which file and why before the engine tries to read it.
    static func readablePath(_ c: CallContext) throws -> String {
        let path = try c.string("path")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw c.error("cannot read '\(path)': no such file", "path")
        }
        guard !isDirectory.boolValue else { throw c.error("cannot read '\(path)': it is a directory", "path") }
        guard FileManager.default.isReadableFile(atPath: path) else { throw c.error("cannot read '\(path)': permission denied", "path") }
        return path
    }

    static func data(_ c: CallContext, _ name: String) throws -> Dataset {
        try c.interpreter.dataset(c.value(name)!, at: c.location(name))
    }

    static var all: [Builtin] {
        [
            fn("csv", ["path"], optional: ["label", "header"]) { c in
                let path = try readablePath(c)
                var label = LabelColumn.last
                switch c.value("label") {
                case .int(let i)?: label = .index(i)
                case .string(let s)?: label = .name(s)
                case nil, .none?: break
                default: throw c.typeError("label", expected: "a column index or header name")
                }
                let header = try c.bool("header", default: true)
                let dataset = try c.interpreter.engine(at: c.at) { try Dataset.readCSV(path: path, labelColumn: label, hasHeader: header) }
                return .object(DatasetObject(dataset))
            },
            fn("mat", ["path"]) { c in
                let path = try readablePath(c)
                let variables = try c.interpreter.engine(at: c.at) { try MatFile.read(path: path, skipUnsupported: true) }
                return .record(Record(variables.keys.sorted().map { ($0, Value.matrix(variables[$0]!)) }))
            },
            fn("course_mat", ["path"]) { c in
                let path = try readablePath(c)
                let (train, test) = try c.interpreter.engine(at: c.at) { try Dataset.fromCourseMat(path: path) }
                return .record(Record([("train", .object(DatasetObject(train))), ("test", .object(DatasetObject(test)))]))
            },
            fn("split", ["data"], optional: ["ratios", "stratify"]) { c in
                let d = try data(c, "data")
                var ratios = [0.6, 0.2, 0.2]
                if let r = c.value("ratios") {
                    guard case .list(let items) = r, !items.isEmpty, items.allSatisfy({ ($0.number ?? -1) > 0 }) else {
                        throw c.typeError("ratios", expected: "a list of positive numbers")
                    }
                    ratios = items.map { $0.number! }
                }
                let total = ratios.reduce(0, +)
                guard abs(total - 1) < 1e-9 else {
                    throw c.error("split() ratios must add up to 1, they add up to \(PythonFormat.repr(total))", "ratios")
                }
                let stratify = try c.bool("stratify", default: false)
                // The engine's split is the one definition of how parts are drawn and named.
                let parts: [Dataset]
                do {
                    parts = try d.split(ratios: ratios, stratified: stratify, rng: &c.interpreter.random)
                } catch let e as DatasetError {
                    throw c.error(e.description, "data")
                }
                return .list(parts.map { .object(DatasetObject($0)) })
            },
            fn("normalizer", ["data"]) { c in
                let d = try data(c, "data")
                return .object(NormalizerObject(try c.interpreter.engine(at: c.location("data")) {
                    try Normalizer(fitting: d)
                }, fittedOn: d.name))
            },
            fn("normalize", [], variadic: true) { c in
                guard let first = c.rest.first else {
                    throw c.error("normalize() needs the training set (or a normalizer), then the sets to normalise like it")
                }
                // The statistics come from a normalizer or are fitted on the first set, which is
                // then normalised like the others.
                let normalizer: Normalizer, fittedOn: String, targets: ArraySlice<CallArgument>
                if case .object(let o) = first.value, let given = o as? NormalizerObject {
                    (normalizer, fittedOn, targets) = (given.normalizer, given.fittedOn, c.rest.dropFirst())
                } else {
                    let train = try c.interpreter.dataset(first.value, at: first.at)
                    normalizer = try c.interpreter.engine(at: first.at) { try Normalizer(fitting: train) }
                    (fittedOn, targets) = (train.name, c.rest[...])
                }
                return .list(try targets.map { target in
                    let features = normalizer.mean.count
                    func mismatch(_ what: String, _ count: Int) -> Diagnostic {
                        c.interpreter.error("normalize(): \(what) has \(count) features, \(fittedOn) has \(features)", at: target.at)
                    }
                    if case .object(let o) = target.value, let set = (o as? DatasetObject)?.dataset {
                        guard set.featureCount == features else { throw mismatch(set.name, set.featureCount) }
                        return .object(DatasetObject(try c.interpreter.engine(at: target.at) { try normalizer.apply(to: set) }))
                    }
                    guard case .matrix(let x) = target.value else {
                        throw c.interpreter.error("normalize() takes datasets or feature matrices (features × examples), got \(withArticle(target.value.typeName))",
                                                  at: target.at)
                    }
                    guard x.rows == features else { throw mismatch("\(withArticle("\(x.shape) matrix"))", x.rows) }
                    return .matrix(try c.interpreter.engine(at: target.at) { try normalizer.apply(to: x) })
                })
            },
            fn("augment", ["data"], optional: ["mirror", "rotate", "jitter", "copies"]) { c in
                let d = try data(c, "data")
                guard d.featureCount == 2 else { throw c.error("augment() works on 2-D points; this dataset has \(d.featureCount) features", "data") }
                let mirror = try c.bool("mirror", default: false)
                let degrees = try c.double("rotate", default: 0)
                let jitter = try c.double("jitter", default: 0)
                let copies = try c.int("copies", default: 1)
                guard copies >= 1, copies <= 100, d.count * (copies + 1) <= EngineBuiltins.maxSamples else {
                    throw c.error("augment() copies must be between 1 and 100", "copies")
                }
                var xs = [d.X], ys = [d.Y]
                for copy in 1...copies {
                    var x = d.X
                    let angle = degrees * Double(copy) * Double.pi / 180
                    for j in 0..<d.count {
                        var (a, b) = (x[0, j], x[1, j])
                        if mirror { a = -a }
                        if angle != 0 { (a, b) = (a * cos(angle) - b * sin(angle), a * sin(angle) + b * cos(angle)) }
                        x[0, j] = a
                        x[1, j] = b
                    }
                    if jitter > 0 {
                        for r in 0..<2 { for j in 0..<d.count { x[r, j] += c.interpreter.random.normal(loc: 0, scale: jitter) } }
                    }
                    xs.append(x)
                    ys.append(d.Y)
                }
                let x = try c.shaped { try Matrix.hstack(xs) }, y = try c.shaped { try Matrix.hstack(ys) }
                return .object(DatasetObject(try c.interpreter.engine(at: c.at) {
                    try Dataset(X: x, Y: y, classNames: d.classNames, name: d.name)
                }))
            },
        ]
    }
}
