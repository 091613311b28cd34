/// A problem found in a script, at a location, with optional notes.
///
/// Every error the user sees — lexical, syntax, name, type, shape, runtime, a failed
/// expectation — is one of these, and ``DiagnosticRenderer`` is the only code that turns
/// it into text.
public struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    /// Which phase found it; decides the exit code (65 for static, 70 for runtime, 69 for
    /// `unavailable`: the engine could not open a library it needs, OpenBLAS).
    public enum Phase: Sendable { case syntax, check, runtime, unavailable, expectation }

    public var severity: Severity
    public var phase: Phase
    public var message: String
    /// The span to underline.
    public var location: SourceLocation
    /// Where the caret goes inside the span (an operator, say); the start when nil.
    public var point: SourceLocation?
    /// `note:` lines printed under the source line.
    public var notes: [String]
    /// Calls that led here, innermost first: function name and call site.
    public var trace: [(name: String, at: SourceLocation)]

    public init(_ message: String, at location: SourceLocation, point: SourceLocation? = nil,
                notes: [String] = [], phase: Phase = .runtime, severity: Severity = .error) {
        self.severity = severity
        self.phase = phase
        self.message = message
        self.location = location
        self.point = point
        self.notes = notes
        self.trace = []
    }

    public var description: String { "\(location): \(severity.rawValue): \(message)" }

    public static func == (a: Diagnostic, b: Diagnostic) -> Bool {
        a.severity == b.severity && a.message == b.message && a.location == b.location
            && a.notes == b.notes && a.point == b.point
            && a.trace.map(\.name) == b.trace.map(\.name) && a.trace.map(\.at) == b.trace.map(\.at)
    }
}

/// A batch of diagnostics from a phase that reports everything it finds (lexer, parser, checker).
public struct Diagnostics: Error, Sendable {
    public var items: [Diagnostic]
    public init(_ items: [Diagnostic]) { self.items = items }
}

/// Edit distance and "did you mean" suggestions, shared by every phase.
public enum Suggestions {
    /// Names whose edit distance from the typo is at most this are suggested
    /// (and at most a third of the typo's length, so short names do not match everything).
    public static let maxDistance = 2

    /// Edit distance counting insertions, deletions, substitutions and swaps of two
    /// neighbouring letters (optimal string alignment), case-insensitive.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    /// The closest candidate within the threshold, or nil.
    public static func closest(to typo: String, in candidates: [String]) -> String? {
        let limit = max(1, min(maxDistance, (typo.count + 1) / 3 + 1))
        var best: (String, Int)?
        for candidate in candidates where candidate != typo {
            let d = distance(typo, candidate)
            if d <= limit, best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    /// A `did you mean 'x'?` note, or nil when nothing is close.
    public static func note(for typo: String, in candidates: [String], listing kind: String? = nil) -> String? {
        let listing = kind.map { " (\($0): \(candidates.joined(separator: ", ")))" } ?? ""
        if let match = closest(to: typo, in: candidates) { return "did you mean '\(match)'?" + listing }
        if let kind { return "\(kind): \(candidates.joined(separator: ", "))" }
        return nil
    }
}
