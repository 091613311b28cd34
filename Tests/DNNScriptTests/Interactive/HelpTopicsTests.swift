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

    @Test func helpIsRenderedForATerminal() throws {
        for topic in HelpTopics.titles + ["dropout", "early stopping", "gradcheck"] {
            let text = try #require(HelpTopics.help(for: topic), "\(topic)")
            for line in text.split(separator: "\n") {
                #expect(!line.hasPrefix("#") && !line.hasPrefix("```") && !line.hasPrefix("|"), "\(topic): \(line)")
                #expect(!line.contains("|---"), "\(topic): \(line)")
            }
        }
        let training = try #require(HelpTopics.help(for: "training"))
        #expect(training.hasPrefix("Training\n========\n"))
        #expect(training.contains("\niterations      int in 0…100000000"))  // a table row, aligned, without bars or backticks
    }

    @Test func wordsWithSpacesAndCodeInOtherSectionsAreFound() throws {
        #expect(HelpTopics.section(for: "early stopping")?.title == "Regularizers")
        let dropout = try #require(HelpTopics.help(for: "dropout"))
        #expect(dropout.hasPrefix("Networks and models"))
        #expect(dropout.contains("- Regularizers: dropout(keep_prob) — inverted dropout"))
    }

    @Test func tablesWrapTheirLastColumn() {
        let text = TerminalMarkdown.render("| a | b |\n|---|---|\n| x | one two three four five six |\n", width: 24)
        // The last column gets 24 − (1 + 2) = 21 columns: its underline, and where it breaks.
        #expect(text == "a  b\n-  ---------------------\nx  one two three four\n   five six\n", "\(text)")
    }

    @Test func proseAndListItemsWrapUnderTheirText() {
        let text = TerminalMarkdown.render("para one two three four five\n\n\n\n- item alpha beta gamma delta\n1. first second third fourth\n", width: 16)
        #expect(text == """
            para one two
            three four five

            - item alpha
              beta gamma
              delta
            1. first second
               third fourth

            """, "\(text)")
    }

    @Test func seeAlsoQuotesProseNotExamples() throws {
        // The Diagnosis section's example output mentions dropout(keep_prob); its prose line does too.
        let dropout = try #require(HelpTopics.help(for: "dropout", width: 80))
        #expect(!dropout.contains("- Diagnosis:   -"))
        #expect(dropout.split(separator: "\n").allSatisfy { $0.count <= 80 || $0.hasPrefix("    ") })
    }
}
