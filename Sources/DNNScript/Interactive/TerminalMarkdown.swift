import Foundation

/// The language reference's markdown as a terminal shows it (`:help`): headings as
/// underlined titles, tables as aligned columns, code blocks indented, and no markup
/// characters (`##`, `|---|`, fences, backticks, `**`).
public enum TerminalMarkdown {
    /// `markdown` as plain text lines of at most about `width` columns (prose and list items
    /// wrap, a list item's lines hanging under its text; tables wrap their last column; code
    /// is never wrapped). Runs of blank lines outside code become one.
    /// - Parameters:
    ///   - bold: decorates a heading (the REPL makes it bold when colour is on).
    public static func render(_ markdown: String, width: Int = 100, bold: (String) -> String = { $0 }) -> String {
        var out: [String] = []
        var table: [[String]] = []
        var inFence = false
        func flushTable() {
            guard !table.isEmpty else { return }
            out += layout(table, width: width)
            table = []
        }
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("```") {
                flushTable()
                inFence.toggle()
                continue
            }
            if inFence {
                out.append("    " + line)
                continue
            }
            if line.hasPrefix("|") {
                let cells = Self.cells(of: line)
                // The separator row (|---|:--:|) only marks the header.
                if !cells.allSatisfy({ $0.allSatisfy { "-: ".contains($0) } }) { table.append(cells.map(inline)) }
                continue
            }
            flushTable()
            if let level = line.firstIndex(where: { $0 != "#" }), line.hasPrefix("#"), line[level] == " " {
                let title = inline(String(line[line.index(after: level)...]))
                if out.last.map({ !$0.isEmpty }) ?? false { out.append("") }
                out.append(bold(title))
                out.append(String(repeating: line.hasPrefix("## ") || line.hasPrefix("# ") ? "=" : "-", count: title.count))
                continue
            }
            let text = inline(line)
            if text.trimmingCharacters(in: .whitespaces).isEmpty {
                if out.last.map({ !$0.isEmpty }) ?? false { out.append("") }
                continue
            }
            out += wrapped(text, width: width)
        }
        flushTable()
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    /// A prose line or list item in lines of at most `width` columns; the lines after the
    /// first are indented under the item's text (`- `, `1. `) or as the line is.
    static func wrapped(_ text: String, width: Int) -> [String] {
        guard text.count > width else { return [text] }
        let indent = text.prefix { $0 == " " }.count
        var hang = indent
        let body = text.dropFirst(indent)
        if body.hasPrefix("- ") || body.hasPrefix("* ") {
            hang += 2
        } else if let dot = body.firstIndex(of: "."), body[..<dot].allSatisfy(\.isNumber), !body[..<dot].isEmpty,
                  body[body.index(after: dot)...].hasPrefix(" ") {
            hang += body.distance(from: body.startIndex, to: dot) + 2
        }
        let pad = String(repeating: " ", count: hang)
        var lines: [String] = []
        var (head, rest) = split(text, at: width)
        lines.append(head)
        let limit = max(10, width - hang)
        while !rest.isEmpty {
            (head, rest) = split(rest, at: limit)
            lines.append(pad + head)
        }
        return lines
    }

    /// The cells of a table row, `\|` kept as a bar.
    static func cells(of row: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for c in row.dropFirst() {
            if escaped { current.append(c); escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == "|" { cells.append(current.trimmingCharacters(in: .whitespaces)); current = ""; continue }
            current.append(c)
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { cells.append(current.trimmingCharacters(in: .whitespaces)) }
        return cells
    }

    /// Inline markup removed: code spans keep their text, `**x**` and `*x*` lose the stars,
    /// `[text](url)` keeps the text.
    static func inline(_ text: String) -> String {
        var out = ""
        var chars = Array(text)[...]
        while let c = chars.first {
            if c == "`" {
                chars = chars.dropFirst()
                while let d = chars.first, d != "`" { out.append(d); chars = chars.dropFirst() }
                chars = chars.dropFirst()
            } else if c == "*", chars.dropFirst().first == "*" {
                chars = chars.dropFirst(2)
            } else if c == "[", let close = chars.firstIndex(of: "]"), chars.index(after: close) < chars.endIndex,
                      chars[chars.index(after: close)] == "(", let end = chars[close...].firstIndex(of: ")") {
                out += chars[chars.index(after: chars.startIndex)..<close]
                chars = chars[chars.index(after: end)...]
            } else {
                out.append(c)
                chars = chars.dropFirst()
            }
        }
        return out
    }

    /// A table as aligned columns, the header underlined; the last column wraps at `width`.
    static func layout(_ rows: [[String]], width: Int) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        guard columns > 0 else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() where i < columns - 1 { widths[i] = max(widths[i], cell.count) } }
        // A first column wider than half the width is wrapped too, not let push the rest off.
        for i in 0..<(columns - 1) { widths[i] = min(widths[i], width / 2) }
        let indent = widths.dropLast().reduce(0) { $0 + $1 + 2 }
        let lastWidth = max(20, width - indent)
        var lines: [String] = []
        for (r, row) in rows.enumerated() {
            var cells = row + [String](repeating: "", count: columns - row.count)
            var first = true
            while first || cells.contains(where: { !$0.isEmpty }) {
                var line = ""
                for i in 0..<columns {
                    let limit = i == columns - 1 ? lastWidth : widths[i]
                    let (head, rest) = split(cells[i], at: limit)
                    cells[i] = rest
                    line += i == columns - 1 ? head : head.padding(toLength: widths[i], withPad: " ", startingAt: 0) + "  "
                }
                lines.append(String(line.reversed().drop { $0 == " " }.reversed()))
                first = false
            }
            if r == 0, rows.count > 1 {
                lines.append(widths.dropLast().map { String(repeating: "-", count: $0) + "  " }.joined()
                             + String(repeating: "-", count: min(lastWidth, rows.map { $0.last?.count ?? 0 }.max() ?? 0)))
            }
        }
        return lines
    }

    /// The first line of `text` within `limit` columns (broken at a space where one is), and the rest.
    private static func split(_ text: String, at limit: Int) -> (String, String) {
        guard text.count > limit else { return (text, "") }
        let prefix = text.prefix(limit)
        if let space = prefix.lastIndex(of: " "), space > prefix.startIndex {
            return (String(text[..<space]), String(text[text.index(after: space)...]))
        }
        return (String(prefix), String(text.dropFirst(limit)))
    }
}
