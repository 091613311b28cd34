import Foundation

/// The examples of a markdown page, as the doc tests read them (docs/design.md, "Examples
/// that are tested").
///
/// Every fenced block carries a language: `dnn` code, followed by its `output` (stdout) and
/// `stderr` when it shows them; `console` shell transcripts; `repl` REPL transcripts; and
/// blocks that are not examples of dnnscript (`text`, `sh`, `json`, `swift`).
enum DocExamples {
    /// One fenced block.
    struct Fence: Equatable {
        /// The info string's first word (`dnn`, `output`, …), empty when there is none.
        var language: String
        /// The rest of the info string (`norun: needs data.mat`, `exit=65`, …).
        var attributes: String
        /// The 1-based line of the opening fence.
        var line: Int
        /// The lines between the fences.
        var lines: [String]

        /// The value of `norun: REASON`, the marker of an example a test cannot run.
        var notRunReason: String? {
            guard let range = attributes.range(of: "norun:") else { return nil }
            return attributes[range.upperBound...].trimmingCharacters(in: .whitespaces)
        }

        /// The value of `key=VALUE` among the attributes.
        func value(_ key: String) -> String? {
            let words = attributes.split(separator: " ").map(String.init)
            return words.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
        }

        /// True when the attributes hold the word `flag`.
        func has(_ flag: String) -> Bool {
            attributes.split(separator: " ").contains { $0 == flag }
        }
    }

    /// The languages a fence may carry; any other (or none) is an error, so no example goes
    /// untested because of a typo in its fence.
    static let languages: Set<String> = ["dnn", "output", "stderr", "console", "repl", "text", "sh", "json", "swift"]

    /// The fenced blocks of a CommonMark page: ``` or ~~~ fences of three or more, indented
    /// at most three spaces, closed by a fence of the same character at least as long. A
    /// backtick fence's info string holds no backtick (so ```` ```text ```` in prose is code
    /// text, not a fence).
    static func fences(in markdown: String) -> [Fence] {
        var fences: [Fence] = []
        var open: (marker: Character, length: Int, fence: Fence)?
        for (index, raw) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent)
            let marker = rest.first
            let run = (marker == "`" || marker == "~") ? rest.prefix { $0 == marker }.count : 0
            if var current = open {
                if indent <= 3, run >= current.length, rest.first == current.marker,
                   rest.dropFirst(run).allSatisfy(\.isWhitespace) {
                    fences.append(current.fence)
                    open = nil
                } else {
                    current.fence.lines.append(line)
                    open = current
                }
                continue
            }
            guard indent <= 3, run >= 3, let marker else { continue }
            let info = rest.dropFirst(run).trimmingCharacters(in: .whitespaces)
            if marker == "`" && info.contains("`") { continue }
            let language = info.prefix { !$0.isWhitespace }
            let attributes = info.dropFirst(language.count).trimmingCharacters(in: .whitespaces)
            open = (marker, run, Fence(language: String(language), attributes: attributes, line: index + 1, lines: []))
        }
        if let open { fences.append(open.fence) }  // an unclosed fence runs to the end of the page
        return fences
    }

    /// A `dnn` block with the `output` and `stderr` blocks right after it.
    struct Example {
        var code: Fence
        var stdout: Fence?
        var stderr: Fence?
    }

    /// What a page holds, in order.
    enum Item {
        case code(Example)
        case console(Fence)
        case repl(Fence)
        /// A block that is not a dnnscript example (`text`, `sh`, `json`, `swift`).
        case other(Fence)
    }

    /// The page's items, or a message naming the line of a misplaced or unknown block.
    /// `output` and `stderr` belong to the `dnn` block before them, in that order, with only
    /// blank lines between: nothing else binds an output to its code.
    static func items(in markdown: String, page: String) -> (items: [Item], problems: [String]) {
        let all = fences(in: markdown)
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        func adjacent(_ a: Fence, _ b: Fence) -> Bool {
            let closing = a.line + a.lines.count + 1   // 1-based line of a's closing fence
            return (closing..<(b.line - 1)).allSatisfy { lines[$0].allSatisfy(\.isWhitespace) }
        }
        var items: [Item] = []
        var problems: [String] = []
        var index = 0
        while index < all.count {
            let fence = all[index]
            index += 1
            guard languages.contains(fence.language) else {
                problems.append("\(page):\(fence.line): a fence needs one of the languages \(languages.sorted().joined(separator: ", ")); found '\(fence.language)'")
                continue
            }
            switch fence.language {
            case "dnn":
                var example = Example(code: fence)
                var previous = fence
                for kind in ["output", "stderr"] where index < all.count && all[index].language == kind && adjacent(previous, all[index]) {
                    if kind == "output" { example.stdout = all[index] } else { example.stderr = all[index] }
                    previous = all[index]
                    index += 1
                }
                items.append(.code(example))
            case "output", "stderr":
                problems.append("\(page):\(fence.line): an '\(fence.language)' block must follow a 'dnn' block (its 'output' first), with only blank lines between")
            case "sh" where fence.lines.contains { $0.hasPrefix("$ ") }:
                problems.append("\(page):\(fence.line): a transcript ('$ ' lines) is a 'console' block, which the tests run")
            case "console": items.append(.console(fence))
            case "repl": items.append(.repl(fence))
            default: items.append(.other(fence))
            }
        }
        return (items, problems)
    }

    /// True when `actual` matches `expected`, where a line of `expected` that is exactly `...`
    /// stands for any number of lines (none included).
    static func matches(_ actual: [String], _ expected: [String]) -> Bool {
        // Positions of `expected` reachable after each prefix of `actual`.
        var reachable = Set([0])
        func close(_ set: Set<Int>) -> Set<Int> {
            var result = set
            var frontier = Array(set)
            while let position = frontier.popLast() {
                if position < expected.count, expected[position] == "...", result.insert(position + 1).inserted {
                    frontier.append(position + 1)
                }
            }
            return result
        }
        reachable = close(reachable)
        for line in actual {
            var next = Set<Int>()
            for position in reachable where position < expected.count {
                if expected[position] == "..." { next.insert(position) }
                else if expected[position] == line { next.insert(position + 1) }
            }
            reachable = close(next)
            if reachable.isEmpty { return false }
        }
        return reachable.contains(expected.count)
    }

    /// A line diff of `expected` (`-`) against `actual` (`+`): the changed lines with
    /// `context` common lines (` `) around them, `...` where common lines are left out.
    static func diff(_ expected: [String], _ actual: [String], context: Int = 3) -> String {
        let n = expected.count, m = actual.count
        var common = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                common[i][j] = expected[i] == actual[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var out: [String] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, expected[i] == actual[j] { out.append("  " + expected[i]); i += 1; j += 1 }
            else if i < n, j == m || common[i + 1][j] >= common[i][j + 1] { out.append("- " + expected[i]); i += 1 }
            else { out.append("+ " + actual[j]); j += 1 }
        }
        let changed = out.indices.filter { !out[$0].hasPrefix("  ") }
        let kept = out.indices.filter { index in changed.contains { abs($0 - index) <= context } }
        var shown: [String] = []
        for (k, index) in kept.enumerated() {
            if (k == 0 && index > 0) || (k > 0 && index != kept[k - 1] + 1) { shown.append("...") }
            shown.append(out[index])
        }
        if let last = kept.last, last < out.count - 1 { shown.append("...") }
        return shown.joined(separator: "\n")
    }

    /// Text split into lines, without the empty line after a final newline.
    static func lines(_ text: String) -> [String] {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
