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
        out(DNNScriptInfo.banner + "\n")
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
        switch InputStatus.judge(cell) {
        case .empty:
            pending = []
        case .incomplete:
            // Two blank lines run an unfinished cell anyway, so its error shows.
            if pending.count >= 3, pending.suffix(2).allSatisfy({ $0.allSatisfy(\.isWhitespace) }) { runCell(cell) }
        case .complete, .invalid:
            runCell(cell)
        }
    }

    private func runCell(_ cell: String) {
        pending = []
        InterruptRequest.clear()
        if session.evaluate(cell) == .interrupted {
            err("the session keeps what ran before the stop (a model keeps the weights it reached)\n")
        }
        InterruptRequest.clear()
    }

    // MARK: - Meta commands

    private func perform(_ meta: MetaCommand.Parsed) {
        let outcome = session.perform(meta, write: { text, stream in
            stream == .stdout ? self.out(text) : self.err(text)
        }, paint: { self.host.terminal.paint($0, "2") })
        InterruptRequest.clear()
        if outcome.quit { quitRequested = true }
    }

    private func out(_ text: String) { try? host.write(text, to: .stdout) }
    private func err(_ text: String) { try? host.write(text, to: .stderr) }
}
