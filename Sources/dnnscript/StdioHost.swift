import DNNScript
import Foundation

/// The console implementation of ``ScriptHost``: stdout, stderr, SIGINT, plot files.
final class StdioHost: ScriptHost {
    let plotsDirectory: String
    let stderrIsTerminal = isatty(STDERR_FILENO) == 1
    private var progressShown = false

    init(plotsDirectory: String) {
        self.plotsDirectory = plotsDirectory
    }

    /// Installs the Ctrl-C handler and ignores SIGPIPE so a closed pipe is an I/O error.
    func install() {
        // A parent may start us with signals blocked (Foundation's Process does): unblock
        // them so Ctrl-C and kill reach the handler and the default actions.
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
        signal(SIGPIPE, SIG_IGN)
        signal(SIGINT) { _ in InterruptRequest.raise() }
    }

    func write(_ text: String, to stream: OutputStreamKind) throws {
        if progressShown { clearProgress() }
        let fd = stream == .stdout ? STDOUT_FILENO : STDERR_FILENO
        try Self.writeAll(Array(text.utf8), to: fd)
    }

    static func writeAll(_ bytes: [UInt8], to fd: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CocoaError(.fileWriteUnknown)
            }
            offset += n
        }
    }

    func isInterrupted() -> Bool { InterruptRequest.isRaised }

    func savePlot(svg: String, name: String) throws -> String {
        let directory = URL(fileURLWithPath: plotsDirectory, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(svg.utf8).write(to: url, options: .atomic)
        return plotsDirectory.hasSuffix("/") ? plotsDirectory + name : plotsDirectory + "/" + name
    }

    func progress(_ line: String?) {
        guard stderrIsTerminal else { return }
        if let line {
            try? Self.writeAll(Array("\r\(line)\u{1B}[K".utf8), to: STDERR_FILENO)
            progressShown = true
        } else {
            clearProgress()
        }
    }

    private func clearProgress() {
        try? Self.writeAll(Array("\r\u{1B}[K".utf8), to: STDERR_FILENO)
        progressShown = false
    }
}
