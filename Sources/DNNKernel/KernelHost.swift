import DNNPlot
import DNNScript
import Foundation

/// Where a cell's output goes in the kernel: every write, echoed value, plot and progress
/// line becomes an IOPub message answering the cell's `execute_request`; errors are kept
/// for the cell's `error` message and reply.
final class KernelHost: ScriptHost, @unchecked Sendable {
    /// Sends one IOPub message answering the current request.
    private let publish: (String, JSONValue) -> Void
    /// Also write plots as files here (`dnnscript kernel --plots DIR`); nil: inline only.
    let plotsDirectory: String?

    /// Nothing reaches IOPub (the request was `silent`).
    var silent = false
    /// The execution count of the running cell, for `execute_result`.
    var executionCount = 0
    /// Errors of the running cell, each batch with its rendering.
    private(set) var reports: [(diagnostics: [Diagnostic], rendered: String)] = []
    /// The last value the running cell echoed (for history).
    private(set) var lastResult: String?
    /// The interruption message of the running cell, if it was stopped.
    private(set) var interruption: String?
    /// The "plot: NAME" line the interpreter prints after an inline plot (not shown).
    private var plotLine: String?
    private var progressID: String?
    private var lastProgress: UInt64 = 0
    /// Fewest nanoseconds between two progress updates (at most 10 a second).
    static let progressInterval: UInt64 = 100_000_000

    /// Text written but not yet sent: a burst of prints goes out as one stream message,
    /// a line printed alone goes out at once or within ``streamInterval`` (as ipykernel
    /// batches stdout).
    private var pending: (stream: OutputStreamKind, text: String)?
    private var lastFlush: UInt64 = 0
    private let streams = NSCondition()
    /// Longest a written line waits before it is sent (nanoseconds).
    static let streamInterval: UInt64 = 50_000_000

    init(plotsDirectory: String?, publish: @escaping (String, JSONValue) -> Void) {
        self.plotsDirectory = plotsDirectory
        self.publish = publish
        let thread = Thread { [unowned self] in self.flushWhenDue() }
        thread.name = "stream flush"
        thread.start()
    }

    /// Sends pending text once it has waited ``streamInterval``; sleeps while there is none.
    private func flushWhenDue() {
        streams.lock()
        while true {
            while pending == nil { streams.wait() }
            let due = Date(timeIntervalSinceNow: Double(Self.streamInterval) / 1e9)
            while pending != nil, Date() < due { _ = streams.wait(until: due) }
            flushLocked()
        }
    }

    /// Sends what was written (before any other output, and at the end of a cell).
    func flush() {
        streams.lock()
        flushLocked()
        streams.unlock()
    }

    private func flushLocked() {
        lastFlush = DispatchTime.now().uptimeNanoseconds
        guard let (stream, text) = pending else { return }
        pending = nil
        send("stream", .object(["name": .string(stream == .stdout ? "stdout" : "stderr"), "text": .string(text)]))
    }

    /// Starts a cell.
    func begin(executionCount: Int, silent: Bool) {
        self.executionCount = executionCount
        self.silent = silent
        reports = []
        lastResult = nil
        interruption = nil
        plotLine = nil
        progressID = nil
    }

    private func send(_ type: String, _ content: JSONValue) {
        if !silent { publish(type, content) }
    }

    func write(_ text: String, to stream: OutputStreamKind) throws {
        if stream == .stdout, let line = plotLine, text == line {
            plotLine = nil
            return
        }
        plotLine = nil
        let shown = stream == .stderr ? DiagnosticRenderer.painted(text) : text
        streams.lock()
        defer { streams.unlock() }
        if let waiting = pending, waiting.stream != stream { flushLocked() }
        let wasEmpty = pending == nil
        pending = (stream, (pending?.text ?? "") + shown)
        if DispatchTime.now().uptimeNanoseconds - lastFlush >= Self.streamInterval {
            flushLocked()
        } else if wasEmpty {
            streams.signal()
        }
    }

    func isInterrupted() -> Bool { InterruptRequest.isRaised }

    func result(_ repr: String) throws {
        flush()
        plotLine = nil
        lastResult = repr
        send("execute_result", .object([
            "execution_count": .number(Double(executionCount)),
            "data": .object(["text/plain": .string(repr)]),
            "metadata": .object([:]),
        ]))
    }

    func report(_ diagnostics: [Diagnostic], rendered: String) throws {
        reports.append((diagnostics, rendered))
    }

    func interrupted(_ message: String) throws { interruption = message }

    func savePlot(svg: String, name: String) throws -> String {
        flush()
        // Cell names (`cell[3]`) make plot names like `cell[3]-1.svg`; files get `cell3-1.svg`.
        let fileName = name.filter { $0 != "[" && $0 != "]" }
        var shown = fileName
        if let plotsDirectory {
            let directory = URL(fileURLWithPath: plotsDirectory, isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(svg.utf8).write(to: directory.appendingPathComponent(fileName), options: .atomic)
            shown = plotsDirectory.hasSuffix("/") ? plotsDirectory + fileName : plotsDirectory + "/" + fileName
        }
        send("display_data", .object([
            "data": .object(["image/svg+xml": .string(svg), "text/plain": .string("<plot \(shown)>")]),
            "metadata": .object([:]),
        ]))
        // With files written the path line is worth showing; otherwise the plot is the output.
        plotLine = plotsDirectory == nil ? "plot: \(shown)\n" : nil
        return shown
    }

    func progress(_ line: String?) {
        flush()
        let now = DispatchTime.now().uptimeNanoseconds
        guard let line else {
            // Training ended: the line goes, as a terminal's progress bar does.
            if let id = progressID {
                send("update_display_data", Self.display(text: "", id: id))
                progressID = nil
            }
            return
        }
        if let id = progressID {
            guard now - lastProgress >= Self.progressInterval else { return }
            send("update_display_data", Self.display(text: line, id: id))
        } else {
            let id = UUID().uuidString.lowercased()
            progressID = id
            send("display_data", Self.display(text: line, id: id))
        }
        lastProgress = now
    }

    private static func display(text: String, id: String) -> JSONValue {
        .object([
            "data": .object(["text/plain": .string(text)]),
            "metadata": .object([:]),
            "transient": .object(["display_id": .string(id)]),
        ])
    }
}
