import Testing
@testable import DNNPlot

/// Random figures with awkward values (NaN, ±inf, 0, huge, tiny, negative) must render or
/// throw `PlotError`, never trap. Deterministic: a fixed linear congruential generator.
@Suite struct FuzzTests {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 16
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func value() -> Double {
            let specials: [Double] = [.nan, .infinity, -.infinity, 0, -0.0, 1e308, -1e308, 1e-308, Double.leastNonzeroMagnitude, 1, -1, 0.5]
            if int(4) == 0 { return specials[int(specials.count)] }
            return (Double(int(2_000_001)) - 1_000_000) / Double([1, 10, 1000, 1e6][int(4)])
        }
        mutating func values(_ n: Int) -> [Double] { (0..<n).map { _ in value() } }
        mutating func limits() -> ClosedRange<Double>? {
            guard int(3) == 0 else { return nil }
            let a = value(), b = value()
            return a.isNaN || b.isNaN ? nil : min(a, b)...max(a, b)
        }
    }

    @Test(arguments: 0..<8)
    func randomFiguresNeverTrap(seed: Int) throws {
        var g = Generator(state: UInt64(seed + 1))
        var rendered = 0
        for _ in 0..<100 {
            var series: [Series] = []
            for _ in 0..<(1 + g.int(3)) {
                let n = g.int(6)
                switch g.int(5) {
                case 0: series.append(.line(x: g.values(n), y: g.values(n + (g.int(5) == 0 ? 1 : 0)), label: "l", dashed: g.int(2) == 0))
                case 1: series.append(.scatter(x: g.values(n), y: g.values(n), labels: (0..<n).map { _ in g.int(5) - 1 }, classNames: ["a"]))
                case 2:
                    let r = 1 + g.int(4), c = 1 + g.int(4)
                    if let grid = try? Grid(rows: r, cols: c, values: g.values(r * c), xExtent: -1...1, yExtent: -1...1) {
                        series.append(.regions(grid, kind: g.int(2) == 0 ? .classes : .probability(levels: 1 + g.int(12))))
                    }
                case 3: series.append(.histogram(values: g.values(n), bins: g.int(8)))
                default: series.append(.bars(labels: g.int(2) == 0 ? [] : (0..<n).map { "p\($0)" }, values: g.values(n)))
                }
            }
            let f = Figure(title: "fuzz", x: Axis(label: "x", limits: g.limits(), scale: g.int(4) == 0 ? .log : .linear),
                           y: Axis(label: "y", limits: g.limits(), scale: g.int(3) == 0 ? .log : .linear),
                           series: series, legend: [.best, .none, .lowerLeft][g.int(3)], grid: g.int(2) == 0,
                           width: 50 + g.int(700), height: 50 + g.int(500))
            do {
                let out = try SVGRenderer().render(f)
                #expect(xmlError(out.svg) == nil)
                rendered += 1
            } catch is PlotError {}
            for mode in ColorMode.allCases {
                do {
                    let width = 30 + g.int(100)
                    let out = try TerminalRenderer(width: width, height: g.int(2) == 0 ? nil : 4 + g.int(30), mode: mode).render(f)
                    #expect(out.lines.allSatisfy { stripANSI($0).count <= width })
                } catch is PlotError {}
            }
        }
        #expect(rendered > 20)  // most figures are drawable; the rest are clear errors
    }
}
