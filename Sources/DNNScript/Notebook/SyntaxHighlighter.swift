/// Colours dnnscript code for HTML with the language's own lexer: each token becomes a
/// `<span>` whose class names its kind; comments (which the lexer skips) are found in the
/// gaps between tokens.
struct SyntaxHighlighter {
    /// Words that start a statement or a command (contextual, so the lexer calls them names).
    static let commandWords: Set<String> = [
        "print", "expect", "within", "seed", "dataset", "network", "regularizer", "optimizer", "plot", "boundary", "save", "to",
        "train", "evaluate", "predict", "gradcheck", "diagnose", "load", "minimize", "from", "on", "at", "input", "dense", "dropout",
    ]

    private let scalars: [Unicode.Scalar]
    private let tokens: [Token]
    /// The scalar offset where each line starts (0-based line index).
    private let lineStarts: [Int]

    /// A highlighter over a whole script (lexed once; cells are slices of it).
    init(source: String, file: String) {
        scalars = Array(source.unicodeScalars)
        var lexer = Lexer(source: source, file: file)
        tokens = lexer.scan().tokens.filter { $0.kind != .newline && $0.kind != .eof }
        var starts = [0]
        for (i, s) in scalars.enumerated() where s == "\n" { starts.append(i + 1) }
        lineStarts = starts
    }

    /// The HTML of lines `first...last` (1-based), escaped and wrapped in spans.
    func html(lines first: Int, through last: Int) -> String {
        guard first >= 1, last >= first, last <= lineStarts.count else { return "" }
        let start = lineStarts[first - 1]
        let end = last < lineStarts.count ? lineStarts[last] - 1 : scalars.count
        var out = ""
        var position = start
        var previous: TokenKind?
        // Tokens are in source order: find the first one inside the range by binary search.
        var lo = 0, hi = tokens.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tokens[mid].location.offset < start { lo = mid + 1 } else { hi = mid }
        }
        for t in lo..<tokens.count {
            let token = tokens[t]
            let offset = token.location.offset
            guard offset < end else { break }
            let tokenEnd = min(end, offset + token.location.length)
            guard offset >= position else { continue }
            out += gap(position, offset)
            out += span(kind(token, after: previous, before: t + 1 < tokens.count ? tokens[t + 1] : nil),
                        text(offset, tokenEnd))
            position = tokenEnd
            previous = token.kind
        }
        out += gap(position, end)
        return out
    }

    private func text(_ from: Int, _ to: Int) -> String {
        HTML.escape(String(String.UnicodeScalarView(scalars[from..<max(from, to)])))
    }

    private func span(_ cls: String?, _ escaped: String) -> String {
        guard let cls else { return escaped }
        return "<span class=\"\(cls)\">\(escaped)</span>"
    }

    /// Whitespace and comments between tokens; a `#` here starts a comment to the end of its line.
    private func gap(_ from: Int, _ to: Int) -> String {
        var out = ""
        var i = from
        while i < to {
            if scalars[i] == "#" {
                var j = i
                while j < to, scalars[j] != "\n" { j += 1 }
                out += span("c", text(i, j))
                i = j
            } else {
                var j = i
                while j < to, scalars[j] != "#" { j += 1 }
                out += text(i, j)
                i = j
            }
        }
        return out
    }

    private func kind(_ token: Token, after previous: TokenKind?, before next: Token?) -> String? {
        switch token.kind {
        case .keyword(let k):
            return k == .true || k == .false || k == .none ? "l" : "k"
        case .int, .float: return "n"
        case .string: return "s"
        case .identifier(let name):
            if next?.kind == .leftParen, next?.location.offset == token.location.offset + token.location.length { return "f" }
            if Self.commandWords.contains(name),
               token.startsLine || previous == .equal || ["on", "at", "to", "within", "boundary"].contains(name) {
                return "k"
            }
            return nil
        case .comma, .dot, .colon, .semicolon, .leftParen, .rightParen, .leftBracket, .rightBracket,
             .leftBrace, .rightBrace, .newline, .eof:
            return nil
        default:
            return "o"
        }
    }
}
