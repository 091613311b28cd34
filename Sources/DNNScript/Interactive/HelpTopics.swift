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
    /// most often as code (`` `gradcheck` ``).
    /// - Parameter topic: what followed `:help`.
    /// - Returns: the section, or nil.
    public static func section(for topic: String) -> Section? {
        let query = topic.lowercased().trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else { return nil }
        if let exact = sections.first(where: { $0.title.lowercased() == query }) { return exact }
        let words = { (s: Section) in s.title.lowercased().split(whereSeparator: { !$0.isLetter }) }
        if let word = sections.first(where: { words($0).contains { $0 == query } }) { return word }
        if let prefix = sections.first(where: { words($0).contains { $0.hasPrefix(query) } }) { return prefix }
        let code = "`" + query
        let counts = sections.map { $0.text.lowercased().components(separatedBy: code).count - 1 }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] > 0 else { return nil }
        return sections[best]
    }

    /// A did-you-mean for a topic that matched nothing.
    public static func suggestion(for topic: String) -> String? {
        let words = sections.flatMap { $0.title.lowercased().split(separator: " ").map(String.init) }
        return Suggestions.closest(to: topic.lowercased(), in: words)
    }
}
