import DNNCore
import Foundation

/// The JSON file `save` writes and `load` reads (docs/language.md, "Model files").
///
/// ```json
/// {"format": "dnnscript-model", "version": 1, "name": "net", "init": "he",
///  "sizes": [2, 10, 1], "activations": ["relu", "sigmoid"], "keep_probs": [1, 1],
///  "loss": "binary_cross_entropy",
///  "weights": [[[...row...], ...], ...], "biases": [[[b], ...], ...]}
/// ```
/// Numbers are written in their shortest round-trip form, so a loaded model is bit-identical;
/// `inf`, `-inf` and `nan` (not JSON numbers) are written as strings.
enum ModelFile {
    static let format = "dnnscript-model"
    static let version = 1

    struct Failure: Error { let reason: String }

    /// - Parameter optimizer: the name of the optimizer the model was last trained with, if
    ///   any; recorded for the reader, its state (v, s, t) is not saved.
    static func encode(_ network: Network, name: String, initializer: String, optimizer: String? = nil) -> String {
        func number(_ x: Double) -> String {
            x.isFinite ? PythonFormat.repr(x) : "\"\(PythonFormat.repr(x))\""
        }
        func matrix(_ m: Matrix) -> String {
            "[" + (0..<m.rows).map { r in
                "[" + (0..<m.cols).map { c in number(m[r, c]) }.joined(separator: ", ") + "]"
            }.joined(separator: ", ") + "]"
        }
        func string(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var out = "{\n"
        out += "  \"format\": \"\(format)\",\n  \"version\": \(version),\n"
        out += "  \"name\": \(string(name)),\n  \"init\": \(string(initializer)),\n"
        if let optimizer { out += "  \"optimizer\": \(string(optimizer)),\n" }
        out += "  \"sizes\": [\(network.sizes.map(String.init).joined(separator: ", "))],\n"
        out += "  \"activations\": [\(network.activations.map { string($0.rawValue) }.joined(separator: ", "))],\n"
        out += "  \"keep_probs\": [\(network.keepProbs.map(number).joined(separator: ", "))],\n"
        out += "  \"loss\": \(string(network.loss.rawValue)),\n"
        out += "  \"weights\": [\n" + network.weights.map { "    " + matrix($0) }.joined(separator: ",\n") + "\n  ],\n"
        out += "  \"biases\": [\n" + network.biases.map { "    " + matrix($0) }.joined(separator: ",\n") + "\n  ]\n"
        return out + "}\n"
    }

    static func decode(_ data: Data) throws -> (network: Network, name: String, initializer: Initializer) {
        let json: JSONValue
        do { json = try JSONReader.parse([UInt8](data)) } catch let e as JSONReader.Failure {
            throw Failure(reason: "it is not valid JSON (\(e.message))")
        }
        guard case .object(let object) = json else { throw Failure(reason: "it is not a JSON object") }
        guard object["format"] == .string(format) else {
            throw Failure(reason: "it is not a dnnscript model file (no \"format\": \"\(format)\")")
        }
        guard object["version"] == .number(Double(version)) else { throw Failure(reason: "unsupported model file version") }
        func number(_ value: JSONValue) throws -> Double {
            switch value {
            case .number(let d): return d
            case .string("inf"): return .infinity
            case .string("-inf"): return -.infinity
            case .string("nan"): return .nan
            default: throw Failure(reason: "a weight is not a number")
            }
        }
        func matrices(_ key: String) throws -> [Matrix] {
            guard case .array(let list)? = object[key] else { throw Failure(reason: "\"\(key)\" is missing") }
            return try list.map { item in
                guard case .array(let rows) = item else { throw Failure(reason: "\"\(key)\" must hold matrices (lists of rows)") }
                let parsed: [[Double]] = try rows.map { row in
                    guard case .array(let values) = row else { throw Failure(reason: "\"\(key)\" must hold lists of rows") }
                    return try values.map(number)
                }
                do { return try Matrix(parsed) } catch { throw Failure(reason: "\"\(key)\": \(error)") }
            }
        }
        guard case .array(let activationValues)? = object["activations"] else { throw Failure(reason: "\"activations\" is missing") }
        let activations = try activationValues.map { value -> Activation in
            guard case .string(let name) = value, let a = Activation(rawValue: name) else {
                throw Failure(reason: "unknown activation in \"activations\"")
            }
            return a
        }
        // Every optional field, when present, must be what save writes: a file may say anything.
        var keepProbs: [Double]?
        switch object["keep_probs"] {
        case nil: break
        case .array(let values)?:
            keepProbs = try values.map { value in
                guard case .number(let k) = value else { throw Failure(reason: "\"keep_probs\" must hold numbers") }
                return k
            }
        default: throw Failure(reason: "\"keep_probs\" must be a list of numbers")
        }
        var loss: Loss?
        switch object["loss"] {
        case nil: break
        case .string(let name)?:
            guard let known = Loss(rawValue: name) else {
                throw Failure(reason: "unknown loss in \"loss\" (losses: \(Loss.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            loss = known
        default: throw Failure(reason: "\"loss\" must be a string")
        }
        guard case .string(let initName)? = object["init"], let initializer = InitializerObject.described(initName) else {
            throw Failure(reason: "unknown initializer in \"init\" (initializers: \(Initializer.names.joined(separator: ", ")))")
        }
        var name = "model"
        switch object["name"] {
        case nil: break
        case .string(let n)?: name = n
        default: throw Failure(reason: "\"name\" must be a string")
        }
        let network: Network
        do {
            network = try Network(weights: try matrices("weights"), biases: try matrices("biases"),
                                  activations: activations, keepProbs: keepProbs, loss: loss)
        } catch let e as NetworkError {
            throw Failure(reason: e.description)
        }
        switch object["sizes"] {
        case nil: break
        case .array(let values)? where values == network.sizes.map({ .number(Double($0)) }): break
        default:
            throw Failure(reason: "\"sizes\" must be the layer sizes the weights have, \(network.sizes)")
        }
        return (network, name, initializer)
    }
}

extension Interpreter {
    func save(_ modelExpr: Expr, to pathExpr: Expr, at: SourceLocation, in env: Environment) throws {
        let model = try self.model(try evaluate(modelExpr, in: env), at: modelExpr.location)
        guard case .string(let path) = try evaluate(pathExpr, in: env) else {
            throw error("save needs a file name string", at: pathExpr.location)
        }
        guard let network = model.network else {
            throw error("model '\(model.name)' has no weights yet: train it (or give its input size) before saving", at: modelExpr.location)
        }
        let text = ModelFile.encode(network, name: model.name, initializer: model.initializer.description,
                                    optimizer: model.optimizer?.name)
        guard options.filesWritable else { throw error("cannot write '\(path)': writing files is turned off", at: pathExpr.location) }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw self.error("cannot write '\(path)': \(Interpreter.reason(error))", at: pathExpr.location)
        }
        try inform("saved \(path)\n")
    }

    func load(_ pathExpr: Expr, at: SourceLocation, in env: Environment) throws -> Value {
        guard case .string(let path) = try evaluate(pathExpr, in: env) else {
            throw error("load needs a file name string", at: pathExpr.location)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "no such file"
            throw error("cannot load '\(path)': \(reason)", at: pathExpr.location)
        }
        do {
            let (network, name, initializer) = try ModelFile.decode(data)
            return .object(ModelObject(name: name, spec: nil, initializer: initializer, network: network))
        } catch let failure as ModelFile.Failure {
            throw error("cannot load '\(path)': \(failure.reason)", at: pathExpr.location)
        }
    }

    /// The system's reason for a file error, without Foundation's wrapping.
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or directory"
            case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
            default: break
            }
        }
        return ns.localizedDescription
    }
}
