import DNNScript

/// A host that keeps what a script writes, for tests.
final class CaptureHost: ScriptHost {
    var stdout = ""
    var stderr = ""
    var plots: [(name: String, svg: String)] = []
    var interruptAfterChecks: Int?
    private var checks = 0

    func write(_ text: String, to stream: OutputStreamKind) throws {
        switch stream {
        case .stdout: stdout += text
        case .stderr: stderr += text
        }
    }

    func isInterrupted() -> Bool {
        checks += 1
        if let limit = interruptAfterChecks { return checks > limit }
        return false
    }

    func savePlot(svg: String, name: String) throws -> String {
        plots.append((name, svg))
        return "plots/" + name
    }
}

/// Runs a script in-process and returns what it wrote and its exit code.
func runScript(_ source: String, file: String = "test.dnn", options: ScriptOptions = ScriptOptions(plotsEnabled: false))
    -> (stdout: String, stderr: String, code: ExitCode) {
    let host = CaptureHost()
    let code = ScriptSession(host: host, options: options).run(source: source, file: file)
    return (host.stdout, host.stderr, code)
}
