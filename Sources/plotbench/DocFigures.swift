import DNNPlot
import Foundation

/// The figures of docs/plots.md, built from the course data in the fixture JSON files
/// (written by scripts/reference/plot_fixtures.py).
struct DocFigures {
    let fixtures: URL

    private func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw BenchError("\(name) is not a JSON object")
        }
        return object
    }

    private func doubles(_ any: Any?) -> [Double] {
        // JSON null (a non-finite cost) becomes +inf so the plot skips and reports it.
        (any as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue ?? .infinity }
    }

    /// All figures, by file name (without extension), in a fixed order.
    func all() throws -> [(String, Figure)] {
        let circles = try json("circles.json")
        let train = circles["train"] as? [String: Any] ?? [:]
        let tx = doubles(train["x"]), ty = doubles(train["y"])
        let tl = (train["label"] as? [Int]) ?? []
        let trainPoints = Series.scatter(x: tx, y: ty, labels: tl)

        let dataset = Figure(
            title: "Circles dataset (training set, 300 points)",
            x: Axis(label: "x₁"), y: Axis(label: "x₂"),
            series: [.scatter(x: tx, y: ty, labels: tl, classNames: ["y = 0 (outer circle)", "y = 1 (inner circle)"])])

        let costs = try json("costs.json")
        let runs = costs["runs"] as? [String: Any] ?? [:]
        let every = Double((costs["every"] as? Int) ?? 1000)
        func curve(_ name: String) -> ([Double], [Double]) {
            let c = doubles(runs[name])
            return (c.indices.map { Double($0) * every }, c)
        }
        let he = curve("he")
        let costHe = Figure(
            title: "Learning rate = 0.01",
            x: Axis(label: "iterations"), y: Axis(label: "cost"),
            series: [.line(x: he.0, y: he.1)], legend: .none)
        let zeros = curve("zeros"), random = curve("random")
        let costInits = Figure(
            title: "Cost by initialization ([2, 10, 5, 1], lr 0.01)",
            x: Axis(label: "iterations"), y: Axis(label: "cost"),
            series: [.line(x: zeros.0, y: zeros.1, label: "zeros"),
                     .line(x: random.0, y: random.1, label: "random ×10 (cost 0 is inf)"),
                     .line(x: he.0, y: he.1, label: "he")],
            grid: true)

        let boundary = try json("boundary_he.json")
        let rows = boundary["classes"] as? [String] ?? []
        let classValues = rows.flatMap { $0.map { $0 == "1" ? 1.0 : 0.0 } }
        let classGrid = try Grid(rows: rows.count, cols: rows.first?.count ?? 0, values: classValues,
                                 xExtent: -1.5...1.5, yExtent: -1.5...1.5)
        let boundaryFigure = Figure(
            title: "Model with He initialization",
            x: Axis(label: "x₁", limits: -1.5...1.5), y: Axis(label: "x₂", limits: -1.5...1.5),
            series: [.regions(classGrid), trainPoints])
        let prob = (boundary["probability"] as? [[Any]] ?? []).map { doubles($0) }
        let probGrid = try Grid(rows: prob.count, cols: prob.first?.count ?? 0, values: prob.flatMap { $0 },
                                xExtent: -1.5...1.5, yExtent: -1.5...1.5)
        let probabilityFigure = Figure(
            title: "He model: P(y = 1 | x) in 10 bands (viridis)",
            x: Axis(label: "x₁", limits: -1.5...1.5), y: Axis(label: "x₂", limits: -1.5...1.5),
            series: [.regions(probGrid, kind: .probability(levels: 10)), trainPoints])

        let weights = try json("weights.json")
        let histogram = Figure(
            title: "Weights of the He network before and after training",
            x: Axis(label: "weight value"), y: Axis(label: "count"),
            series: [.histogram(values: doubles(weights["he_initial"]), bins: 20, label: "initial (He)"),
                     .histogram(values: doubles(weights["he_trained"]), bins: 20, label: "after 15000 iterations")])

        let grad = try json("gradcheck.json")
        let names = grad["names"] as? [String] ?? []
        let diffs = doubles(grad["difference"])
        var highlight: [Int: RGB] = [:]
        for (i, d) in diffs.enumerated() where d > 2e-7 { highlight[i] = Palette.tab10[3] }
        let n = Double(names.count)
        let gradcheck = Figure(
            title: "Gradient check with the planted bugs: difference per parameter",
            x: Axis(label: "parameter"), y: Axis(label: "relative difference", scale: .log),
            series: [.bars(labels: names, values: diffs, color: Palette.tab10[0], highlight: highlight),
                     .line(x: [-0.5, n - 0.5], y: [2e-7, 2e-7], label: "threshold 2e-7", color: RGB(hex: 0x333333), dashed: true)],
            width: 800)

        return [("circles", dataset), ("cost_he", costHe), ("cost_inits", costInits),
                ("boundary_he", boundaryFigure), ("probability_he", probabilityFigure),
                ("weights_histogram", histogram), ("gradcheck_bars", gradcheck)]
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
