import Testing
@testable import DNNPlot

@Suite struct TerminalTests {
    let figures: [Figure] = [
        Figure(title: "Learning rate =0.01", x: Axis(label: "iterations"), y: Axis(label: "cost"),
               series: [.line(x: [0, 1000, 2000, 3000], y: [0.88, 0.69, 0.68, 0.65], label: "he"),
                        .line(x: [0, 1000, 2000, 3000], y: [0.69, 0.69, 0.69, 0.69], label: "zeros", dashed: true)]),
        Figure(title: "A very long title that certainly does not fit into the forty columns we have",
               series: [.scatter(x: [0, 1, 0.5], y: [0, 1, 0.2], labels: [0, 1, 2], classNames: ["zero", "one", "two"])]),
        Figure(y: Axis(scale: .log), series: [.bars(labels: (0..<47).map { "W\($0)" }, values: (0..<47).map { pow10($0 % 9) })]),
        Figure(series: [.histogram(values: (0..<100).map { Double($0 % 17) }, bins: 7, label: "weights")]),
    ]

    @Test(arguments: [30, 57, 80, 143])
    func linesFitTheWidthInEveryMode(width: Int) throws {
        for mode in ColorMode.allCases {
            for f in figures + [try boundaryFigure()] {
                let out = try TerminalRenderer(width: width, mode: mode).render(f)
                for line in out.lines {
                    #expect(stripANSI(line).count <= width, "\(mode) \(width): \(stripANSI(line))")
                }
                if mode == .none { #expect(!out.lines.joined().contains("\u{1B}")) }
            }
        }
    }

    func boundaryFigure() throws -> Figure {
        Figure(title: "Model with He initialization", x: Axis(label: "x₁", limits: -1.5...1.5),
               y: Axis(label: "x₂", limits: -1.5...1.5),
               series: [.regions(try wobblyCircleGrid(80, probability: false)),
                        .scatter(x: [0, 1.2], y: [0, 1.2], labels: [1, 0])])
    }

    @Test func regionsUseHalfBlocksAndClassColours() throws {
        let out = try TerminalRenderer(width: 60, height: 16, mode: .truecolor).render(boundaryFigure())
        let text = out.lines.joined(separator: "\n")
        #expect(text.contains("▀"))
        // Course class colours: marker #9e0142 = (158, 1, 66), #5e4fa2 = (94, 79, 162).
        #expect(text.contains("38;2;158;1;66m●") || text.contains("38;2;158;1;66;48"))
        #expect(text.contains("38;2;94;79;162"))
        #expect(stripANSI(text).contains("\u{2212}1 ") && stripANSI(text).contains("Model with He initialization"))
    }

    @Test func plainModeUsesShadesAndMarkerLetters() throws {
        let out = try TerminalRenderer(width: 60, height: 16, mode: .none).render(boundaryFigure())
        let text = out.lines.joined(separator: "\n")
        #expect(text.contains("░"))  // class 1 region
        #expect(text.contains("o") && text.contains("x"))  // class 0 and class 1 markers
    }

    @Test func linesAreBrailleAndAxesHaveTicks() throws {
        let out = try TerminalRenderer(width: 50, height: 10, mode: .none).render(figures[0])
        #expect(out.lines[0].trimmingCharacters(in: .whitespaces) == "Learning rate =0.01")
        #expect(out.lines[1] == "cost")
        let plot = out.lines[2..<12]
        #expect(plot.joined().unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
        #expect(plot.contains { $0.contains("┤") })
        #expect(out.lines[12].contains("└") && out.lines[12].contains("┬"))
        #expect(out.lines[13].contains("1000") && out.lines[13].contains("3000"))
        #expect(out.lines[14].trimmingCharacters(in: .whitespaces) == "iterations")
        #expect(out.lines[15] == "  ── he   ╌╌ zeros")
    }

    @Test func legendWrapsToTheWidth() throws {
        let f = Figure(series: (0..<6).map { .line(x: [0, 1], y: [Double($0), 1], label: "series number \($0)") })
        let out = try TerminalRenderer(width: 40, mode: .none).render(f)
        let legend = out.lines.suffix(from: out.lines.firstIndex { $0.contains("── series number 0") } ?? 0)
        #expect(legend.count >= 3)
        #expect(legend.allSatisfy { $0.count <= 40 })
    }

    @Test func overlappingHistogramsAreDrawnTallestFirst() {
        let a = RGB(1, 1, 1), b = RGB(2, 2, 2)
        let series: [PreparedSeries] = [
            .bars([Bar(x0: 0, x1: 1, value: 3, color: a, translucent: true), Bar(x0: 1, x1: 2, value: 1, color: a, translucent: true)]),
            .line(segments: [], color: a, dashed: false),
            .bars([Bar(x0: 0, x1: 1, value: 2, color: b, translucent: true), Bar(x0: 1, x1: 2, value: 5, color: b, translucent: true)]),
        ]
        let merged = TerminalRenderer.histogramsMerged(series)
        #expect(merged.count == 2)
        guard case .bars(let bars) = merged[0] else { Issue.record("expected bars first"); return }
        #expect(bars.map(\.value) == [5, 3, 2, 1])
    }

    @Test func lineAcrossABarKeepsBothColours() throws {
        let bar = RGB(hex: 0x1f77b4), line = RGB(hex: 0x333333)
        let f = Figure(series: [.bars(labels: ["a"], values: [10], color: bar),
                                .line(x: [-0.5, 0.5], y: [5, 5], color: line)])
        let out = try TerminalRenderer(width: 40, height: 8, mode: .truecolor).render(f)
        // Dots in the line's colour (51,51,51) on the bar's colour (31,119,180) as background.
        let text = out.lines.joined()
        let style = "\u{1B}[38;2;51;51;51;48;2;31;119;180m"
        let after = try #require(text.range(of: style)).upperBound
        #expect((0x2801...0x28FF).contains(text[after].unicodeScalars.first?.value ?? 0))
    }

    @Test func barsFillUpwardsWithBlocks() throws {
        let f = Figure(series: [.bars(labels: ["a", "b"], values: [1, 2])])
        let out = try TerminalRenderer(width: 40, height: 8, mode: .none).render(f)
        let plot = out.lines[0..<8].joined()
        #expect(plot.contains("█"))
        #expect(!out.lines[0].contains("█") || out.lines[1].contains("█"))
    }
}

private func pow10(_ k: Int) -> Double {
    var v = 1e-9
    for _ in 0..<k { v *= 10 }
    return v
}
