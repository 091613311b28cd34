import CZMQ
import DNNScript
import Foundation

/// A dnnscript Jupyter kernel: the five sockets of a connection file and one
/// ``InteractiveSession`` that every cell runs in (docs/jupyter.md).
///
/// Threads: the caller's runs the shell channel (cells run there, one at a time); one
/// thread serves the control channel (interrupt, shutdown), so it answers while a cell runs;
/// libzmq echoes the heartbeat on a third. IOPub is written from the first two behind a lock.
public final class Kernel: @unchecked Sendable {
    /// How the kernel was started.
    public struct Options: Sendable {
        /// Also write each plot as an SVG file here; nil shows plots inline only.
        public var plotsDirectory: String?
        /// Seed of the random generator at start and after `:reset`.
        public var seed: UInt32?
        /// Called after the shutdown reply went out; the executable exits.
        public var onShutdown: @Sendable () -> Void
        /// Where the kernel's own log lines go (never the key).
        public var log: @Sendable (String) -> Void

        public init(plotsDirectory: String? = nil, seed: UInt32? = nil,
                    onShutdown: @escaping @Sendable () -> Void, log: @escaping @Sendable (String) -> Void) {
            self.plotsDirectory = plotsDirectory
            self.seed = seed
            self.onShutdown = onShutdown
            self.log = log
        }
    }

    /// The name given to the kernel in a connection file written back and in kernel.json.
    public static let defaultName = "dnnscript"

    public private(set) var connection: ConnectionInfo
    private let options: Options
    private let wire: Wire
    private let shell, control, stdin, iopub, heartbeat: ZMQSocket
    private let iopubLock = NSLock()
    /// Set under `iopubLock` when IOPub is closed for shutdown: later outputs are dropped.
    private var iopubClosed = false
    private let host: KernelHost
    private let session: InteractiveSession
    /// The request whose outputs IOPub is carrying.
    private var parent: KernelMessage?
    private var executionCount = 0
    private var history = KernelHistory()

    /// Binds the connection file's sockets.
    /// - Throws: ``KernelFailure`` (66 missing file, 65 bad file, 69 an address or port that
    ///   cannot be had).
    public init(connectionFile path: String, options: Options) throws {
        connection = try ConnectionInfo.read(path: path)
        self.options = options
        wire = Wire(signer: MessageSigner(key: connection.key))
        shell = try ZMQSocket(type: ZMQ_ROUTER)
        control = try ZMQSocket(type: ZMQ_ROUTER)
        stdin = try ZMQSocket(type: ZMQ_ROUTER)
        iopub = try ZMQSocket(type: ZMQ_PUB)
        heartbeat = try ZMQSocket(type: ZMQ_ROUTER)
        let sockets: [(ConnectionInfo.Channel, ZMQSocket)] = [(.shell, shell), (.iopub, iopub), (.stdin, stdin),
                                                               (.control, control), (.hb, heartbeat)]
        var chosen = false
        for (channel, socket) in sockets {
            let bound = try socket.bind(connection.endpoint(channel))
            if connection.ports[channel] == 0, let port = Int(bound.split(whereSeparator: { $0 == ":" || $0 == "-" }).last ?? "") {
                connection.ports[channel] = port
                chosen = true
            }
        }
        if chosen {
            // The client asked the kernel to choose ports: tell it which (as ipykernel does).
            let text = connection.json(kernelName: Self.defaultName).serialized
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                throw KernelFailure(KernelFailure.cannotCreate, "cannot write the chosen ports to '\(path)': \(error.localizedDescription)")
            }
        }
        var publishBox: ((String, JSONValue) -> Void)?
        host = KernelHost(plotsDirectory: options.plotsDirectory) { type, content in publishBox?(type, content) }
        var scriptOptions = ScriptOptions(seed: options.seed, plotsEnabled: true, plotsDirectory: options.plotsDirectory ?? "plots")
        scriptOptions.echoLastOnly = true
        session = InteractiveSession(host: host, options: scriptOptions)
        publishBox = { [unowned self] type, content in self.publish(type, content, parent: self.parent) }
    }

    /// Serves until a shutdown request (then ``Options/onShutdown`` is called, which must not
    /// return: the socket it came on and IOPub are closed by then).
    public func run() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGINT) { _ in InterruptRequest.raise() }
        let heartbeat = self.heartbeat
        Self.startThread(name: "heartbeat") { heartbeat.echoForever() }
        Self.startThread(name: "control") { [self] in
            while true {
                guard let frames = receive(from: control) else { continue }
                handle(frames, on: control, channel: "control")
            }
        }
        publish("status", .object(["execution_state": .string("starting")]), parent: nil)
        while true {
            guard let frames = receive(from: shell) else { continue }
            handle(frames, on: shell, channel: "shell")
        }
    }

    private func receive(from socket: ZMQSocket, wait: Bool = true) -> [[UInt8]]? {
        do { return try socket.receive(wait: wait) } catch {
            options.log("\(error)")
            return nil
        }
    }

    /// A thread that does not take SIGINT (the shell thread and the cells it runs do).
    private static func startThread(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGINT)
            pthread_sigmask(SIG_BLOCK, &set, nil)
            body()
        }
        thread.name = name
        thread.start()
    }

    // MARK: - Messages

    private func decode(_ frames: [[UInt8]], channel: String) -> KernelMessage? {
        do { return try wire.decode(frames) } catch {
            options.log("dropped a message on \(channel): \(error)")
            return nil
        }
    }

    private func publish(_ type: String, _ content: JSONValue, parent: KernelMessage?) {
        var message = wire.message(type, content: content, parent: parent)
        // Subscribers filter on the first frame: the message type.
        message.identities = [Array("kernel.\(wire.session).\(type)".utf8)]
        let frames = wire.encode(message)
        iopubLock.lock()
        defer { iopubLock.unlock() }
        guard !iopubClosed else { return }
        do { try iopub.send(frames) } catch { options.log("\(error)") }
    }

    private func reply(_ request: KernelMessage, _ type: String, _ content: JSONValue, on socket: ZMQSocket) {
        let message = wire.message(type, content: content, parent: request, identities: request.identities)
        do { try socket.send(wire.encode(message)) } catch { options.log("\(error)") }
    }

    private func status(_ state: String, _ request: KernelMessage) {
        publish("status", .object(["execution_state": .string(state)]), parent: request)
    }

    /// Closes the socket a shutdown request came on (this thread's own) and IOPub (under its
    /// lock), each returning once libzmq has sent what it holds: the replies, so the exit
    /// that follows loses nothing, without waiting any longer than that.
    private func flushReplies(on socket: ZMQSocket) {
        socket.closeAndFlush()
        iopubLock.lock()
        defer { iopubLock.unlock() }
        iopubClosed = true
        iopub.closeAndFlush()
    }

    /// Decodes and serves one request, between `busy` and `idle`.
    private func handle(_ frames: [[UInt8]], on socket: ZMQSocket, channel: String, aborting: Bool = false) {
        guard let request = decode(frames, channel: channel) else { return }
        status("busy", request)
        defer { status("idle", request) }
        let content = request.content
        switch request.type {
        case "execute_request" where aborting:
            reply(request, "execute_reply", .object(["status": .string("aborted"),
                                                      "execution_count": .number(Double(executionCount))]), on: socket)
        case "execute_request" where channel == "shell":
            if !execute(request, on: socket), content["stop_on_error"]?.bool ?? true { abortQueued() }
        case "kernel_info_request":
            reply(request, "kernel_info_reply", kernelInfo, on: socket)
        case "interrupt_request":
            InterruptRequest.raise()
            reply(request, "interrupt_reply", .object(["status": .string("ok")]), on: socket)
        case "shutdown_request":
            let answer: JSONValue = .object(["status": .string("ok"), "restart": .bool(content["restart"]?.bool ?? false)])
            reply(request, "shutdown_reply", answer, on: socket)
            publish("shutdown_reply", answer, parent: request)
            flushReplies(on: socket)
            options.onShutdown()
        case "complete_request":
            reply(request, "complete_reply", complete(content), on: socket)
        case "inspect_request":
            reply(request, "inspect_reply", inspect(content), on: socket)
        case "is_complete_request":
            reply(request, "is_complete_reply", isComplete(content), on: socket)
        case "history_request":
            reply(request, "history_reply", .object(["status": .string("ok"), "history": history.answer(content)]), on: socket)
        case "comm_info_request":
            reply(request, "comm_info_reply", .object(["status": .string("ok"), "comms": .object([:])]), on: socket)
        case "comm_open", "comm_msg", "comm_close":
            break  // no comm targets: the protocol asks for no reply
        default:
            options.log("ignored a '\(request.type)' message on \(channel) (not supported)")
        }
    }

    /// Answers every execute request already waiting on the shell socket `aborted`
    /// (ipykernel's stop_on_error); other requests are served as usual. What is waiting is
    /// taken first, so a request sent after those answers arrived runs normally.
    private func abortQueued() {
        var waiting: [[[UInt8]]] = []
        while let frames = receive(from: shell, wait: false) { waiting.append(frames) }
        for frames in waiting { handle(frames, on: shell, channel: "shell", aborting: true) }
    }

    // MARK: - Execute

    /// Runs a cell; false when it failed or was interrupted.
    private func execute(_ request: KernelMessage, on socket: ZMQSocket) -> Bool {
        let content = request.content
        let code = content["code"]?.string ?? ""
        let silent = content["silent"]?.bool ?? false
        let storeHistory = !silent && (content["store_history"]?.bool ?? true)
        if storeHistory { executionCount += 1 }
        let count = executionCount
        if !silent {
            publish("execute_input", .object(["code": .string(code), "execution_count": .number(Double(count))]), parent: request)
        }
        parent = request
        host.begin(executionCount: count, silent: silent)
        InterruptRequest.clear()
        var failure: (name: String, value: String, traceback: [String])?
        var expectationsFailed = false
        for part in CellPart.split(code) {
            let exit: ExitCode
            switch part {
            case .code(let text, let firstLine):
                exit = session.evaluate(text, file: "cell[\(count)]", firstLine: firstLine)
            case .command(let meta):
                var said = ""
                let outcome = session.perform(meta, write: { [host] text, stream in
                    if stream == .stderr { said += text }
                    try? host.write(text, to: stream)
                })
                if outcome.quit {
                    try? host.write(":quit does not stop a kernel: use your notebook's Shut Down or Restart\n", to: .stderr)
                }
                exit = outcome.code
                if exit == .usage || exit == .noInput || (exit == .ioError && host.reports.isEmpty) {
                    failure = ("UsageError", said.trimmingCharacters(in: .whitespacesAndNewlines), [])
                }
            }
            if exit == .expectationFailed { expectationsFailed = true; continue }
            if exit == .ok { continue }
            if failure == nil { failure = errorDescription(exit) }
            break
        }
        if failure == nil, expectationsFailed { failure = errorDescription(.expectationFailed) }
        host.flush()
        InterruptRequest.clear()
        if storeHistory { history.append(code, output: host.lastResult) }
        var answer: [String: JSONValue] = ["execution_count": .number(Double(count))]
        if let failure {
            let error: [String: JSONValue] = ["ename": .string(failure.name), "evalue": .string(failure.value),
                                              "traceback": .array(failure.traceback.map(JSONValue.string))]
            if !silent { publish("error", .object(error), parent: request) }
            answer.merge(error) { $1 }
            answer["status"] = .string("error")
        } else {
            answer["status"] = .string("ok")
            answer["payload"] = .array([])
            answer["user_expressions"] = userExpressions(content["user_expressions"])
        }
        reply(request, "execute_reply", .object(answer), on: socket)
        parent = nil
        return failure == nil
    }

    /// The `error` message of a cell that stopped with `exit`: the diagnostics' rendering
    /// as the traceback, the first message as the value.
    private func errorDescription(_ exit: ExitCode) -> (name: String, value: String, traceback: [String]) {
        if exit == .interrupted {
            let message = host.interruption ?? "interrupted"
            return ("KeyboardInterrupt", message,
                    [message, "the session keeps what ran before the stop (a model keeps the weights it reached)"])
        }
        let reports = host.reports
        guard let first = reports.first?.diagnostics.first(where: { $0.severity == .error }) else {
            return exit == .ioError ? ("IOError", "output could not be written", []) : ("Error", "the cell failed (exit \(exit.rawValue))", [])
        }
        let name: String
        switch first.phase {
        case .syntax: name = "SyntaxError"
        case .check: name = "CheckError"
        case .runtime: name = "RuntimeError"
        case .expectation: name = "ExpectationFailed"
        case .unavailable: name = "UnavailableError"  // a system library (OpenBLAS) cannot be had
        }
        let traceback = reports.flatMap { report in
            DiagnosticRenderer.painted(report.rendered).split(separator: "\n").map(String.init)
        }
        let failures = reports.flatMap(\.diagnostics).filter { $0.severity == .error }.count
        let value = name == "ExpectationFailed" && failures > 1
            ? "\(failures) expectations failed; the first: \(first.message)" : first.message
        return (name, value, traceback)
    }

    private func userExpressions(_ requested: JSONValue?) -> JSONValue {
        guard case .object(let expressions)? = requested else { return .object([:]) }
        var results: [String: JSONValue] = [:]
        for (name, expression) in expressions {
            guard let text = expression.string else { continue }
            switch session.value(of: text) {
            case .success(let repr):
                results[name] = .object(["status": .string("ok"), "data": .object(["text/plain": .string(repr)]),
                                         "metadata": .object([:])])
            case .failure(let failure):
                results[name] = .object(["status": .string("error"), "ename": .string(failure.name),
                                         "evalue": .string(failure.message), "traceback": .array([])])
            }
        }
        return .object(results)
    }

    // MARK: - Introspection

    var kernelInfo: JSONValue {
        .object([
            "status": .string("ok"),
            "protocol_version": .string(Wire.protocolVersion),
            "implementation": .string("dnnscript"),
            "implementation_version": .string(DNNScriptInfo.version),
            "language_info": .object([
                "name": .string("dnnscript"),
                "version": .string(DNNScriptInfo.version),
                "mimetype": .string("text/x-dnnscript"),
                "file_extension": .string(".dnn"),
                // No lexer knows dnnscript; Python's reads its comments, strings and numbers.
                "pygments_lexer": .string("python"),
                "codemirror_mode": .string("python"),
            ]),
            "banner": .string("dnnscript \(DNNScriptInfo.version) — cells run in one session; :help lists the commands"),
            "help_links": .array(KernelDocs.links.map { .object(["text": .string($0.text), "url": .string($0.url)]) }),
            "debugger": .bool(false),
        ])
    }

    private func complete(_ content: JSONValue) -> JSONValue {
        let code = content["code"]?.string ?? ""
        let scalars = Array(code.unicodeScalars)
        let cursor = min(max(0, content["cursor_pos"]?.int ?? scalars.count), scalars.count)
        var lineStart = cursor
        while lineStart > 0, scalars[lineStart - 1] != "\n" { lineStart -= 1 }
        var lineEnd = cursor
        while lineEnd < scalars.count, scalars[lineEnd] != "\n" { lineEnd += 1 }
        let text = { (range: Range<Int>) in String(String.UnicodeScalarView(scalars[range])) }
        let pending = lineStart > 0 ? text(0..<(lineStart - 1)) : ""
        let line = text(lineStart..<lineEnd)
        let completion = session.completions(in: line, cursor: text(lineStart..<cursor).utf8.count,
                                             pending: pending.split(separator: "\n").filter { MetaCommand.parse(String($0)) == nil }
                                                 .joined(separator: "\n"))
        let start = lineStart + String(decoding: line.utf8.prefix(completion.start), as: UTF8.self).unicodeScalars.count
        return .object([
            "status": .string("ok"),
            "matches": .array(completion.candidates.map(JSONValue.string)),
            "cursor_start": .number(Double(start)),
            "cursor_end": .number(Double(cursor)),
            "metadata": .object([:]),
        ])
    }

    private func inspect(_ content: JSONValue) -> JSONValue {
        let code = content["code"]?.string ?? ""
        let scalars = Array(code.unicodeScalars)
        let cursor = min(max(0, content["cursor_pos"]?.int ?? scalars.count), scalars.count)
        let offset = String(String.UnicodeScalarView(scalars[..<cursor])).utf8.count
        guard let text = session.inspect(code, cursor: offset) else {
            return .object(["status": .string("ok"), "found": .bool(false), "data": .object([:]), "metadata": .object([:])])
        }
        return .object([
            "status": .string("ok"), "found": .bool(true),
            "data": .object(["text/plain": .string(text), "text/markdown": .string(text)]),
            "metadata": .object([:]),
        ])
    }

    private func isComplete(_ content: JSONValue) -> JSONValue {
        // `:` lines are whole commands; what decides is the code around them.
        let code = (content["code"]?.string ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            .map { MetaCommand.parse(String($0)) == nil ? String($0) : "" }.joined(separator: "\n")
        switch InputStatus.judge(code) {
        case .empty, .complete: return .object(["status": .string("complete")])
        case .invalid: return .object(["status": .string("invalid")])
        case .incomplete(let depth):
            return .object(["status": .string("incomplete"), "indent": .string(String(repeating: "  ", count: depth))])
        }
    }
}
