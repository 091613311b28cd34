import Foundation

/// `:help TOPIC`: the sections (`## ` headings) of docs/language.md, embedded at build time
/// by scripts/gen-help.sh.
public enum HelpTopics {
    /// One section of the reference.
    public struct Section: Equatable, Sendable {
        /// The heading, without `## `.
        public var title: String
        /// The heading line and the text under it, up to the next section.
        public var text: String
    }

    /// The reference's sections in order (the introduction before the first heading is left out).
    public static let sections: [Section] = split(LanguageDoc.markdown)

    /// The section titles, for `:help` and completion.
    public static var titles: [String] { sections.map(\.title) }

    /// Splits markdown at `## ` headings outside code fences, leaving out `<!-- … -->` lines.
    static func split(_ markdown: String) -> [Section] {
        var sections: [Section] = []
        var inFence = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle() }
            if !inFence, line.hasPrefix("<!-- ") { continue }  // markers for the docs tests, not text
            if !inFence, line.hasPrefix("## ") {
                sections.append(Section(title: String(line.dropFirst(3)), text: String(line) + "\n"))
            } else if !sections.isEmpty {
                sections[sections.count - 1].text += line + "\n"
            }
        }
        for i in sections.indices {
            while sections[i].text.hasSuffix("\n\n") { sections[i].text.removeLast() }
        }
        return sections
    }

    /// The section a user asked for: a title (case-insensitive), a word of a title
    /// (`training`, `plots`) or its prefix (`grad`), else the section that mentions the word
    /// most often as code (`` `gradcheck` ``; words may be typed with spaces: `early stopping`).
    /// - Parameter topic: what followed `:help`.
    /// - Returns: the section, or nil.
    public static func section(for topic: String) -> Section? { match(topic)?.section }

    private static func match(_ topic: String) -> (section: Section, code: String?)? {
        let query = topic.lowercased().trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else { return nil }
        if let exact = sections.first(where: { $0.title.lowercased() == query }) { return (exact, nil) }
        let words = { (s: Section) in s.title.lowercased().split(whereSeparator: { !$0.isLetter }) }
        if let word = sections.first(where: { words($0).contains { $0 == query } }) { return (word, nil) }
        if let prefix = sections.first(where: { words($0).contains { $0.hasPrefix(query) } }) { return (prefix, nil) }
        let code = query.split(whereSeparator: \.isWhitespace).joined(separator: "_")
        let counts = sections.map { $0.text.lowercased().components(separatedBy: "`" + code).count - 1 }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] > 0 else { return nil }
        return (sections[best], code)
    }

    /// What `:help TOPIC` shows, rendered for a terminal: the section, and when the topic
    /// was found as a word of code, the lines of other sections that show it too (`:help
    /// dropout` gives the layer's section and the regularizer's line).
    /// - Parameter bold: decorates headings.
    public static func help(for topic: String, width: Int = 100, bold: (String) -> String = { $0 }) -> String? {
        guard let (section, code) = match(topic) else { return nil }
        var markdown = section.text
        if let code {
            let seeAlso = sections.filter { $0.title != section.title }.flatMap { other in
                HelpTopics.prose(of: other.text).filter { $0.lowercased().contains("`" + code) }.map { line -> String in
                    let text = line.hasPrefix("|")
                        ? TerminalMarkdown.cells(of: String(line)).filter { !$0.isEmpty }.joined(separator: " — ") : String(line)
                    return "- " + other.title + ": " + text
                }
            }
            if !seeAlso.isEmpty { markdown += "\n\n### See also\n\n" + seeAlso.joined(separator: "\n") }
        }
        return TerminalMarkdown.render(markdown, width: width, bold: bold)
    }

    /// The lines of a section outside its fenced blocks (examples and their outputs are not
    /// what a "See also" line should quote).
    static func prose(of text: String) -> [Substring] {
        var inFence = false
        return text.split(separator: "\n").filter { line in
            if line.hasPrefix("```") { inFence.toggle(); return false }
            return !inFence
        }
    }

    /// A did-you-mean for a topic that matched nothing.
    public static func suggestion(for topic: String) -> String? {
        let words = sections.flatMap { $0.title.lowercased().split(separator: " ").map(String.init) }
        return Suggestions.closest(to: topic.lowercased(), in: words)
    }
}
