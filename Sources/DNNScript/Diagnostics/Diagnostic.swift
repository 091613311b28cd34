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
    /// Names whose edit distance from the typo is at most this are suggested (and see
    /// ``limit(forLength:)``: fewer for short typos, so `run` does not match `len`).
    public static let maxDistance = 2
    /// Longer typos get no suggestion: no name that long is mistyped by two letters, and the
    /// distance costs the product of the lengths.
    public static let maxTypoLength = 64

    /// Edit distance counting insertions, deletions, substitutions and swaps of two
    /// neighbouring letters (optimal string alignment), case-insensitive.
    public static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a.lowercased()), Array(b.lowercased()), atMost: Int.max)
    }

    /// The distance, or `atMost + 1` as soon as two rows show it must be larger. Keeps three
    /// rows, so memory grows with one side only.
    static func distance(_ a: [Character], _ b: [Character], atMost: Int) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)   // row i − 2
        var previous = Array(0...b.count)                       // row i − 1
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            // Every later entry adds to an entry of the last two rows.
            if current.min()! > atMost && previous.min()! > atMost { return atMost + 1 }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }

    /// The edits allowed in a typo of `length` characters: about one in three, at most
    /// ``maxDistance``. A one-letter name matches only in another case (`m` is not `e`), a
    /// name of two to four letters one edit away (`nett` → `net`, not `run` → `len`).
    public static func limit(forLength length: Int) -> Int {
        min(maxDistance, (length + 1) / 3)
    }

    /// The closest candidate within the threshold, or nil.
    /// - Parameters:
    ///   - typo: the unknown word.
    ///   - candidates: words of the same kind (names in scope for a name, options for an
    ///     option): the caller decides the kind, never mixing keywords into names.
    ///   - limit: the edits allowed; ``limit(forLength:)`` of the typo when nil. A small closed
    ///     vocabulary (meta commands) may allow more.
    public static func closest(to typo: String, in candidates: [String], limit: Int? = nil) -> String? {
        let letters = Array(typo.lowercased())
        guard letters.count <= maxTypoLength else { return nil }
        let limit = min(maxDistance, limit ?? Self.limit(forLength: letters.count))
        var best: (String, Int)?
        // The distance is at least the difference in length: most candidates need no table.
        for candidate in candidates where candidate != typo && abs(candidate.count - letters.count) <= limit {
            let d = distance(letters, Array(candidate.lowercased()), atMost: limit)
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
