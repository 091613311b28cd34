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
                var groups: [[Int]] = []
                if stratify {
                    let labels = d.Y.values
                    // nan != nan: every nan would be a class of its own that no lookup finds.
                    if let j = labels.firstIndex(where: \.isNaN) {
                        throw c.error("split(stratify: true) needs class labels; example \(j) has label nan", "data")
                    }
                    var byClass: [Double: [Int]] = [:]
                    for (j, y) in labels.enumerated() { byClass[y, default: []].append(j) }
                    groups = byClass.keys.sorted().map { byClass[$0]! }
                } else {
                    groups = [Array(0..<d.count)]
                }
                // The parts get floor(ratio × m) examples, the last the rest; stratified, each
                // class is spread over them in proportion with those totals kept.
                var sizes = ratios.dropLast().map { Int(($0 * Double(d.count)).rounded(.down)) }
                sizes.append(max(0, d.count - sizes.reduce(0, +)))
                let shares = Dataset.classShares(groups.map(\.count), sizes)
                var parts = [[Int]](repeating: [], count: ratios.count)
                for (group, groupSizes) in zip(groups, shares) {
                    let order = c.interpreter.random.permutation(group.count).map { group[$0] }
                    var start = 0
                    for (i, size) in groupSizes.enumerated() {
                        parts[i] += order[start..<(start + size)]
                        start += size
                    }
                }
                let names = ratios.count == 3 ? ["train", "dev", "test"] : ratios.count == 2 ? ["train", "test"] : ratios.indices.map { "part\($0 + 1)" }
                return .list(try parts.enumerated().map { i, columns in
                    var part = try c.interpreter.engine(at: c.at) { try d.subset(columns: columns) }
                    part.name = names[i]
                    return .object(DatasetObject(part))
                })
            },
            fn("normalize", [], variadic: true) { c in
                guard let first = c.rest.first else { throw c.error("normalize() needs the training set, then the sets to normalise like it") }
                let sets = try c.rest.map { try c.interpreter.dataset($0.value, at: $0.at) }
                let train = sets[0]
                let n = train.featureCount, m = Double(max(1, train.count))
                var mean = [Double](repeating: 0, count: n), std = [Double](repeating: 0, count: n)
                for r in 0..<n {
                    for j in 0..<train.count { mean[r] += train.X[r, j] }
                    mean[r] /= m
                    for j in 0..<train.count { std[r] += (train.X[r, j] - mean[r]) * (train.X[r, j] - mean[r]) }
                    std[r] = (std[r] / m).squareRoot()
                    if std[r] == 0 { std[r] = 1 }
                }
                return .list(try sets.enumerated().map { index, set in
                    guard set.featureCount == n else {
                        throw c.interpreter.error("normalize(): \(set.name) has \(set.featureCount) features, \(train.name) has \(n)",
                                                  at: c.rest[index].at)
                    }
                    var x = set.X
                    for r in 0..<n { for j in 0..<set.count { x[r, j] = (x[r, j] - mean[r]) / std[r] } }
                    return .object(DatasetObject(try c.interpreter.engine(at: first.at) {
                        try Dataset(X: x, Y: set.Y, classNames: set.classNames, name: set.name)
                    }))
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
