import DNNPlot
import Foundation

/// Times SVG and terminal rendering of a 400×400 decision-boundary grid with 300 points on top.
enum Benchmark {
    static func run(runs: Int) throws {
        let n = 400
        var classes = [Double](repeating: 0, count: n * n)
        var probability = [Double](repeating: 0, count: n * n)
        for r in 0..<n {
            for c in 0..<n {
                let x = -1.5 + 3 * (Double(c) + 0.5) / Double(n), y = -1.5 + 3 * (Double(r) + 0.5) / Double(n)
                // A wobbly circle, like a trained network's boundary on the circles data.
                let radius = 0.85 + 0.08 * sin(5 * atan2(y, x))
                let p = 1 / (1 + exp(8 * ((x * x + y * y).squareRoot() - radius)))
                probability[r * n + c] = p
                classes[r * n + c] = p > 0.5 ? 1 : 0
            }
        }
        var px: [Double] = [], py: [Double] = [], labels: [Int] = []
        for i in 0..<300 {
            let t = Double(i) * 2.399963, radius = i % 2 == 0 ? 1.0 : 0.8
            px.append(radius * cos(t)); py.append(radius * sin(t)); labels.append(i % 2)
        }
        let points = Series.scatter(x: px, y: py, labels: labels)
        func figure(_ regions: Series) -> Figure {
            Figure(title: "Model with He initialization",
                   x: Axis(label: "x₁", limits: -1.5...1.5), y: Axis(label: "x₂", limits: -1.5...1.5),
                   series: [regions, points])
        }
        let classFigure = figure(.regions(try Grid(rows: n, cols: n, values: classes, xExtent: -1.5...1.5, yExtent: -1.5...1.5)))
        let probFigure = figure(.regions(try Grid(rows: n, cols: n, values: probability, xExtent: -1.5...1.5, yExtent: -1.5...1.5),
                                         kind: .probability(levels: 10)))
        // Worst case for merging: every cell a different band from its neighbour.
        var state: UInt64 = 7
        let noise = (0..<(n * n)).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(UInt64(1) << 53)
        }
        let noiseFigure = figure(.regions(try Grid(rows: n, cols: n, values: noise, xExtent: -1.5...1.5, yExtent: -1.5...1.5),
                                          kind: .probability(levels: 10)))
        print("400×400 decision-boundary grid + 300 points, median of \(runs) runs")
        for (name, f) in [("classes", classFigure), ("probability, 10 levels", probFigure), ("noise (worst case)", noiseFigure)] {
            var bytes = 0
            let svg = try median(runs) { bytes = try SVGRenderer().render(f).svg.utf8.count }
            print("  SVG      \(name): \(format(svg)) ms, \(bytes) bytes")
            for mode in [ColorMode.truecolor, .none] {
                var lineCount = 0
                let term = try median(runs) { lineCount = try TerminalRenderer(width: 100, height: nil, mode: mode).render(f).lines.count }
                print("  terminal \(name), width 100, \(mode.rawValue): \(format(term)) ms, \(lineCount) lines")
            }
        }
    }

    static func median(_ runs: Int, _ body: () throws -> Void) throws -> Double {
        var times: [Double] = []
        for _ in 0..<max(runs, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        return times[times.count / 2]
    }

    static func format(_ ms: Double) -> String {
        String(format: "%.2f", ms)
    }
}
