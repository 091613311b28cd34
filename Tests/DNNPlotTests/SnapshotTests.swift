import Testing
@testable import DNNPlot

/// Whole-output snapshots under Tests/DNNPlotData/Snapshots; re-record with DNNPLOT_RECORD=1.
@Suite struct SnapshotTests {
    static let figures: [(String, Figure)] = {
        let grid = try? Grid(rows: 4, cols: 6, values: [
            0, 0, 0, 0, 0, 0,
            0, 0, 1, 1, 0, 0,
            0, 1, 1, 1, 1, 0,
            0, 0, 1, 1, 0, 0,
        ], xExtent: -1.5...1.5, yExtent: -1...1)
        return [
            ("cost_curves", Figure(
                title: "Learning rate =0.01", x: Axis(label: "iterations"), y: Axis(label: "cost"),
                series: [.line(x: [0, 1000, 2000, 3000, 4000, 5000], y: [0.883, 0.688, 0.675, 0.653, 0.608, 0.530], label: "train"),
                         .line(x: [0, 1000, 2000, 3000, 4000, 5000], y: [0.90, 0.71, 0.70, .nan, 0.66, 0.60], label: "dev", dashed: true)],
                grid: true, width: 480, height: 360)),
            ("decision_regions", Figure(
                title: "Model with He initialization", x: Axis(label: "x₁", limits: -1.5...1.5), y: Axis(label: "x₂", limits: -1...1),
                series: (grid.map { [.regions($0)] } ?? []) + [.scatter(x: [-1, 0, 0.4, 1.2], y: [0.8, 0, 0.2, -0.6], labels: [0, 1, 1, 0])],
                width: 400, height: 300)),
            ("gradcheck_bars", Figure(
                title: "difference per parameter", x: Axis(label: "parameter"), y: Axis(label: "difference", scale: .log),
                series: [.bars(labels: ["W1", "b1", "W2", "b2", "W3"], values: [6.4e-8, 0.6, 0.33, 3.4e-8, 0],
                               highlight: [1: Palette.tab10[3], 2: Palette.tab10[3]])],
                width: 400, height: 300)),
            ("histogram", Figure(
                title: "weights", x: Axis(label: "value"), y: Axis(label: "count"),
                series: [.histogram(values: [-1, -0.5, -0.4, 0, 0.1, 0.15, 0.2, 0.9, 1.5], bins: 5, label: "W1")],
                width: 400, height: 300)),
        ]
    }()

    @Test(arguments: figures.map(\.0))
    func svg(name: String) throws {
        let figure = try #require(Self.figures.first { $0.0 == name }?.1)
        let out = try SVGRenderer().render(figure)
        #expect(xmlError(out.svg) == nil)
        try assertSnapshot(out.svg, named: name + ".svg")
    }

    @Test(arguments: figures.map(\.0))
    func terminalPlain(name: String) throws {
        let figure = try #require(Self.figures.first { $0.0 == name }?.1)
        let out = try TerminalRenderer(width: 64, mode: .none).render(figure)
        try assertSnapshot(out.lines.joined(separator: "\n") + "\n", named: name + ".none.txt")
    }

    @Test(arguments: figures.map(\.0))
    func terminalTruecolor(name: String) throws {
        let figure = try #require(Self.figures.first { $0.0 == name }?.1)
        let out = try TerminalRenderer(width: 64, height: 12, mode: .truecolor).render(figure)
        try assertSnapshot(out.lines.joined(separator: "\n") + "\n", named: name + ".truecolor.txt")
    }
}
