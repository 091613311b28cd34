import Foundation
import Testing
@testable import DNNPlot

/// Figures from the course's own data (Tests/DNNPlotData/Fixtures, written by
/// scripts/reference/plot_fixtures.py), and the docs images made from them.
@Suite struct CourseDataTests {
    func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func numbers(_ any: Any?) -> [Double] {
        (any as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue ?? .infinity }
    }

    @Test func circlesScatterShowsBothClassesInCourseColours() throws {
        let train = try #require(try json("circles.json")["train"] as? [String: Any])
        let labels = try #require(train["label"] as? [Int])
        let f = Figure(title: "Circles", series: [.scatter(x: numbers(train["x"]), y: numbers(train["y"]), labels: labels)])
        let svg = try SVGRenderer().render(f).svg
        #expect(xmlError(svg) == nil)
        // docs/course-reference.md §2: 300 training points, 150 of label 0 (red) and 150 of label 1 (blue).
        let groups = svg.components(separatedBy: "<g fill=\"")
        let red = try #require(groups.first { $0.hasPrefix("#9e0142") })
        let blue = try #require(groups.first { $0.hasPrefix("#5e4fa2") })
        #expect(occurrences(of: "<circle", in: red.components(separatedBy: "</g>")[0]) == 150)
        #expect(occurrences(of: "<circle", in: blue.components(separatedBy: "</g>")[0]) == 150)
    }

    @Test func heDecisionBoundaryHasBothRegionsAndCourseAxes() throws {
        let boundary = try json("boundary_he.json")
        let rows = try #require(boundary["classes"] as? [String])
        let values = rows.flatMap { $0.map { $0 == "1" ? 1.0 : 0.0 } }
        let grid = try Grid(rows: rows.count, cols: rows[0].count, values: values, xExtent: -1.5...1.5, yExtent: -1.5...1.5)
        let f = Figure(title: "Model with He initialization", x: Axis(limits: -1.5...1.5), y: Axis(limits: -1.5...1.5),
                       series: [.regions(grid)])
        let svg = try SVGRenderer().render(f).svg
        #expect(xmlError(svg) == nil)
        #expect(svg.utf8.count < 300_000)
        // The He network separates the circles: the outer region is class 0, the centre class 1,
        // so the background is the class-0 fill and class 1 is drawn as merged rectangles.
        #expect(svg.contains("fill=\"\(Palette.regionColor(0, classCount: 2).hexString)\"/>"))
        #expect(svg.contains("<path fill=\"\(Palette.regionColor(1, classCount: 2).hexString)\""))
        #expect(svg.contains(">Model with He initialization</text>"))
        for label in ["\u{2212}1.5", "\u{2212}1.0", "0.0", "1.0", "1.5"] { #expect(svg.contains(">\(label)</text>")) }
        // Centre (0, 0) is class 1, corner (−1.5, −1.5) class 0 in the fixture itself.
        #expect(values[150 * 300 + 150] == 1 && values[0] == 0)
    }

    @Test func costCurveSkipsTheInfiniteFirstCostOfLargeRandomInit() throws {
        let runs = try #require(try json("costs.json")["runs"] as? [String: Any])
        let random = numbers(runs["random"])
        // docs/course-reference.md §2: the large random initialisation prints "Cost after iteration 0: inf".
        #expect(random.first == .infinity)
        let f = Figure(series: [.line(x: random.indices.map { Double($0) * 1000 }, y: random, label: "random")])
        #expect(try SVGRenderer().render(f).skippedPoints == 1)
        #expect(try TerminalRenderer(width: 80).render(f).skippedPoints == 1)
    }

    @Test func docsImagesAreWellFormedAndSmall() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestPaths.docsImages.path).filter { $0.hasSuffix(".svg") }.sorted()
        #expect(names.count >= 7)
        for name in names {
            let svg = try String(contentsOf: TestPaths.docsImages.appendingPathComponent(name), encoding: .utf8)
            #expect(xmlError(svg) == nil, "\(name)")
            #expect(svg.utf8.count < 300_000, "\(name)")
        }
    }
}
