import DNNPlot
import DNNScript
import Foundation

/// What the terminal can show: colour (stdout a terminal, `TERM` not dumb, `NO_COLOR` unset)
/// and its width.
struct TerminalInfo {
    let colour: Bool
    let plotMode: ColorMode

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
        colour = stdoutIsTerminal && environment["NO_COLOR"] == nil && (environment["TERM"] ?? "dumb") != "dumb"
        plotMode = colour ? ColorMode.detect(environment: environment) : .none
    }

    /// Columns and rows of the terminal (TIOCGWINSZ), 80×24 when unknown.
    static var size: (columns: Int, rows: Int) {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
            return (Int(size.ws_col), Int(size.ws_row))
        }
        return (80, 24)
    }

    /// A readline prompt in bold `colour` (SGR code); the escapes sit between \001 and \002
    /// so readline does not count them as width.
    func prompt(_ text: String, colour code: String) -> String {
        colour ? "\u{1}\u{1B}[\(code)m\u{2}\(text)\u{1}\u{1B}[0m\u{2}" : text
    }

    /// `text` in an SGR colour when colour is on.
    func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// The REPL's host: the script runner's console host (output, progress bar, Ctrl-C flag,
/// plot files), plus plots drawn in the terminal and coloured error labels.
final class REPLHost: InlinePlotHost {
    private let console: StdioHost
    let terminal: TerminalInfo

    init(plotsDirectory: String, terminal: TerminalInfo) {
        console = StdioHost(plotsDirectory: plotsDirectory)
        self.terminal = terminal
    }

    /// Installs the console's signal handling (Ctrl-C sets the interrupt flag).
    func install() { console.install() }

    func write(_ text: String, to stream: OutputStreamKind) throws {
        var text = text
        if stream == .stderr, terminal.colour {
            text = DiagnosticRenderer.painted(text)
        }
        try console.write(text, to: stream)
    }

    func isInterrupted() -> Bool { console.isInterrupted() }

    /// The terminal's width now (it may have been resized since start-up).
    var textColumns: Int? { TerminalInfo.size.columns }

    func savePlot(svg: String, name: String) throws -> String {
        try console.savePlot(svg: svg, name: name)
    }

    func progress(_ line: String?) { console.progress(line) }

    func showInline(_ figure: Figure) {
        // As wide as the terminal (up to a readable 120 columns), and short enough that the
        // whole plot and the prompt below it fit on the screen.
        let size = TerminalInfo.size
        let width = max(40, min(120, size.columns - 1))
        let height = max(8, min(size.rows - 10, width * 2 / 5))
        let renderer = TerminalRenderer(width: width, height: height, mode: terminal.plotMode)
        guard let output = try? renderer.render(figure) else { return }
        try? console.write(output.lines.joined(separator: "\n") + "\n", to: .stdout)
    }
}
