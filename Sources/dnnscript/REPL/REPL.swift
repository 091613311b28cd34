import DNNScript
import Foundation

/// The interactive loop: read a cell (continuing while brackets are open), run it in the
/// session, echo, repeat; `:` lines are meta commands.
final class REPL {
    private let host: REPLHost
    private let session: InteractiveSession
    private let reader: LineReader
    private var pending: [String] = []
    private var quitRequested = false

    init(flags: ScriptFlags) {
        let environment = ProcessInfo.processInfo.environment
        let terminal = TerminalInfo(environment: environment)
        host = REPLHost(plotsDirectory: flags.plots, terminal: terminal)
        session = InteractiveSession(host: host, options: ScriptOptions(
            seed: flags.seed, quiet: flags.quiet, plotsEnabled: !flags.noPlots, plotsDirectory: flags.plots))
        reader = LineReader(historyPath: LineReader.defaultHistoryPath(environment: environment)) { message in
            try? StdioHost.writeAll(Array((message + "\n").utf8), to: STDERR_FILENO)
        }
    }

    /// Runs until Ctrl-D or `:quit`.
    /// - Returns: the exit status, 0.
    func run() -> Int32 {
        host.install()
        let session = self.session
        activeCompleter = { [unowned self] line, cursor in
            session.completions(in: line, cursor: cursor, pending: self.pending.joined(separator: "\n"))
        }
        out("dnnscript \(DNNScriptInfo.version) — :help for help, Ctrl-D to quit\n")
        let primary = host.terminal.prompt(">>> ", colour: "1;32")
        let continuation = host.terminal.prompt("... ", colour: "1;33")
        while !quitRequested {
            switch reader.read(prompt: pending.isEmpty ? primary : continuation) {
            case .endOfInput:
                quitRequested = true
            case .interrupted:
                pending = []
            case .line(let line):
                reader.remember(line)
                accept(line)
            }
        }
        reader.close()
        activeCompleter = nil
        return 0
    }

    private func accept(_ line: String) {
        // A line starting with `:` is never code, so meta commands work mid-cell too (the
        // unfinished cell waits).
        if let meta = MetaCommand.parse(line) {
            perform(meta)
            return
        }
        pending.append(line)
        let cell = pending.joined(separator: "\n")
        switch InputStatus.of(cell) {
        case .empty:
            pending = []
        case .incomplete:
            // Two blank lines run an unfinished cell anyway, so its error shows.
            if pending.count >= 3, pending.suffix(2).allSatisfy({ $0.allSatisfy(\.isWhitespace) }) { runCell(cell) }
        case .complete:
            runCell(cell)
        }
    }

    private func runCell(_ cell: String) {
        pending = []
        interruptRequested = 0
        if session.evaluate(cell) == .interrupted {
            err("the session keeps what ran before the stop (a model keeps the weights it reached)\n")
        }
        interruptRequested = 0
    }

    // MARK: - Meta commands

    private func perform(_ meta: MetaCommand.Parsed) {
        switch meta {
        case .unknown(let name, let suggestion):
            err("unknown command '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "") + " (:help lists them)\n")
        case .command(let command, let argument):
            switch command {
            case .help: help(argument)
            case .vars: vars()
            case .reset:
                session.reset()
                out("session reset: every variable is gone\n")
            case .load:
                guard !argument.isEmpty else { return err("usage: :load FILE\n") }
                let result = session.load(path: unquoted(argument))
                if let message = result.message { err(message + "\n") }
            case .save:
                guard !argument.isEmpty else { return err("usage: :save FILE\n") }
                save(to: unquoted(argument))
            case .time:
                guard !argument.isEmpty else { return err("usage: :time STATEMENT\n") }
                interruptRequested = 0
                let started = DispatchTime.now().uptimeNanoseconds
                session.evaluate(argument)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                interruptRequested = 0
                out(host.terminal.paint("time: " + Self.duration(seconds), "2") + "\n")
            case .quit:
                quitRequested = true
            }
        }
    }

    private func help(_ topic: String) {
        if topic.isEmpty {
            var text = "Commands:\n" + MetaCommand.allCases.map { "  " + $0.summary + "\n" }.joined()
            text += "Topics (:help TOPIC), from the language reference:\n"
            text += Self.wrap(HelpTopics.titles.map { $0.lowercased() }.joined(separator: ", "), width: 78, indent: "  ")
            text += "Keys: Tab completes, Up/Down and Ctrl-R search history, Ctrl-C clears the line or stops training.\n"
            return out(text)
        }
        if let section = HelpTopics.section(for: topic) { return out(section.text + "\n") }
        err("no help topic '\(topic)'" + (HelpTopics.suggestion(for: topic).map { "; did you mean '\($0)'?" } ?? "")
            + " (:help lists the topics)\n")
    }

    private func vars() {
        let variables = session.variables
        guard !variables.isEmpty else { return out("no variables yet\n") }
        let nameWidth = variables.map(\.name.count).max() ?? 0
        let kindWidth = variables.map(\.kind.count).max() ?? 0
        out(variables.map {
            $0.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                + $0.kind.padding(toLength: kindWidth, withPad: " ", startingAt: 0) + "  " + $0.summary + "\n"
        }.joined())
    }

    private func save(to path: String) {
        do {
            try Data(session.script.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            out("saved \(session.successfulInputs.count) inputs to \(path)\n")
        } catch {
            err("cannot write '\(path)': \(error.localizedDescription)\n")
        }
    }

    private func unquoted(_ s: String) -> String {
        s.count >= 2 && s.hasPrefix("\"") && s.hasSuffix("\"") ? String(s.dropFirst().dropLast()) : s
    }

    /// `text` broken at spaces into lines of at most `width` columns, each starting with `indent`.
    static func wrap(_ text: String, width: Int, indent: String) -> String {
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

    static func duration(_ seconds: Double) -> String {
        seconds < 1 ? String(format: "%.1f ms", seconds * 1000) : String(format: "%.3f s", seconds)
    }

    private func out(_ text: String) { try? host.write(text, to: .stdout) }
    private func err(_ text: String) { try? host.write(text, to: .stderr) }
}
