@testable import DNNScript
import Foundation
import Testing

/// docs/language.md and the builtins' parameter table (the one the checker, the interpreter
/// and completion read) agree: every builtin is documented, every optional parameter appears
/// in one of its documented signatures, and a signature names no parameter the builtin lacks.
struct BuiltinDocsTests {
    /// One call written in the doc: its labels (`axis:`) and bare words (`rows`).
    struct Signature {
        var labels: [String] = []
        var words: [String] = []
    }

    /// The inline code spans of the doc, outside fenced blocks.
    static let spans: [String] = {
        guard let text = try? String(contentsOf: CommandOptionsTests.docPath, encoding: .utf8) else { return [] }
        var spans: [String] = []
        var inFence = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle(); continue }
            guard !inFence else { continue }
            let parts = line.split(separator: "`", omittingEmptySubsequences: false)
            spans += parts.indices.filter { $0 % 2 == 1 }.map { String(parts[$0]) }
        }
        return spans
    }()

    /// The calls of `name` in a span, each split at its top-level commas (strings, records
    /// and lists inside an argument are skipped).
    static func signatures(of name: String, in span: String) -> [Signature] {
        var result: [Signature] = []
        let chars = Array(span)
        let target = Array(name + "(")
        var i = 0
        while i + target.count <= chars.count {
            let boundary = i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_" || chars[i - 1] == ".")
            guard boundary, Array(chars[i..<(i + target.count)]) == target else { i += 1; continue }
            var depth = 0, inString = false, piece = "", signature = Signature()
            func finish() {
                let trimmed = piece.trimmingCharacters(in: .whitespaces)
                if let colon = trimmed.firstIndex(of: ":"), trimmed[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {  // beta1:
                    signature.labels.append(String(trimmed[..<colon]))
                } else if !trimmed.isEmpty, trimmed.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), trimmed.first?.isLetter == true {
                    signature.words.append(trimmed)
                }
                piece = ""
            }
            var j = i + target.count
            while j < chars.count {
                let c = chars[j]
                j += 1
                if inString { if c == "\"" { inString = false }; continue }
                if c == "\"" { inString = true; piece += "\"\""; continue }
                if "([{".contains(c) { depth += 1; continue }
                if ")]}".contains(c) {
                    if depth == 0 { finish(); break }
                    depth -= 1
                    continue
                }
                if depth > 0 { continue }
                if c == "," { finish() } else { piece.append(c) }
            }
            result.append(signature)
            i = j
        }
        return result
    }

    static var builtinNames: [String] { Builtins.all.map(\.name) }

    @Test(arguments: builtinNames)
    func builtinIsDocumented(name: String) throws {
        let builtin = try #require(Builtins.all.first { $0.name == name })
        let mentioned = Self.spans.contains { span in
            span.split(separator: " ").contains { $0 == name } || !Self.signatures(of: name, in: span).isEmpty
        }
        #expect(mentioned, "docs/language.md does not mention `\(name)`")
        let signatures = Self.spans.flatMap { Self.signatures(of: name, in: $0) }
        let parameters = builtin.parameters.map(\.name)
        for label in Set(signatures.flatMap(\.labels)).sorted() {
            #expect(parameters.contains(label), "docs/language.md writes `\(name)(\(label): …)`, but \(name)() has no '\(label)' (\(parameters))")
        }
        let written = Set(signatures.flatMap { $0.labels + $0.words })
        for parameter in builtin.parameters where parameter.optional {
            #expect(written.contains(parameter.name), "docs/language.md never shows \(name)()'s optional '\(parameter.name)'")
        }
    }
}
