import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built dnnscript binary next to the test bundle (.build/debug/dnnscript).
enum Binary {
    static var path: String? {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("dnnscript"),
            packageRoot.appendingPathComponent(".build/debug/dnnscript"),
        ]
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A timeout or a failure to start, with what the screen showed.
struct TerminalError: Error, CustomStringConvertible {
    var description: String
}

/// A child process on a pseudo-terminal: type keys, wait for text with a deadline, read what
/// was shown. Every wait has a deadline, and the child is killed when this goes away.
final class PseudoTerminal {
    let pid: pid_t
    private let master: Int32
    private(set) var raw: [UInt8] = []
    private var exitStatus: Int32?

    /// Starts `binary` with `arguments` on a new terminal of `columns`×`rows`.
    init(_ binary: String, arguments: [String] = [], environment: [String: String],
         directory: String, columns: UInt16 = 100, rows: UInt16 = 40) throws {
        // Everything the child needs is prepared before fork: after it, only exec.
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        guard let cwd = strdup(directory), let program = argv[0] else {
            throw TerminalError(description: "out of memory")
        }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
            free(cwd)
        }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var fd: Int32 = -1
        let child = forkpty(&fd, nil, nil, &size)
        if child == 0 {
            _ = chdir(cwd)
            _ = execve(program, argv, envp)
            _exit(127)
        }
        guard child > 0 else { throw TerminalError(description: "forkpty failed: errno \(errno)") }
        pid = child
        master = fd
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types `text` (use "\r" for Enter, "\t" for Tab, "\u{3}" for Ctrl-C, "\u{4}" for Ctrl-D,
    /// "\u{1B}[A" for Up).
    func type(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeMutableBytes { write(master, $0.baseAddress, $0.count) }
            if n <= 0 { if errno == EINTR { continue }; return }
            offset += n
        }
        bytes.removeAll()
    }

    /// What the terminal showed so far, with escape sequences removed.
    var text: String { Self.strip(raw) }

    /// Reads until `needle` shows up after `from` characters of ``text``, or the deadline passes.
    /// - Returns: the offset just after the match, to wait for the next thing after it.
    /// - Throws: ``TerminalError`` with the screen's text on timeout or when the child exits first.
    @discardableResult
    func wait(for needle: String, after from: Int = 0, timeout: Double = 20) throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let shown = text
            let start = shown.index(shown.startIndex, offsetBy: min(from, shown.count))
            if let range = shown.range(of: needle, range: start..<shown.endIndex) {
                return shown.distance(from: shown.startIndex, to: range.upperBound)
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 {
                throw TerminalError(description: "timed out waiting for \(needle.debugDescription); the screen showed:\n\(shown)")
            }
            if !pump(timeout: min(remaining, 0.1)) {
                let shown = text
                if let range = shown.range(of: needle, range: shown.index(shown.startIndex, offsetBy: min(from, shown.count))..<shown.endIndex) {
                    return shown.distance(from: shown.startIndex, to: range.upperBound)
                }
                throw TerminalError(description: "the program ended before showing \(needle.debugDescription); the screen showed:\n\(shown)")
            }
        }
    }

    /// Waits for the child to exit and returns its exit status.
    func waitForExit(timeout: Double = 10) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            _ = pump(timeout: 0.05)
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                exitStatus = code
                return code
            }
        }
        throw TerminalError(description: "the program did not exit; the screen showed:\n\(text)")
    }

    /// Reads what is available within `timeout`; false once the terminal is closed.
    private func pump(timeout: Double) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(timeout * 1000))
        if ready < 0 { return errno == EINTR }
        if ready == 0 { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        if n <= 0 { return false }  // EIO: the child closed the terminal
        raw += buffer[0..<n]
        return true
    }

    /// Text without CSI/OSC escape sequences and carriage returns.
    static func strip(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x1B, i + 1 < bytes.count {
                if bytes[i + 1] == UInt8(ascii: "[") {
                    i += 2
                    while i < bytes.count, !(0x40...0x7E).contains(bytes[i]) { i += 1 }
                    i += 1
                    continue
                }
                if bytes[i + 1] == UInt8(ascii: "]") {
                    i += 2
                    while i < bytes.count, bytes[i] != 0x07 { i += 1 }
                    i += 1
                    continue
                }
                i += 2
                continue
            }
            if b != UInt8(ascii: "\r"), b != 0x07 { out.append(b) }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
