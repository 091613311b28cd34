import Foundation

/// Tab-completion candidates for a line being typed.
public struct Completion: Equatable, Sendable {
    /// Where the replaced text starts, as a UTF-8 offset into the line.
    public var start: Int
    /// Full replacements for the text from `start` to the cursor, sorted.
    public var candidates: [String]
    /// Whether a single candidate should be followed by a space (not after a directory or
    /// inside a string).
    public var appendSpace: Bool
}

extension InteractiveSession {
    /// Statement words offered at the start of a statement.
    static let statementWords = ["let", "fn", "if", "for", "while", "return", "break", "continue",
                                 "print", "expect", "seed", "dataset", "network", "regularizer", "optimizer", "plot",
                                 "save", "train", "evaluate", "predict", "gradcheck", "diagnose", "load", "minimize"]
    /// Words offered inside expressions besides names.
    static let expressionWords = ["true", "false", "none", "and", "or", "not", "in", "on", "at", "to", "boundary"]
    /// Words offered right after `plot`: the forms other than `plot X`.
    static let plotWords = ["boundary", "contour", "hist", "bars"]

    /// Completion candidates at `cursor` in `line`: meta commands and help topics after `:`,
    /// file paths inside strings, fields after `.` (`m.W` → `m.W1`), option names inside a
    /// command's `{ … }`, named arguments inside a call, statement words at the start of a
    /// statement, and names in scope.
    /// - Parameters:
    ///   - line: the line being edited.
    ///   - cursor: the cursor as a UTF-8 offset into `line`.
    ///   - pending: earlier lines of the same unfinished input, for context.
    /// - Returns: where the completed word starts and its candidates.
    public func completions(in line: String, cursor: Int, pending: String = "") -> Completion {
        let before = String(decoding: line.utf8.prefix(max(0, cursor)), as: UTF8.self)
        let beforeBytes = before.utf8.count
        if pending.isEmpty, before.drop(while: { $0 == " " }).first == ":" {
            return metaCompletion(before, beforeBytes)
        }
        let context = pending.isEmpty ? before : pending + "\n" + before
        let scan = Scan(context)
        if let stringStart = scan.stringStart {
            let typed = String(context.unicodeScalars[stringStart...])
            return pathCompletion(typed, start: beforeBytes - typed.utf8.count)
        }
        let word = Self.trailing(before) { Self.isWordScalar($0) || $0 == "." }
        let start = beforeBytes - word.utf8.count
        if word.first?.isNumber == true { return Completion(start: start, candidates: [], appendSpace: false) }
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot]), prefix = String(word[word.index(after: dot)...])
            let fields = members(of: base).filter { $0.hasPrefix(prefix) }.map { base + "." + $0 }
            return Completion(start: start, candidates: fields.sorted(), appendSpace: false)
        }
        let contextBeforeWord = String(context.unicodeScalars.dropLast(word.unicodeScalars.count))
        var candidates = Set(names.filter { $0.hasPrefix(word) })
        let previous = contextBeforeWord.unicodeScalars.reversed().first { $0 != " " && $0 != "\t" }
        let significant = contextBeforeWord.unicodeScalars.reversed().first { !$0.properties.isWhitespace }
        let atItemStart = significant == "(" || significant == "{" || significant == ","
        if let opener = scan.innermostOpener, opener.bracket == "{", opener.prefix.hasPrefix("network"),
           let layer = layerCompletion(lineBefore: contextBeforeWord, word: word) {
            return Completion(start: start, candidates: layer, appendSpace: true)
        }
        switch scan.innermostOpener {
        case .some(let opener) where opener.bracket == "{" && atItemStart:
            if let table = optionTable(before: opener.prefix) {
                return Completion(start: start, candidates: table.names.filter { $0.hasPrefix(word) }.map { $0 + ":" }.sorted(),
                                  appendSpace: true)
            }
            if opener.prefix.hasSuffix("=") || opener.prefix.hasSuffix("(") || opener.prefix.hasSuffix(",") {
                break  // a record literal: its keys are the user's own
            }
            candidates.formUnion(Self.statementWords.filter { $0.hasPrefix(word) })
        case .some(let opener) where opener.bracket == "(" && atItemStart:
            candidates.formUnion(parameters(ofCallBefore: opener.prefix).filter { $0.hasPrefix(word) }.map { $0 + ":" })
        case .none where previous == nil || previous == ";" || previous == "\n" || previous == "}":
            candidates.formUnion(Self.statementWords.filter { $0.hasPrefix(word) })
        default:
            break
        }
        if previous == "\n" || previous == ";", scan.innermostOpener?.bracket == "{" {
            candidates.formUnion(Self.statementWords.filter { $0.hasPrefix(word) })
        }
        candidates.formUnion(Self.expressionWords.filter { $0.hasPrefix(word) && !word.isEmpty })
        if contextBeforeWord.hasSuffix(" "),
           Self.trailing(String(contextBeforeWord.dropLast()), { Self.isWordScalar($0) }) == "plot",
           contextBeforeWord.dropLast(5).allSatisfy({ $0 == " " || $0 == "\t" }) || contextBeforeWord.dropLast(5).last.map({ " \t;\n{".contains($0) }) == true {
            candidates.formUnion(Self.plotWords.filter { $0.hasPrefix(word) })
        }
        // A space after a statement word; none after a name, which `.`, `(` or `[` may follow.
        let sorted = candidates.sorted()
        let wordDone = sorted.count == 1 && (Self.statementWords.contains(sorted[0]) || sorted[0].hasSuffix(":"))
        return Completion(start: start, candidates: sorted, appendSpace: wordDone)
    }

    /// Every name in scope: the user's globals, builtins and constants.
    var names: [String] { interpreter.globals.allNames.filter { !$0.hasPrefix("_") } }

    /// The longest tail of `text` whose scalars all satisfy `include`.
    static func trailing(_ text: String, _ include: (Unicode.Scalar) -> Bool) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: text.unicodeScalars.reversed().prefix(while: include).reversed())
        return String(view)
    }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s.properties.isAlphabetic || ("0"..."9").contains(s)
    }

    /// The member names of `base` (a name or a chain `a.b`) when it names a value now.
    private func members(of base: String) -> [String] {
        let parts = base.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, var value = interpreter.globals.lookup(first) else { return [] }
        for part in parts.dropFirst() {
            guard let next = member(part, of: value) else { return [] }
            value = next
        }
        switch value {
        case .object(let o): return o.memberNames
        case .record(let r): return r.keys
        case .matrix: return ["T"]
        default: return []
        }
    }

    private func member(_ name: String, of value: Value) -> Value? {
        switch value {
        case .object(let o): return o.member(name)
        case .record(let r): return r.fields.first { $0.key == name }?.value
        default: return nil
        }
    }

    /// The option table of the command whose `{ … }` starts after `prefix` (`train m on d`,
    /// `let r = train …`): the same table the checker and the interpreter read.
    private func optionTable(before prefix: String) -> CommandOptions? {
        let statement = prefix.split(whereSeparator: { $0 == "\n" || $0 == ";" }).last.map(String.init) ?? ""
        let words = statement.split(whereSeparator: { !$0.isLetter && $0 != "_" }).map(String.init)
        guard let first = words.first else { return nil }
        let command: String
        if first == "let", words.count > 2 {
            command = words[2]
        } else if CommandOptions.named(first) != nil {
            command = first
        } else if words.count > 1, statement.contains("=") {
            command = words[1]
        } else {
            return nil
        }
        guard let table = CommandOptions.named(command) else { return nil }
        // `diagnose {` opens the record of errors; `gradcheck J, dJ at θ {` the function form.
        if command == "diagnose", words.last == "diagnose" { return .diagnoseErrors }
        if command == "gradcheck", statement.contains(","), words.contains("at") { return .gradcheckFunction }
        return table
    }

    /// Inside a network: the activations after `dense N`, and the dense options (the table
    /// the checker and the interpreter read) after `dense N ACTIVATION`.
    private func layerCompletion(lineBefore text: String, word: String) -> [String]? {
        let line = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == ";" || $0 == "{" }).last ?? ""
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
        // After `init:` comes a value: names, not options.
        guard words.first == "dense", words.last?.hasSuffix(":") == false else { return nil }
        if words.count == 2, line.hasSuffix(" ") {
            return NetworkObject.activations.filter { $0.hasPrefix(word) }.sorted()
        }
        if words.count >= 3, line.hasSuffix(" ") || line.hasSuffix(",") {
            return CommandOptions.dense.names.filter { $0.hasPrefix(word) }.map { $0 + ":" }.sorted()
        }
        return nil
    }

    /// Parameter names of the builtin or user function called just before an open `(`.
    private func parameters(ofCallBefore prefix: String) -> [String] {
        let name = Self.trailing(prefix) { Self.isWordScalar($0) }
        switch interpreter.globals.lookup(name) {
        case .builtin(let b): return b.parameters.map { $0.name }
        case .function(let f): return f.declaration.parameters.map { $0.name }
        default: return []
        }
    }

    private func metaCompletion(_ before: String, _ beforeBytes: Int) -> Completion {
        let body = before.drop(while: { $0 == " " }).dropFirst()
        guard let space = body.firstIndex(of: " ") else {
            let names = MetaCommand.allCases.map { ":" + $0.rawValue }.filter { $0.hasPrefix(":" + body) }
            return Completion(start: beforeBytes - body.utf8.count - 1, candidates: names, appendSpace: true)
        }
        let command = MetaCommand.parse(String(body[..<space]).isEmpty ? "" : ":" + body[..<space])
        let argument = String(body[body.index(after: space)...].drop { $0 == " " })
        switch command {
        case .command(.help, _)?:
            let topics = HelpTopics.titles.map { $0.lowercased() }.filter { $0.hasPrefix(argument.lowercased()) }
            return Completion(start: beforeBytes - argument.utf8.count, candidates: topics, appendSpace: false)
        case .command(.load, _)?, .command(.save, _)?:
            return pathCompletion(argument, start: beforeBytes - argument.utf8.count)
        default:
            return Completion(start: beforeBytes, candidates: [], appendSpace: false)
        }
    }

    /// Files and directories whose path starts with `typed` (directories end in `/`).
    func pathCompletion(_ typed: String, start: Int) -> Completion {
        let slash = typed.lastIndex(of: "/")
        let directoryPart = slash.map { String(typed[...$0]) } ?? ""
        let namePrefix = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        var directory = directoryPart.isEmpty ? "." : directoryPart
        if directory.hasPrefix("~/") { directory = NSHomeDirectory() + directory.dropFirst(1) }
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: directory) else {
            return Completion(start: start, candidates: [], appendSpace: false)
        }
        var candidates: [String] = []
        for entry in entries where entry.hasPrefix(namePrefix) && (namePrefix.hasPrefix(".") || !entry.hasPrefix(".")) {
            var isDirectory: ObjCBool = false
            _ = fm.fileExists(atPath: (directory as NSString).appendingPathComponent(entry), isDirectory: &isDirectory)
            candidates.append(directoryPart + entry + (isDirectory.boolValue ? "/" : ""))
        }
        return Completion(start: start, candidates: candidates.sorted(), appendSpace: false)
    }
}

/// Where the text before the cursor stands: inside a string (and where its text starts), and
/// which brackets are open.
private struct Scan {
    struct Opener { var bracket: Unicode.Scalar; var prefix: String }
    var stringStart: String.UnicodeScalarView.Index?
    var openers: [Opener] = []
    var innermostOpener: Opener? { openers.last }

    init(_ text: String) {
        let scalars = text.unicodeScalars
        var inComment = false, escaped = false, interpolation = 0
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let ch = scalars[index]
            let next = scalars.index(after: index)
            defer { index = next }
            if ch == "\n" { inComment = false; stringStart = nil; interpolation = 0; continue }
            if inComment { continue }
            if stringStart != nil {
                if escaped { escaped = false; continue }
                switch ch {
                case "\\": escaped = true
                case "{": interpolation += 1
                case "}": interpolation = max(0, interpolation - 1)
                case "\"" where interpolation == 0: stringStart = nil
                default: break
                }
                continue
            }
            switch ch {
            case "#": inComment = true
            case "\"": stringStart = next
            case "(", "[", "{": openers.append(Opener(bracket: ch, prefix: String(scalars[..<index]).trimmingCharacters(in: .whitespaces)))
            case ")", "]", "}": if !openers.isEmpty { openers.removeLast() }
            default: break
            }
        }
    }
}
