import Testing
@testable import DNNPlot

@Suite struct TicksTests {
    @Test(arguments: [
        (0.3, 0.5), (0.5, 0.5), (0.51, 1.0), (1.2, 2.0), (3.0, 5.0), (7.0, 10.0), (1500.0, 2000.0), (0.0004, 0.0005),
    ])
    func niceStepIsOneTwoOrFiveTimesAPowerOfTen(raw: Double, expected: Double) {
        #expect(abs(Ticks.niceStep(raw) - expected) < expected * 1e-12)
    }

    @Test func courseBoundaryAxisIsLabelledLikeMatplotlib() {
        // The course's decision-boundary figures (axes limited to [−1.5, 1.5]) show
        // −1.5 −1.0 −0.5 0.0 0.5 1.0 1.5, with a Unicode minus.
        let labels = Ticks.linear(-1.5...1.5, target: 6).map(\.label)
        #expect(labels == ["\u{2212}1.5", "\u{2212}1.0", "\u{2212}0.5", "0.0", "0.5", "1.0", "1.5"])
    }

    @Test func iterationAxisHasIntegerLabels() {
        let labels = Ticks.linear(0...14000, target: 7).map(\.label)
        #expect(labels == ["0", "2000", "4000", "6000", "8000", "10000", "12000", "14000"])
    }

    @Test func tinyStepsUseScientificLabels() {
        let ticks = Ticks.linear(0...0.00002, target: 2)
        #expect(ticks.map(\.label) == ["0", "1e-05", "2e-05"])
    }

    @Test func logTicksArePowersOfTenWithSuperscripts() {
        let ticks = Ticks.log(1e-9...0.5, target: 10)
        #expect(ticks.map(\.label) == ["10⁻⁹", "10⁻⁸", "10⁻⁷", "10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹"])
        let sparse = Ticks.log(1e-9...0.5, target: 5)
        #expect(sparse.map(\.label) == ["10⁻⁹", "10⁻⁷", "10⁻⁵", "10⁻³", "10⁻¹"])
    }

    /// Less than two decades: ticks at m × 10ⁿ (matplotlib labels its minor ticks so when
    /// the axis holds no more than one power of ten), never an axis without ticks.
    @Test func narrowLogRangesGetMantissaTicks() {
        #expect(Ticks.log(0.3...0.75, target: 6).map(\.label) == ["3×10⁻¹", "4×10⁻¹", "5×10⁻¹", "6×10⁻¹", "7×10⁻¹"])
        #expect(Ticks.log(0.15...0.95, target: 6).map(\.label) == ["2×10⁻¹", "5×10⁻¹"])
        #expect(Ticks.log(0.15...1.2, target: 6).map(\.label) == ["2×10⁻¹", "5×10⁻¹", "10⁰"])
        #expect(Ticks.log(0.05...2, target: 6).map(\.label) == ["10⁻¹", "10⁰"])
        #expect(abs(Ticks.log(0.3...0.75, target: 6)[0].value - 0.3) < 1e-15)
    }

    @Test(arguments: [
        // Python: '%.0e' % 1e-7 → '1e-07'; '%.1e' % 2.5e6 → '2.5e+06'; '%.2e' % -0.000123 → '-1.23e-04'
        (1e-7, "1e-07"), (2.5e6, "2.5e+06"), (-0.000123, "\u{2212}1.23e-04"), (9.999e-5, "1e-04"),
    ])
    func scientificFormat(value: Double, expected: String) {
        #expect(Ticks.formatScientific(value) == expected)
    }

    @Test func fixedFormatPadsAndSigns() {
        #expect(Ticks.formatFixed(-0.5, decimals: 1) == "\u{2212}0.5")
        #expect(Ticks.formatFixed(0.05, decimals: 2) == "0.05")
        #expect(Ticks.formatFixed(-0.0, decimals: 1) == "0.0")
        #expect(Ticks.formatFixed(12, decimals: 0) == "12")
    }
}
