import Foundation
import Testing

/// The repository explains itself: every document under docs/ that a source, test, script or doc
/// cites exists, so no comment points at a document outside the repository.
struct RepositoryTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func files(under folder: String) -> [URL] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        let kinds: Set<String> = ["swift", "md", "dnn", "py", "sh", "txt"]
        return walker.compactMap { $0 as? URL }.filter { kinds.contains($0.pathExtension) }
    }

    @Test func citedDocsExist() throws {
        let pattern = try Regex(#"docs/([A-Za-z0-9_-]+)\.md"#)
        var cited: Set<String> = []
        for file in ["Sources", "Tests", "scripts", "docs"].flatMap(Self.files(under:)) + [Self.root.appendingPathComponent("README.md")] {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: pattern) { cited.insert(String(text[match.range])) }
        }
        #expect(cited.contains("docs/course-reference.md"))
        for path in cited.sorted() {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path), "\(path) is cited but missing")
        }
    }

    @Test func noCitationOfDocumentsOutsideTheRepository() throws {
        // The names are split so this file does not cite them itself.
        let outside = ["COURSE" + ".md", "DESIGN" + ".md", "COURSE-" + "WEEK2" + ".md"]
        for file in ["Sources", "Tests", "scripts", "docs"].flatMap(Self.files(under:)) + [Self.root.appendingPathComponent("README.md")] {
            let text = try String(contentsOf: file, encoding: .utf8)
            for name in outside where text.contains(name) {
                Issue.record("\(file.path) cites \(name), which is not in the repository")
            }
        }
    }
}
