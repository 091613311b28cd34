import DNNScript
import Foundation

/// The inputs of this kernel session, for `history_request`: every cell run with
/// `store_history`, numbered from 1 in session 1, with its echoed value (the kernel keeps
/// no history across restarts).
struct KernelHistory {
    static let session = 1
    private(set) var inputs: [String] = []
    private var outputs: [String?] = []

    mutating func append(_ code: String, output: String?) {
        inputs.append(code)
        outputs.append(output)
    }

    /// The `history` list answering a request: `[session, line, input]` triples, or with
    /// `output: true` `[session, line, [input, output]]` (output null when the cell echoed
    /// no value).
    func answer(_ request: JSONValue) -> JSONValue {
        let withOutput = request["output"]?.bool ?? false
        let numbered = inputs.indices.map { (line: $0 + 1, input: inputs[$0], output: outputs[$0]) }
        var chosen: [(line: Int, input: String, output: String?)]
        switch request["hist_access_type"]?.string ?? "tail" {
        case "range":
            let session = request["session"]?.int ?? 0
            guard session == 0 || session == Self.session else { return .array([]) }
            let start = max(1, request["start"]?.int ?? 1)
            let stop = request["stop"]?.int.map { $0 <= 0 ? numbered.count + 1 : $0 } ?? numbered.count + 1
            chosen = numbered.filter { $0.line >= start && $0.line < stop }
        case "search":
            let pattern = request["pattern"]?.string ?? "*"
            chosen = numbered.filter { fnmatch(pattern, $0.input, 0) == 0 }
            if request["unique"]?.bool ?? false {
                var seen = Set<String>()
                chosen = chosen.reversed().filter { seen.insert($0.input).inserted }.reversed()
            }
            if let n = request["n"]?.int, n > 0 { chosen = Array(chosen.suffix(n)) }
        default:  // tail
            let n = max(0, request["n"]?.int ?? 10)
            chosen = Array(numbered.suffix(n))
        }
        return .array(chosen.map { entry in
            let input: JSONValue = .string(entry.input)
            return .array([.number(Double(Self.session)), .number(Double(entry.line)),
                           withOutput ? .array([input, entry.output.map(JSONValue.string) ?? .null]) : input])
        })
    }
}

/// The documentation the kernel links to (Jupyter's Help menu): docs/*.md beside the
/// binary's build tree, or installed under PREFIX/share/doc/dnnscript.
enum KernelDocs {
    static let pages = [("dnnscript language", "language.md"), ("dnnscript in Jupyter", "jupyter.md"),
                        ("dnnscript course map", "course.md")]

    static var links: [(text: String, url: String)] {
        // PREFIX/bin/dnnscript → PREFIX/share/doc/dnnscript; in a build tree
        // (.build/x86_64-unknown-linux-gnu/release/dnnscript) the package's docs/.
        var folder = URL(fileURLWithPath: KernelSpec.executablePath).deletingLastPathComponent()
        for _ in 0..<4 {
            folder = folder.deletingLastPathComponent()
            for candidate in ["share/doc/dnnscript", "docs"] {
                let docs = folder.appendingPathComponent(candidate)
                if FileManager.default.fileExists(atPath: docs.appendingPathComponent("language.md").path) {
                    return pages.map { ($0.0, docs.appendingPathComponent($0.1).absoluteString) }
                }
            }
        }
        return []
    }
}
