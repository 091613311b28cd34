import Foundation

// What the REPL and the Jupyter kernel share beyond running code: the `:` commands, the
// rule for when typed input is complete, the split of a cell into code and `:` lines,
// inspection of a name and quiet evaluation of an expression.

extension InputStatus {
    /// Classifies input as the REPL and the kernel's `is_complete_request` do: open brackets
    /// wait for more lines (``incomplete(depth:)``) unless the parser already found an error
    /// before the end of the input, which no further line can mend (``invalid``); complete
    /// input that does not parse is ``invalid`` too, and runs at once to show its errors.
    /// - Parameter source: the lines typed so far, joined with newlines.
    /// - Returns: `.empty`, `.complete`, `.incomplete(depth:)` or `.invalid`.
    public static func judge(_ source: String) -> InputStatus {
        let lexical = of(source)
        if lexical == .empty { return .empty }
        let errors: [Diagnostic]
        do {
            _ = try Parser.parse(source: source, file: InteractiveSession.inputName)
            errors = []
        } catch let diagnostics as Diagnostics {
            errors = diagnostics.items
        } catch {
            return .invalid
        }
        guard case .incomplete = lexical else { return errors.isEmpty ? lexical : .invalid }
        // The end of the code: after the last token that is not a line break or the end.
        var lexer = Lexer(source: source, file: InteractiveSession.inputName)
        let end = lexer.scan().tokens.last { $0.kind != .eof && $0.kind != .newline }
            .map { $0.location.offset + $0.location.length } ?? 0
        let early = errors.contains { $0.location.offset < end }
        return early ? .invalid : lexical
    }
}

/// A cell split into runs of code and `:` command lines, in order. A line starting with `:`
/// is never code, so commands may stand anywhere in a cell; each run of code keeps its
/// first line number for diagnostics.
public enum CellPart: Equatable, Sendable {
    /// Lines of code and the 1-based line they start at.
    case code(String, firstLine: Int)
    /// One `:` command line.
    case command(MetaCommand.Parsed)

    /// The parts of `cell`, blank runs of code left out.
    public static func split(_ cell: String) -> [CellPart] {
        var parts: [CellPart] = []
        var lines: [Substring] = []
        var first = 1
        func flush(next: Int) {
            let code = lines.joined(separator: "\n")
            if InputStatus.of(code) != .empty { parts.append(.code(code, firstLine: first)) }
            lines = []
            first = next
        }
        for (index, line) in cell.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let meta = MetaCommand.parse(String(line)) {
                flush(next: index + 2)
                parts.append(.command(meta))
            } else {
                lines.append(line)
            }
        }
        flush(next: 0)
        return parts
    }
}

extension InteractiveSession {
    /// Runs a `:` command. Output goes to `write`; code run by `:time` and `:load` writes
    /// to the session's host as usual.
    /// - Parameters:
    ///   - meta: the parsed command.
    ///   - write: where the command's own text goes.
    ///   - paint: decorates the `:time` line (the REPL dims it).
    /// - Returns: the exit code of code the command ran (`:time`, `:load`), `.usage` for a
    ///   misused or unknown command, `.ok` otherwise; and whether `:quit` asked to leave.
    @discardableResult
    public func perform(_ meta: MetaCommand.Parsed, write: (String, OutputStreamKind) -> Void,
                        paint: (String) -> String = { $0 }) -> (code: ExitCode, quit: Bool) {
        switch meta {
        case .unknown(let name, let suggestion):
            write("unknown command '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
                  + " (:help lists them)\n", .stderr)
            return (.usage, false)
        case .command(let command, let argument):
            switch command {
            case .help:
                return (help(argument, write: write), false)
            case .vars:
                write(variablesTable, .stdout)
            case .reset:
                reset()
                write("session reset: every variable is gone\n", .stdout)
            case .load:
                guard !argument.isEmpty else { write("usage: :load FILE\n", .stderr); return (.usage, false) }
                let result = load(path: Self.unquoted(argument))
                if let message = result.message { write(message + "\n", .stderr); return (.noInput, false) }
                return (result.code ?? .ok, false)
            case .save:
                guard !argument.isEmpty else { write("usage: :save FILE\n", .stderr); return (.usage, false) }
                let path = Self.unquoted(argument)
                do {
                    try Data(script.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                    write("saved \(successfulInputs.count) inputs to \(path)\n", .stdout)
                } catch {
                    write("cannot write '\(path)': \(error.localizedDescription)\n", .stderr)
                    return (.ioError, false)
                }
            case .time:
                guard !argument.isEmpty else { write("usage: :time STATEMENT\n", .stderr); return (.usage, false) }
                InterruptRequest.clear()
                let started = DispatchTime.now().uptimeNanoseconds
                let code = evaluate(argument)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                write(paint("time: " + Self.duration(seconds)) + "\n", .stdout)
                return (code, false)
            case .quit:
                return (.ok, true)
            }
            return (.ok, false)
        }
    }

    private func help(_ topic: String, write: (String, OutputStreamKind) -> Void) -> ExitCode {
        if topic.isEmpty {
            var text = "Commands:\n" + MetaCommand.allCases.map { "  " + $0.summary + "\n" }.joined()
            text += "Topics (:help TOPIC), from the language reference:\n"
            text += Self.wrap(HelpTopics.titles.map { $0.lowercased() }.joined(separator: ", "), width: 78, indent: "  ")
            text += "Keys: Tab completes, Up/Down and Ctrl-R search history, Ctrl-C clears the line or stops training.\n"
            write(text, .stdout)
            return .ok
        }
        if let text = HelpTopics.help(for: topic, width: min(100, max(40, (host.textColumns ?? 100) - 1))) {
            write(text, .stdout)
            return .ok
        }
        write("no help topic '\(topic)'" + (HelpTopics.suggestion(for: topic).map { "; did you mean '\($0)'?" } ?? "")
              + " (:help lists the topics)\n", .stderr)
        return .usage
    }

    /// The `:vars` table: name, kind and summary of each variable, aligned.
    public var variablesTable: String {
        let variables = self.variables
        guard !variables.isEmpty else { return "no variables yet\n" }
        let nameWidth = variables.map(\.name.count).max() ?? 0
        let kindWidth = variables.map(\.kind.count).max() ?? 0
        return variables.map {
            $0.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                + $0.kind.padding(toLength: kindWidth, withPad: " ", startingAt: 0) + "  " + $0.summary + "\n"
        }.joined()
    }

    /// What is known of the name at `cursor` in `code`: a variable's kind and summary, and
    /// the reference section of a builtin, statement word or keyword. Nil when nothing is.
    /// - Parameters:
    ///   - code: the cell's text.
    ///   - cursor: a UTF-8 offset into `code`; the word around it is inspected.
    public func inspect(_ code: String, cursor: Int) -> String? {
        let bytes = Array(code.utf8)
        let isWord = { (b: UInt8) in b == 0x5F || (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) }
        var start = min(max(0, cursor), bytes.count), end = start
        while start > 0, isWord(bytes[start - 1]) { start -= 1 }
        while end < bytes.count, isWord(bytes[end]) { end += 1 }
        guard start < end else { return nil }
        let word = String(decoding: bytes[start..<end], as: UTF8.self)
        switch interpreter.globals.lookup(word) {
        case .builtin(let builtin)?: return Self.reference(of: builtin)
        case let value?: return "\(word): \(Self.kind(of: value))\n\(Self.summary(of: value))"
        case nil: break
        }
        let isStatementWord = Self.statementWords.contains(word) || Keyword(rawValue: word) != nil
        if isStatementWord, let text = HelpTopics.help(for: word) { return text }
        return nil
    }

    /// A builtin's signature and the lines of the language reference that show it.
    static func reference(of builtin: Builtin) -> String {
        let parameters = builtin.parameters.map { $0.optional ? "\($0.name)?" : $0.name } + (builtin.variadic ? ["…"] : [])
        var text = builtin.parameters.isEmpty && !builtin.variadic && builtin.display != nil
            ? builtin.name : "\(builtin.name)(\(parameters.joined(separator: ", ")))"
        let mentions = ["`\(builtin.name)(", "`\(builtin.name)`", "`\(builtin.name) "]
        for section in HelpTopics.sections {
            let lines = section.text.split(separator: "\n").filter { line in mentions.contains { line.contains($0) } }
            guard !lines.isEmpty else { continue }
            text += "\n\n" + section.title + " (docs/language.md):\n"
            text += lines.prefix(6).map { line -> String in
                // A table row reads as "cell — cell".
                guard line.hasPrefix("|") else { return TerminalMarkdown.inline(line.trimmingBlanks) }
                return TerminalMarkdown.cells(of: String(line)).map(TerminalMarkdown.inline).filter { !$0.isEmpty }.joined(separator: " — ")
            }.joined(separator: "\n")
        }
        return text
    }

    /// Evaluates one expression without output, echo or history (Jupyter's
    /// `user_expressions`): its printed form, or the error's first line.
    public func value(of expression: String) -> Result<String, ExpressionFailure> {
        let quiet = QuietHost()
        let probe = InteractiveSession(host: quiet, options: ScriptOptions(quiet: true, plotsEnabled: false))
        probe.adopt(globalsOf: self)
        let code = probe.evaluate(expression, file: "<expression>")
        if code == .ok, let value = quiet.results.last { return .success(value) }
        let message = quiet.errors.first ?? (code == .ok ? "not an expression" : "failed")
        return .failure(ExpressionFailure(name: code == .dataError ? "SyntaxError" : "RuntimeError", message: message))
    }

    /// Why ``value(of:)`` gave no value.
    public struct ExpressionFailure: Error, Equatable, Sendable {
        public var name: String
        public var message: String
    }

    static func unquoted(_ s: String) -> String {
        s.count >= 2 && s.hasPrefix("\"") && s.hasSuffix("\"") ? String(s.dropFirst().dropLast()) : s
    }

    /// `text` broken at spaces into lines of at most `width` columns, each starting with `indent`.
    public static func wrap(_ text: String, width: Int, indent: String) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count > indent.count, line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Seconds as `12.3 ms` or `1.234 s`.
    public static func duration(_ seconds: Double) -> String {
        seconds < 1 ? String(format: "%.1f ms", seconds * 1000) : String(format: "%.3f s", seconds)
    }
}

/// Keeps results and the first line of each error; writes nothing.
private final class QuietHost: ScriptHost {
    var results: [String] = []
    var errors: [String] = []
    func write(_ text: String, to stream: OutputStreamKind) throws {}
    func isInterrupted() -> Bool { InterruptRequest.isRaised }
    func result(_ repr: String) throws { results.append(repr) }
    func report(_ diagnostics: [Diagnostic], rendered: String) throws {
        errors += diagnostics.map(\.message)
    }
}
