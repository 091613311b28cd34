/// The REPL's own commands (`:help`, `:vars`, …): their names, what they do, and how a
/// typed line is read as one.
public enum MetaCommand: String, CaseIterable, Sendable {
    case help, vars, reset, load, save, time, quit

    /// What the command does, for `:help`.
    public var summary: String {
        switch self {
        case .help: return ":help [TOPIC]    this list, or a section of the language reference"
        case .vars: return ":vars            the variables you defined: names, kinds, shapes"
        case .reset: return ":reset           forget every variable and start afresh"
        case .load: return ":load FILE       run a script into this session"
        case .save: return ":save FILE       write this session's successful inputs as a .dnn script"
        case .time: return ":time STATEMENT  run a statement and say how long it took"
        case .quit: return ":quit            leave (Ctrl-D does too)"
        }
    }

    /// A line read as a meta command.
    public enum Parsed: Equatable, Sendable {
        /// A known command and the rest of the line (trimmed).
        case command(MetaCommand, argument: String)
        /// An unknown command, with the closest known name when one is near.
        case unknown(String, suggestion: String?)
    }

    /// Reads `line` as a meta command when it starts with `:` (after blanks); else nil.
    /// Unique prefixes are accepted (`:q`, `:he`).
    /// - Parameter line: the typed line.
    /// - Returns: the command and its argument, an unknown command with a did-you-mean, or nil.
    public static func parse(_ line: String) -> Parsed? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.first == ":" else { return nil }
        let body = trimmed.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        let argument = body.dropFirst(name.count).trimmingBlanks
        if let exact = MetaCommand(rawValue: name) { return .command(exact, argument: argument) }
        let prefixed = allCases.filter { !name.isEmpty && $0.rawValue.hasPrefix(name) }
        if prefixed.count == 1 { return .command(prefixed[0], argument: argument) }
        // Seven commands, nothing else of their kind: two edits still point at one (`:vra`).
        let suggestion = Suggestions.closest(to: name, in: allCases.map(\.rawValue), limit: Suggestions.maxDistance)
            .map { ":" + $0 }
        return .unknown(":" + name, suggestion: suggestion)
    }
}

extension Substring {
    /// Without leading and trailing blanks and newlines.
    var trimmingBlanks: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
