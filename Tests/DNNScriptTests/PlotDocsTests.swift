import Foundation
import Testing
@testable import DNNScript

/// docs/plots.md shows only figures the language makes: every image it shows is written by
/// a script of docs/examples/plots/ that the page quotes word for word, and the committed
/// SVG has the texts (title, labels, ticks, legend) the script draws now. Regenerate the
/// figures with `sh scripts/plot-docs.sh`.
@Suite struct PlotDocsTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = root.appendingPathComponent("docs/examples/plots")
    static let images = root.appendingPathComponent("docs/images")

    static var scripts: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? []
        return names.filter { $0.hasSuffix(".dnn") }.sorted().map { examples.appendingPathComponent($0) }
    }

    /// The texts of an SVG's `<text>` elements, in order.
    static func texts(_ svg: String) -> [String] {
        svg.components(separatedBy: "<text").dropFirst().compactMap { part in
            guard let start = part.firstIndex(of: ">"), let end = part.range(of: "</text>") else { return nil }
            return String(part[part.index(after: start)..<end.lowerBound])
        }
    }

    @Test func scriptsRunAndMakeTheFiguresThePageShows() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/plots.md"), encoding: .utf8)
        #expect(Self.scripts.count >= 9)
        var made: Set<String> = []
        for script in Self.scripts {
            let source = try String(contentsOf: script, encoding: .utf8)
            let host = CaptureHost()
            let code = ScriptSession(host: host, options: ScriptOptions(plotsEnabled: true))
                .run(source: source, file: script.lastPathComponent)
            #expect(code == .ok, "\(script.lastPathComponent): \(host.stderr)")
            #expect(!host.plots.isEmpty, "\(script.lastPathComponent) makes no plot")
            let quoted = "```dnn alone\n" + source.trimmingCharacters(in: .newlines) + "\n```"
            #expect(doc.contains(quoted), "docs/plots.md does not quote \(script.lastPathComponent) as it is")
            for plot in host.plots {
                made.insert(plot.name)
                let committed = Self.images.appendingPathComponent(plot.name)
                let svg = try #require(try? String(contentsOf: committed, encoding: .utf8),
                                       "docs/images/\(plot.name) is missing: sh scripts/plot-docs.sh")
                #expect(Self.texts(svg) == Self.texts(plot.svg), "docs/images/\(plot.name) is stale: sh scripts/plot-docs.sh")
            }
        }
        let shown = try Regex(#"\]\(images/([^)]+)\)"#)
        for match in doc.matches(of: shown) {
            let name = String(doc[match.range]).dropFirst("](images/".count).dropLast()
            #expect(made.contains(String(name)), "docs/plots.md shows images/\(name), which no docs/examples/plots script makes")
        }
    }
}
