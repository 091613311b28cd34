import Synchronization

/// Where a script's output goes. The executable implements it with stdout, stderr and the
/// terminal; tests capture it. The library never touches the console itself.
public protocol ScriptHost: AnyObject {
    /// Writes text to standard output or standard error.
    /// - Throws: when the output cannot be written (the script then stops with exit 74).
    func write(_ text: String, to stream: OutputStreamKind) throws
    /// True once the user asked to stop (Ctrl-C); polled between statements and iterations.
    func isInterrupted() -> Bool
    /// Writes a plot and returns the path to show.
    /// - Parameters:
    ///   - svg: the SVG document.
    ///   - name: a file name without directory (`lab-1.svg`).
    /// - Throws: when the file cannot be written.
    func savePlot(svg: String, name: String) throws -> String
    /// Shows or clears (nil) a training progress line; only terminals draw it.
    func progress(_ line: String?)
    /// The value of a top-level expression, echoed as the REPL does (`repr` without newline).
    /// - Throws: when the output cannot be written.
    func result(_ repr: String) throws
    /// Errors found in the input (syntax, check, runtime, failed expectations): the
    /// diagnostics and their compiler-style rendering.
    /// - Throws: when the output cannot be written.
    func report(_ diagnostics: [Diagnostic], rendered: String) throws
    /// The run stopped at the user's request; `message` says what was kept.
    /// - Throws: when the output cannot be written.
    func interrupted(_ message: String) throws
    /// The columns text such as `:help` may fill (a terminal's width); nil when unknown.
    var textColumns: Int? { get }
}

extension ScriptHost {
    /// Default: unknown (`:help` then fills 100 columns).
    public var textColumns: Int? { nil }
    public func savePlot(svg: String, name: String) throws -> String { name }
    public func progress(_ line: String?) {}
    /// Default: a line on stdout.
    public func result(_ repr: String) throws { try write(repr + "\n", to: .stdout) }
    /// Default: the rendering on stderr.
    public func report(_ diagnostics: [Diagnostic], rendered: String) throws { try write(rendered, to: .stderr) }
    /// Default: the message as a line on stderr.
    public func interrupted(_ message: String) throws { try write(message + "\n", to: .stderr) }
}

/// The two output streams.
public enum OutputStreamKind: Sendable { case stdout, stderr }

/// Process exit codes (sysexits), as docs/design.md fixes them.
public enum ExitCode: Int32, Sendable {
    case ok = 0
    case expectationFailed = 1
    case usage = 64
    case dataError = 65
    case noInput = 66
    case unavailable = 69
    case software = 70
    case ioError = 74
    case interrupted = 130
}

/// How a script is run: the options of the command line.
public struct ScriptOptions: Sendable {
    /// Extra command-line arguments, visible to the script as the list `args`.
    public var arguments: [String]
    /// Seeds the random generator before the script starts (`--seed N`).
    public var seed: UInt32?
    /// Suppresses informational output (cost lines, plot paths); `print` still prints.
    public var quiet: Bool
    /// Whether plots are written at all (`--no-plots`).
    public var plotsEnabled: Bool
    /// The directory plots are written to (`--plots DIR`), default `plots`.
    public var plotsDirectory: String
    /// Prints the value of each top-level expression statement, as a REPL does.
    public var echoExpressions: Bool
    /// With `echoExpressions`: only when the expression is the input's last statement, as a
    /// notebook cell shows it (the Jupyter kernel; `render` does the same per cell).
    public var echoLastOnly = false
    /// Whether `save` may write files; off, it encodes the model and then refuses (the fuzzer,
    /// which must not write wherever an input names).
    public var filesWritable = true

    public init(arguments: [String] = [], seed: UInt32? = nil, quiet: Bool = false,
                plotsEnabled: Bool = true, plotsDirectory: String = "plots", echoExpressions: Bool = false) {
        self.echoExpressions = echoExpressions
        self.arguments = arguments
        self.seed = seed
        self.quiet = quiet
        self.plotsEnabled = plotsEnabled
        self.plotsDirectory = plotsDirectory
    }
}

/// The user's request to stop (Ctrl-C, Jupyter's stop button): set from a signal handler
/// or another thread, read by the running script's host. Lock-free, so a signal handler
/// may set it.
public enum InterruptRequest {
    private static let flag = Atomic<Bool>(false)

    /// Asks the running script to stop at its next check.
    public static func raise() { flag.store(true, ordering: .relaxed) }
    /// Forgets an earlier request (before a new input runs).
    public static func clear() { flag.store(false, ordering: .relaxed) }
    /// Whether a stop was asked for since the last ``clear()``.
    public static var isRaised: Bool { flag.load(ordering: .relaxed) }
}

/// Thrown when the host reports an interrupt.
/// (Unchecked Sendable: it carries a Value, and is thrown and caught on the script's own
/// thread only.)
struct Interrupted: Error, @unchecked Sendable {
    /// What the interrupted statement had reached (a training run's history so far), for a
    /// `let` or assignment to bind before the stop goes on.
    var partial: Value? = nil
    /// The name that `partial` was bound to, for the message.
    var boundName: String? = nil
}

/// Thrown when the host cannot write output.
struct OutputFailed: Error {}
