/// The dnnscript language: syntax, diagnostics, runtime.
public enum DNNScriptInfo {
    public static let version = "0.1.0"
    /// The REPL's first line (docs/repl.md shows it; the doc tests compare the two).
    public static let banner = "dnnscript \(version) — :help for help, Ctrl-D to quit"
}
