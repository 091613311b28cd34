import DNNPlot

/// A host that can also draw plots where the user is looking (the terminal REPL). The
/// interpreter hands it every figure it writes as SVG.
public protocol InlinePlotHost: ScriptHost {
    /// Draws `figure` inline; failures are the host's to report or ignore.
    func showInline(_ figure: Figure)
}
