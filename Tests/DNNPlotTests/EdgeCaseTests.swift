import Testing
@testable import DNNPlot

/// Edge cases of issue 3: one point, constant series, NaN/inf (skipped and counted),
/// empty data and bad sizes (a clear `PlotError`), never a crash.
@Suite struct EdgeCaseTests {
    let svg = SVGRenderer()
    let terminal = TerminalRenderer(width: 60, height: 12, mode: .truecolor)

    func renderBoth(_ f: Figure) throws -> (SVGOutput, TerminalOutput) {
        (try svg.render(f), try terminal.render(f))
    }

    @Test func onePointLineIsDrawnAsADot() throws {
        let (s, t) = try renderBoth(Figure(series: [.line(x: [3], y: [0.5])]))
        #expect(occurrences(of: "<circle", in: s.svg) == 1)
        #expect(xmlError(s.svg) == nil)
        #expect(t.lines.contains { $0.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } })
    }

    @Test func onePointScatterGetsLimitsAroundIt() throws {
        let p = try PreparedFigure(Figure(series: [.scatter(x: [2], y: [-1], labels: [1])]))
        #expect(p.xLimits.contains(2) && p.xLimits.lowerBound < 2 && p.xLimits.upperBound > 2)
        #expect(p.yLimits.contains(-1) && p.yLimits.lowerBound < -1)
    }

    @Test func constantSeriesGetsANonEmptyRange() throws {
        let f = Figure(series: [.line(x: [0, 1, 2, 3], y: [0.6931, 0.6931, 0.6931, 0.6931])])
        let p = try PreparedFigure(f)
        #expect(p.yLimits.lowerBound < 0.6931 && p.yLimits.upperBound > 0.6931)
        #expect(!p.yTicks(target: 5).isEmpty)
        let (s, _) = try renderBoth(f)
        #expect(xmlError(s.svg) == nil)
        let zero = try PreparedFigure(Figure(series: [.line(x: [1, 1], y: [0, 0])]))
        #expect(zero.xLimits.lowerBound < 1 && zero.yLimits.upperBound > 0)
    }

    @Test func nonFiniteValuesAreSkippedAndCounted() throws {
        let f = Figure(series: [
            .line(x: [0, 1, 2, 3, 4], y: [.infinity, 0.6, .nan, 0.4, 0.3]),
            .scatter(x: [0, .nan, 1], y: [1, 1, -.infinity], labels: [0, 1, 1]),
            .histogram(values: [1, 2, .nan, 2, 3]),
        ])
        let (s, t) = try renderBoth(f)
        #expect(s.skippedPoints == 5)
        #expect(t.skippedPoints == 5)
        #expect(xmlError(s.svg) == nil)
        #expect(!s.svg.contains("nan") && !s.svg.contains("inf"))
        // The NaN at index 2 breaks the line into two pieces: (1, 0.6) alone and (3, 0.4)–(4, 0.3).
        #expect(occurrences(of: "<polyline", in: s.svg) == 1)
    }

    @Test func valuesAtOrBelowZeroAreSkippedOnALogAxis() throws {
        let f = Figure(y: Axis(scale: .log), series: [.bars(labels: ["a", "b", "c", "d"], values: [1e-7, 0, -1, 0.3])])
        let (s, t) = try renderBoth(f)
        #expect(s.skippedPoints == 2 && t.skippedPoints == 2)
        #expect(occurrences(of: "<rect x=", in: s.svg) == 2 + 2)  // two bars, the clip rectangle and the frame
    }

    @Test func hugeValuesDoNotOverflow() throws {
        let f = Figure(series: [.line(x: [0, 1], y: [-1e300, 1e300]), .regions(try Grid(rows: 1, cols: 2, values: [1e300, -1e300], xExtent: 0...1, yExtent: 0...1))])
        let (s, t) = try renderBoth(f)
        #expect(xmlError(s.svg) == nil)
        #expect(!t.lines.isEmpty)
        let wide = Figure(series: [.line(x: [0, 1], y: [-Double.greatestFiniteMagnitude, .greatestFiniteMagnitude])])
        #expect(throws: PlotError.self) { try svg.render(wide) }
    }

    @Test func extremeInputsNeverTrap() throws {
        // Labels near Int.max, data far outside tiny limits, bars squeezed or stretched.
        let tiny = Figure(x: Axis(limits: 0...1e-300), y: Axis(limits: 0...1e-300),
                          series: [.line(x: [-1e308, 1e308], y: [1e308, -1e308]),
                                   .bars(labels: ["a", "b"], values: [1, 2]),
                                   .scatter(x: [0, 1], y: [0, 1], labels: [Int.max, 1], classNames: ["a"])])
        for mode in ColorMode.allCases {
            #expect(!(try TerminalRenderer(width: 40, mode: mode).render(tiny).lines.isEmpty))
        }
        #expect(xmlError(try svg.render(tiny).svg) == nil)
        let huge = Figure(x: Axis(limits: -1e300...1e300), series: [.bars(labels: ["a"], values: [1])])
        #expect(!(try TerminalRenderer(width: 40).render(huge).lines.isEmpty))
        #expect(throws: PlotError.self) {
            try svg.render(Figure(x: Axis(limits: -1.7e308...1.7e308), series: [.line(x: [1], y: [1])]))
        }
        #expect(throws: PlotError.self) {
            try Grid(rows: Int.max / 2, cols: 3, values: [], xExtent: 0...1, yExtent: 0...1)
        }
    }

    @Test func allValuesNonFiniteIsAnError() {
        let f = Figure(series: [.line(x: [0, 1], y: [.nan, .infinity])])
        #expect(throws: PlotError.emptyData("no finite values to draw (2 skipped)")) { try svg.render(f) }
    }

    @Test(arguments: [
        (Figure(), PlotError.emptyData("the figure has no series")),
        (Figure(series: [.line(x: [], y: [])]), .emptyData("line series 1 has no points")),
        (Figure(series: [.line(x: [1, 2], y: [1])]), .badSize("line series 1 has 2 x values but 1 y values")),
        (Figure(series: [.scatter(x: [1, 2], y: [1, 2], labels: [0])]), .badSize("scatter series 1 has 2 points but 1 labels")),
        (Figure(series: [.histogram(values: [])]), .emptyData("histogram 1 has no values")),
        (Figure(series: [.histogram(values: [1], bins: 0)]), .badParameter("histogram 1 needs 1…10000 bins, got 0")),
        (Figure(series: [.bars(labels: ["a"], values: [1, 2])]), .badSize("bar chart 1 has 2 values but 1 labels")),
        (Figure(x: Axis(limits: 1...1), series: [.line(x: [1], y: [1])]), .badParameter("x limits must be finite with lower < upper, got 1.0...1.0")),
        (Figure(y: Axis(limits: -1...1, scale: .log), series: [.line(x: [1], y: [1])]), .badParameter("y limits of a log axis must be positive, got -1.0...1.0")),
        (Figure(series: [.line(x: [1], y: [1])], width: 10), .badParameter("figure size 10×480 must be 50…20000 pixels")),
    ])
    func badFiguresThrowClearErrors(figure: Figure, expected: PlotError) {
        #expect(throws: expected) { try svg.render(figure) }
        #expect(throws: expected) { try terminal.render(figure) }
    }

    @Test func gridSizesAreChecked() {
        #expect(throws: PlotError.badSize("a grid of 2×3 needs 6 values, got 5")) {
            try Grid(rows: 2, cols: 3, values: [0, 0, 0, 0, 0], xExtent: 0...1, yExtent: 0...1)
        }
        #expect(throws: PlotError.badSize("a grid needs at least one row and one column, got 0×3")) {
            try Grid(rows: 0, cols: 3, values: [], xExtent: 0...1, yExtent: 0...1)
        }
    }

    @Test func terminalSizeIsChecked() {
        let f = Figure(series: [.line(x: [1], y: [1])])
        #expect(throws: PlotError.badParameter("terminal width must be 30…1000 columns, got 10")) {
            try TerminalRenderer(width: 10).render(f)
        }
        #expect(throws: PlotError.badParameter("terminal plot height must be 4…500 rows, got 2")) {
            try TerminalRenderer(width: 40, height: 2).render(f)
        }
    }

    @Test func errorMessagesReadWell() {
        #expect("\(PlotError.emptyData("the figure has no series"))" == "nothing to plot: the figure has no series")
    }
}
