/// Whether a chunk of REPL input is ready to run or needs a continuation line.
public enum InputStatus: Equatable, Sendable {
    /// Only blanks and comments: nothing to run.
    case empty
    /// Every bracket is closed: run it.
    case complete
    /// An open `(`, `[` or `{`: read another line (the count is the nesting depth).
    case incomplete(depth: Int)
    /// An error no further line can mend: run it now to show the error (``judge(_:)``).
    case invalid

    /// Classifies `source` the way the lexer reads it: brackets inside strings and comments
    /// do not count, and a string ends at the end of its line (strings are one line in
    /// dnnscript, so an unclosed one is an error to report now, not a reason to wait).
    /// A stray closing bracket makes the input complete, so the parser can report it.
    /// - Parameter source: the lines typed so far, joined with newlines.
    /// - Returns: the status.
    public static func of(_ source: String) -> InputStatus {
        var depth = 0
        var inString = false
        var inComment = false
        var escaped = false
        var sawCode = false
        // Inside a string, `{` opens an interpolation whose braces nest until the closing `}`.
        var interpolation = 0
        for ch in source.unicodeScalars {
            if ch == "\n" {
                inString = false
                inComment = false
                escaped = false
                interpolation = 0
                continue
            }
            if inComment { continue }
            if inString {
                if escaped { escaped = false; continue }
                switch ch {
                case "\\": escaped = true
                case "{": interpolation += 1
                case "}": interpolation = max(0, interpolation - 1)
                case "\"" where interpolation == 0: inString = false
                default: break
                }
                continue
            }
            switch ch {
            case "#": inComment = true
            case "\"": inString = true; sawCode = true
            case "(", "[", "{": depth += 1; sawCode = true
            case ")", "]", "}":
                depth -= 1
                sawCode = true
                if depth < 0 { return .complete }
            case " ", "\t", "\r", ";": break
            default: sawCode = true
            }
        }
        if !sawCode { return .empty }
        return depth > 0 ? .incomplete(depth: depth) : .complete
    }
}
