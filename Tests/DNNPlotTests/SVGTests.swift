import Foundation
import Testing
@testable import DNNPlot

/// A 400×400 grid over [−1.5, 1.5]² with a wobbly circular boundary, like a trained network's.
func wobblyCircleGrid(_ n: Int = 400, probability: Bool) throws -> Grid {
    var values = [Double](repeating: 0, count: n * n)
    for r in 0..<n {
        for c in 0..<n {
            let x = -1.5 + 3 * (Double(c) + 0.5) / Double(n), y = -1.5 + 3 * (Double(r) + 0.5) / Double(n)
            let p = 1 / (1 + exp(8 * ((x * x + y * y).squareRoot() - 0.85 - 0.08 * sin(5 * atan2(y, x)))))
            values[r * n + c] = probability ? p : (p > 0.5 ? 1 : 0)
        }
    }
    return try Grid(rows: n, cols: n, values: values, xExtent: -1.5...1.5, yExtent: -1.5...1.5)
}

@Suite struct SVGTests {
    let renderer = SVGRenderer()

    @Test func documentIsStandaloneSVG11() throws {
        let s = try renderer.render(Figure(title: "t", series: [.line(x: [0, 1], y: [1, 0])])).svg
        #expect(s.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"640\" height=\"480\""))
        #expect(s.hasSuffix("</svg>\n"))
        #expect(!s.contains("href"))  // nothing external
        #expect(s.contains("font-family=\"DejaVu Sans, Bitstream Vera Sans, Helvetica, Arial, sans-serif\""))
        #expect(xmlError(s) == nil)
    }

    @Test func sameFigureGivesSameBytes() throws {
        let f = Figure(title: "Model with He initialization", x: Axis(limits: -1.5...1.5), y: Axis(limits: -1.5...1.5),
                       series: [.regions(try wobblyCircleGrid(60, probability: true), kind: .probability(levels: 10)),
                                .scatter(x: [0, 1, -1, 0.5], y: [0, 1, 0.5, -1], labels: [3, 0, 1, 2], classNames: ["a", "b", "c", "d"])])
        let a = try renderer.render(f).svg
        let b = try SVGRenderer().render(f).svg
        #expect(a == b)
    }

    @Test func textIsEscaped() throws {
        let f = Figure(title: "a < b & \"c\" > 'd'", x: Axis(label: "x<sub>"), series: [.line(x: [0, 1], y: [0, 1], label: "J(θ) & co")])
        let s = try renderer.render(f).svg
        #expect(xmlError(s) == nil)
        #expect(s.contains("a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;"))
        #expect(s.contains("J(θ) &amp; co"))
    }

    @Test func equalCellsMergeIntoRectangles() throws {
        // Rows from the bottom: [0 0 1 1], [0 0 1 1], [1 1 1 1]. Class 1 covers most cells and
        // becomes the background; class 0 is one 2×2 rectangle at the bottom left.
        let g = try Grid(rows: 3, cols: 4, values: [0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1], xExtent: 0...4, yExtent: 0...3)
        let runs = RegionRuns(g, kind: .classes, classCount: 2)
        #expect(runs.colors == [Palette.regionColor(0, classCount: 2), Palette.regionColor(1, classCount: 2)])
        #expect(runs.background == 1)
        #expect(runs.rects == [CellRect(col: 0, row: 0, width: 2, height: 2, colorIndex: 0)])
        #expect(runs.pathData() == ["M0 0h2v2h-2z", ""])
    }

    @Test func undrawnCellsDisableTheBackgroundShortcut() throws {
        let g = try Grid(rows: 2, cols: 3, values: [1, 1, .nan, 0, 1, 1], xExtent: 0...3, yExtent: 0...2)
        let runs = RegionRuns(g, kind: .classes, classCount: 2)
        #expect(runs.background == nil)
        #expect(runs.rects == [
            CellRect(col: 0, row: 0, width: 2, height: 1, colorIndex: 0),
            CellRect(col: 0, row: 1, width: 1, height: 1, colorIndex: 1),
            CellRect(col: 1, row: 1, width: 2, height: 1, colorIndex: 0),
        ])
    }

    @Test func probabilitiesAreQuantisedToTheirBands() {
        // 10 bands: 0.05 is in band 0 (viridis at 0.05), 0.97 in band 9 (viridis at 0.95), 1.0 stays in band 9.
        #expect(PreparedFigure.regionColor(0.05, kind: .probability(levels: 10), classCount: 0) == Palette.viridis(0.05))
        #expect(PreparedFigure.regionColor(0.97, kind: .probability(levels: 10), classCount: 0) == Palette.viridis(0.95))
        #expect(PreparedFigure.regionColor(1.0, kind: .probability(levels: 10), classCount: 0) == Palette.viridis(0.95))
        #expect(PreparedFigure.regionColor(.nan, kind: .probability(levels: 10), classCount: 0) == nil)
    }

    @Test(arguments: [false, true])
    func bigDecisionGridStaysCompact(probability: Bool) throws {
        let grid = try wobblyCircleGrid(400, probability: probability)
        let f = Figure(x: Axis(limits: -1.5...1.5), y: Axis(limits: -1.5...1.5),
                       series: [.regions(grid, kind: probability ? .probability(levels: 10) : .classes)])
        let s = try renderer.render(f).svg
        #expect(s.utf8.count < 300_000, "\(s.utf8.count) bytes")
        #expect(xmlError(s) == nil)
    }

    @Test func noisyGridIsCoarsenedToStayBounded() throws {
        // A worst case: 400×400 cells of pseudo-random probabilities, every cell its own run.
        var state: UInt64 = 42
        let values = (0..<160_000).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let grid = try Grid(rows: 400, cols: 400, values: values, xExtent: 0...1, yExtent: 0...1)
        let (runs, used) = RegionRuns.withinBudget(grid, kind: .probability(levels: 10), classCount: 0)
        #expect(runs.rects.count <= RegionRuns.rectBudget)
        #expect(used.rows < 400 && used.rows >= 50)
        let s = try renderer.render(Figure(series: [.regions(grid, kind: .probability(levels: 10))])).svg
        #expect(s.utf8.count < 400_000, "\(s.utf8.count) bytes")
        #expect(xmlError(s) == nil)
    }

    @Test func halvingKeepsEveryOtherCell() throws {
        let g = try Grid(rows: 3, cols: 3, values: [1, 2, 3, 4, 5, 6, 7, 8, 9], xExtent: 0...3, yExtent: 0...3)
        let h = g.halved()
        #expect(h.rows == 2 && h.cols == 2 && h.values == [1, 3, 7, 9] && h.xExtent == 0...3)
    }

    @Test func probabilityRegionsGetAColourBar() throws {
        let f = Figure(series: [.regions(try wobblyCircleGrid(40, probability: true), kind: .probability(levels: 5))])
        let s = try renderer.render(f).svg
        for k in 0..<5 { #expect(s.contains("fill=\"\(Palette.viridis((Double(k) + 0.5) / 5).hexString)\"/>")) }
        #expect(s.contains(">0.0</text>") && s.contains(">1.0</text>"))
        let plain = try TerminalRenderer(width: 50, mode: .none).render(f)
        // Band centres 0.1, 0.3, …, 0.9 fall on ramp characters 1, 3, 5, 7, 9 of " ·:-=+*#%@".
        #expect(plain.lines.last == "  0 [·-+#@] 1")
        let classes = try renderer.render(Figure(series: [.regions(try wobblyCircleGrid(40, probability: false))])).svg
        #expect(!classes.contains(Palette.viridis(0.1).hexString))
    }

    @Test func logAxisShowsPowersOfTen() throws {
        let f = Figure(y: Axis(scale: .log), series: [.bars(labels: ["W1", "b1", "W2"], values: [1e-8, 0.6, 0.33])])
        let s = try renderer.render(f).svg
        // 380 px of axes take about nine ticks, so all eight decades 10⁻⁸…10⁻¹ are labelled;
        // a short figure labels every second decade.
        #expect(s.contains(">10⁻⁸<") && s.contains(">10⁻⁷<") && s.contains(">10⁻¹<"))
        var short = f
        short.height = 300
        let t = try renderer.render(short).svg
        #expect(t.contains(">10⁻⁸<") && t.contains(">10⁻⁶<") && !t.contains(">10⁻⁷<"))
        #expect(s.contains(">W1<") && s.contains(">b1<"))
    }

    @Test func legendListsLabelledSeriesOnly() throws {
        let f = Figure(series: [.line(x: [0, 1], y: [1, 0], label: "train"), .line(x: [0, 1], y: [0.5, 0.2]),
                                .line(x: [0, 1], y: [1, 1], label: "dev", dashed: true)])
        let s = try renderer.render(f).svg
        #expect(s.contains(">train</text>") && s.contains(">dev</text>"))
        #expect(occurrences(of: "stroke-dasharray", in: s) == 2)  // the dashed line and its legend handle
        let none = try renderer.render(Figure(series: f.series, legend: .none)).svg
        #expect(!none.contains(">train</text>"))
    }
}
