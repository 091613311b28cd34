import Foundation

/// Renders diagnostics compiler-style; the only place that owns the error format.
///
/// ```
/// lab.dnn:12:14: error: unknown initializer 'hee'
///   let m = model(net, init: hee)
///                            ^~~
///   note: did you mean 'he'? (initializers: zeros, random, he, xavier, glorot)
/// ```
public struct DiagnosticRenderer: Sendable {
    /// Source lines longer than this are shown as a window around the caret.
    public static let maxLineWidth = 100
    /// A failed `expect` shows its line whole up to this width: the check is the message.
    public static let maxExpectationLineWidth = 2000
    /// Columns shown on each side of the caret in a windowed line.
    public static let windowMargin = 40
    /// Call chains longer than this show their first and last frames around a count.
    public static let maxTraceFrames = 20

    private let lines: [[Unicode.Scalar]]

    /// A renderer for diagnostics in `source`.
    public init(source: String) {
        var lines: [[Unicode.Scalar]] = [[]]
        for scalar in source.unicodeScalars {
            if scalar == "\n" { lines.append([]) } else { lines[lines.count - 1].append(scalar) }
        }
        self.lines = lines
    }

    /// The full text of one diagnostic, ending with a newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        var out = "\(diagnostic.location): \(diagnostic.severity.rawValue): \(diagnostic.message)\n"
        let width = diagnostic.phase == .expectation ? Self.maxExpectationLineWidth : Self.maxLineWidth
        out += excerpt(diagnostic.location, point: diagnostic.point, maxWidth: width)
        for note in diagnostic.notes {
            out += "  note: \(note)\n"
        }
        let trace = diagnostic.trace
        let half = Self.maxTraceFrames / 2
        for (i, frame) in trace.enumerated() {
            if trace.count > Self.maxTraceFrames, i >= half, i < trace.count - half {
                if i == half { out += "  note: … \(trace.count - 2 * half) more calls …\n" }
                continue
            }
            out += "  note: in '\(frame.name)', called at \(frame.at)\n"
        }
        return out
    }

    /// Renders several diagnostics, one after another.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    /// The source line and the caret line under the span, or "" when there is no line.
    func excerpt(_ location: SourceLocation, point: SourceLocation?, maxWidth: Int = maxLineWidth) -> String {
        guard location.line >= 1, location.line <= lines.count else { return "" }
        var text = lines[location.line - 1].map { $0 == "\t" || $0 == "\r" ? " " : $0 }
        var start = max(0, location.column - 1)
        guard start <= text.count else { return "" }
        var length = max(1, min(location.length, text.count - start))
        var caret = start
        if let point, point.line == location.line, point.column - 1 >= start, point.column - 1 < start + length {
            caret = point.column - 1
        }
        var prefix = ""
        if text.count > maxWidth {
            let from = max(0, caret - Self.windowMargin)
            let to = min(text.count, caret + Self.windowMargin)
            let shift = from
            text = Array(text[from..<to])
            if from > 0 { prefix = "…" }
            if to < lines[location.line - 1].count { text.append("…") }
            start = max(0, start - shift)
            caret -= shift
            length = max(1, min(length - max(0, shift - (location.column - 1)), text.count - start))
        }
        var marks = [Unicode.Scalar](repeating: " ", count: start)
        for i in start..<(start + length) { marks.append(i == caret ? "^" : "~") }
        if caret >= start + length || caret < start { marks[start] = "^" }
        let pad = prefix.isEmpty ? "" : " "
        let shown = String(String.UnicodeScalarView(text))
        let underline = String(String.UnicodeScalarView(marks))
        return "  \(prefix)\(shown)\n  \(pad)\(underline)\n"
    }
}

extension DiagnosticRenderer {
    /// Rendered diagnostics with their labels in ANSI colours (`error:` bold red,
    /// `warning:` bold magenta, `note:` bold cyan), as compilers colour them in a terminal.
    public static func painted(_ rendered: String) -> String {
        rendered.replacingOccurrences(of: ": error: ", with: ": \u{1B}[1;31merror:\u{1B}[0m ")
            .replacingOccurrences(of: ": warning: ", with: ": \u{1B}[1;35mwarning:\u{1B}[0m ")
            .replacingOccurrences(of: "  note: ", with: "  \u{1B}[1;36mnote:\u{1B}[0m ")
    }
}
