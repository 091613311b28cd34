// readline's globals are C variables; the REPL touches them from the main thread only.
@preconcurrency import CReadline
import DNNScript
import Foundation

/// What one prompt produced.
enum ReadResult: Equatable {
    case line(String)
    /// Ctrl-C at the prompt: the line was thrown away.
    case interrupted
    /// Ctrl-D on an empty line, or stdin closed.
    case endOfInput
}

// readline is a C library with global state and callbacks that cannot capture context. The
// REPL uses it from the main thread only (scripts run on their own thread while readline is
// idle), so these globals are never touched concurrently.
nonisolated(unsafe) private var pendingLine: ReadResult?
/// Set by the SIGCONT handler: after Ctrl-Z and `fg` the shell has put the terminal back in
/// cooked mode, so the read loop prepares it again for readline.
nonisolated(unsafe) private var continuedAfterStop: sig_atomic_t = 0
/// Answers Tab: the line and the cursor (UTF-8 offset) → candidates.
nonisolated(unsafe) var activeCompleter: ((String, Int) -> Completion)?
nonisolated(unsafe) private var completionMatches: [String] = []
nonisolated(unsafe) private var completionIndex = 0

/// Line editing, history and completion through GNU readline's callback interface, which lets
/// Ctrl-C clear the line: the SIGINT handler only sets a flag, and the read loop (not the
/// signal handler) tells readline to drop the line.
final class LineReader {
    /// Most lines kept in the history file.
    static let historyLimit = 2000

    let historyPath: String?
    private var historyWritable = true
    private let warn: (String) -> Void

    /// Sets readline up and loads the history.
    /// - Parameters:
    ///   - historyPath: the history file, or nil for none.
    ///   - warn: prints a one-line warning (history that cannot be read or written).
    init(historyPath: String?, warn: @escaping (String) -> Void) {
        self.historyPath = historyPath
        self.warn = warn
        rl_readline_name = UnsafePointer(strdup("dnnscript"))
        rl_catch_signals = 0
        // `.` is not a break character, so `m.W` is one word and completes to `m.W1`; `"`
        // quotes, so a path inside a string is one word.
        rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n\"'`@$><=;|&{}()[],+-*/%^!:"))
        rl_completer_word_break_characters = rl_basic_word_break_characters
        rl_completer_quote_characters = UnsafePointer(strdup("\""))
        rl_attempted_completion_function = attemptCompletion
        signal(SIGCONT) { _ in continuedAfterStop = 1 }
        using_history()
        stifle_history(Int32(Self.historyLimit))
        if let historyPath { prepareHistory(historyPath) }
    }

    private func prepareHistory(_ path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        if fd < 0 {
            historyWritable = false
            warn("dnnscript: warning: history will not be saved: cannot write '\(path)': \(String(cString: strerror(errno)))")
            _ = read_history(path)
            return
        }
        Glibc.close(fd)
        _ = read_history(path)
    }

    /// Reads one line with `prompt`.
    /// - Returns: the line, `.interrupted` after Ctrl-C, or `.endOfInput` after Ctrl-D.
    func read(prompt: String) -> ReadResult {
        pendingLine = nil
        InterruptRequest.clear()
        rl_callback_handler_install(prompt) { line in
            if let line {
                pendingLine = .line(String(cString: line))
                free(line)
            } else {
                pendingLine = .endOfInput
            }
            // Stop reading here: the next prompt installs the handler again.
            rl_callback_handler_remove()
        }
        while pendingLine == nil {
            if InterruptRequest.isRaised {
                InterruptRequest.clear()
                // Show the abandoned line whole, mark it, and start the next prompt below it.
                rl_point = rl_end
                rl_redisplay()
                try? StdioHost.writeAll(Array("^C\n".utf8), to: STDOUT_FILENO)
                rl_replace_line("", 0)
                rl_free_line_state()
                rl_callback_sigcleanup()
                rl_callback_handler_remove()
                return .interrupted
            }
            if continuedAfterStop != 0 {
                continuedAfterStop = 0
                rl_deprep_terminal()
                rl_prep_terminal(1)
                rl_on_new_line()
                rl_forced_update_display()
            }
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            // A deadline, so a Ctrl-C that lands just before poll is seen within 100 ms.
            let ready = poll(&descriptor, 1, 100)
            if ready < 0 && errno != EINTR { rl_callback_handler_remove(); return .endOfInput }
            if ready > 0 { rl_callback_read_char() }
        }
        if pendingLine == .endOfInput { try? StdioHost.writeAll(Array("\n".utf8), to: STDOUT_FILENO) }
        return pendingLine ?? .endOfInput
    }

    /// Adds a line to the history (not blanks, not a repeat of the last) and appends it to the file.
    func remember(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace) else { return }
        if history_length > 0, let last = history_get(history_base + history_length - 1)?.pointee.line,
           String(cString: last) == line { return }
        add_history(line)
        guard let historyPath, historyWritable else { return }
        let status = append_history(1, historyPath)
        if status != 0 {
            historyWritable = false
            warn("dnnscript: warning: history will not be saved: cannot write '\(historyPath)': \(String(cString: strerror(status)))")
        }
    }

    /// Trims the history file to the last ``historyLimit`` lines.
    func close() {
        if let historyPath, historyWritable { _ = history_truncate_file(historyPath, Int32(Self.historyLimit)) }
    }

    /// The history file: `$DNNSCRIPT_HISTORY` (empty: none), else
    /// `$XDG_STATE_HOME/dnnscript/history`, else `~/.local/state/dnnscript/history`.
    static func defaultHistoryPath(environment: [String: String]) -> String? {
        if let explicit = environment["DNNSCRIPT_HISTORY"] { return explicit.isEmpty ? nil : explicit }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/dnnscript/history" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/dnnscript/history"
    }
}

/// readline's `rl_attempted_completion_function`: asks the active completer and hands
/// readline the candidates, rewritten to start where readline's word starts.
private func attemptCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
    -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    rl_attempted_completion_over = 1  // never fall back to readline's own filename completion
    guard let completer = activeCompleter, let buffer = rl_line_buffer else { return nil }
    let lineBytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                                              count: Int(rl_end)))
    let line = String(decoding: lineBytes, as: UTF8.self)
    let completion = completer(line, Int(end))
    let ourStart = min(max(0, completion.start), Int(end)), theirStart = min(max(0, Int(start)), Int(end))
    var candidates = completion.candidates
    if ourStart < theirStart {
        let extra = String(decoding: lineBytes[ourStart..<theirStart], as: UTF8.self)
        candidates = candidates.filter { $0.hasPrefix(extra) }.map { String($0.dropFirst(extra.count)) }
    } else if ourStart > theirStart {
        let extra = String(decoding: lineBytes[theirStart..<ourStart], as: UTF8.self)
        candidates = candidates.map { extra + $0 }
    }
    guard !candidates.isEmpty else { return nil }
    rl_completion_append_character = completion.appendSpace && candidates.count == 1 ? 32 : 0
    // Inside a string readline closes the quote after a single match: not after a directory,
    // whose files come next.
    if candidates.count == 1, candidates[0].hasSuffix("/") { rl_completion_suppress_quote = 1 }
    completionMatches = candidates
    return rl_completion_matches(text) { _, state in
        if state == 0 { completionIndex = 0 }
        guard completionIndex < completionMatches.count else { return nil }
        completionIndex += 1
        return strdup(completionMatches[completionIndex - 1])
    }
}
