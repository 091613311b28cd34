@testable import DNNScript
import Foundation
import Testing

struct HelpTopicsTests {
    static let docPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/language.md")

    /// The generated LanguageDoc.swift must match docs/language.md: run scripts/gen-help.sh after editing the doc.
    @Test func embeddedDocMatchesLanguageReference() throws {
        let doc = try String(contentsOf: Self.docPath, encoding: .utf8)
        let embedded = LanguageDoc.markdown + "\n"
        #expect(embedded == doc, "docs/language.md changed: run 'sh scripts/gen-help.sh' and commit its output")
    }

    @Test func sectionsFollowTheLevelTwoHeadings() throws {
        let doc = try String(contentsOf: Self.docPath, encoding: .utf8)
        var inFence = false
        var headings: [String] = []
        for line in doc.components(separatedBy: "\n") {
            if line.hasPrefix("```") { inFence.toggle() }
            if !inFence, line.hasPrefix("## ") { headings.append(String(line.dropFirst(3))) }
        }
        #expect(!headings.isEmpty)
        #expect(HelpTopics.titles == headings)
        for section in HelpTopics.sections { #expect(section.text.hasPrefix("## " + section.title + "\n")) }
    }

    @Test func findsTopicsByTitleWordPrefixAndCode() {
        #expect(HelpTopics.section(for: "Training")?.title == "Training")
        #expect(HelpTopics.section(for: "plots")?.title == "Plots")
        #expect(HelpTopics.section(for: "grad")?.title == "Gradient checking")
        #expect(HelpTopics.section(for: "gradcheck")?.title == "Gradient checking")
        #expect(HelpTopics.section(for: "qqqqqq") == nil)
        #expect(HelpTopics.suggestion(for: "trainig") == "training")
    }
}
