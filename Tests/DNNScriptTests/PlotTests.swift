import Testing
@testable import DNNScript

@Suite struct PlotTests {
    func run(_ source: String) -> (CaptureHost, ExitCode) {
        let host = CaptureHost()
        let code = ScriptSession(host: host, options: ScriptOptions(plotsEnabled: true)).run(source: source, file: "lab.dnn")
        return (host, code)
    }

    @Test func plotsAreNamedAfterTheScriptAndACounter() {
        let (host, code) = run("""
            seed 1
            dataset train = circles(40, noise: 0.05)
            plot train
            plot [1, 2, 3] { name: "curve" }
            """)
        #expect(code == .ok, "\(host.stderr)")
        #expect(host.plots.map(\.name) == ["lab-1.svg", "curve.svg"])
        #expect(host.stdout == "plot: plots/lab-1.svg\nplot: plots/curve.svg\n")
        #expect(host.plots[0].svg.hasPrefix("<svg") || host.plots[0].svg.hasPrefix("<?xml"))
        #expect(host.plots[0].svg.contains("train"))
    }

    /// 40 circles points and a small network, the generator at seed 3 (a prefix of scripts).
    static let circlesAndNet = """
        seed 1
        dataset train = circles(40, noise: 0.05)
        network net { dense 3 relu; dense 1 sigmoid }
        seed 3

        """

    @Test func boundaryAndRunPlotsCarryTheirTitles() {
        let (host, code) = run(Self.circlesAndNet + """
            let m = model(net, init: he)
            let run = train m on train { lr: 0.01, iterations: 20 }
            plot run
            plot boundary m on train { title: "Model with He initialization", xlim: [-1.5, 1.5], ylim: [-1.5, 1.5] }
            """)
        #expect(code == .ok, "\(host.stderr)")
        #expect(host.plots.count == 2)
        #expect(host.plots[0].svg.contains("Learning rate = 0.01"))
        #expect(host.plots[1].svg.contains("Model with He initialization"))
    }

    /// Without xlim/ylim the axes span the boundary's grid (the data ±1) exactly, as
    /// matplotlib's contourf leaves them: the regions fill the plot area, no blank bands.
    @Test func boundaryRegionsFillAutoRangedAxes() throws {
        let (host, code) = run(Self.circlesAndNet + """
            let m = model(net, init: he)
            plot boundary m on train
            """)
        #expect(code == .ok, "\(host.stderr)")
        let svg = try #require(host.plots.first?.svg)
        func numbers(after marker: String, count: Int) throws -> [Double] {
            let start = try #require(svg.range(of: marker)).upperBound
            let fields = svg[start...].split(whereSeparator: { " \"=()".contains($0) || $0.isLetter })
            return try fields.prefix(count).map { try #require(Double($0)) }
        }
        // The plot area (its clip rectangle) and the grid's placement (n × n cells, n = 200).
        let area = try numbers(after: "<clipPath id=\"dnnplot-area\"><rect x=", count: 4)
        let place = try numbers(after: "<g transform=\"matrix(", count: 6)
        let n = 200.0
        #expect(abs(place[0] * n - area[2]) < 0.1, "regions' width \(place[0] * n) vs the area's \(area[2])")
        #expect(abs(-place[3] * n - area[3]) < 0.1, "regions' height \(-place[3] * n) vs the area's \(area[3])")
        #expect(abs(place[4] - area[0]) < 0.1 && abs(place[5] - (area[1] + area[3])) < 0.1)
    }

    /// `labels:` names the curves of a plot of several runs; without it they are numbered.
    @Test func severalRunsCarryTheirLabels() {
        let script = Self.circlesAndNet + """
            let a = model(net, init: zeros)
            let b = model(net, init: he)
            let runs = [train a on train { lr: 0.01, iterations: 20 }, train b on train { lr: 0.5, iterations: 20 }]
            """
        let (host, code) = run(script + "\nplot runs { labels: [\"zeros & co\", \"he\"] }\nplot runs")
        #expect(code == .ok, "\(host.stderr)")
        #expect(host.plots.count == 2)
        #expect(host.plots[0].svg.contains(">zeros &amp; co<") && host.plots[0].svg.contains(">he<"))
        #expect(host.plots[1].svg.contains(">run 1 (lr 0.01)<") && host.plots[1].svg.contains(">run 2 (lr 0.5)<"))
        for (options, message) in [("labels: [\"one\"]", "'labels' has 1 label for 2 runs"),
                                   ("labels: [\"one\", 2]", "8:21: error: 'labels' must be a list of strings, got [\"one\", 2]"),
                                   ("labels: \"one\"", "8:21: error: 'labels' must be a list of strings, got \"one\"")] {
            let (bad, badCode) = run(script + "\nplot runs { \(options) }")
            #expect(badCode == .software)
            #expect(bad.stderr.contains(message), "\(bad.stderr)")
        }
        let (onData, dataCode) = run(script + "\nplot train { labels: [\"x\"] }")
        #expect(dataCode == .software)
        #expect(onData.stderr.contains("'labels' names the curves of a plot of several runs; this plots a dataset"), "\(onData.stderr)")
    }

    @Test func badPlotOptionsAreErrors() {
        let (host, code) = run("plot [1, 2] { xlim: [2, 1] }")
        #expect(code == .software)
        #expect(host.stderr.contains("1:21: error: 'xlim' must be a list [low, high] with low < high, got [2, 1]"), "\(host.stderr)")
        let (host2, code2) = run("plot \"text\"")
        #expect(code2 == .software)
        #expect(host2.stderr.contains("cannot plot a string"))
    }

    @Test func noPlotsWritesNothing() {
        let host = CaptureHost()
        let code = ScriptSession(host: host, options: ScriptOptions(plotsEnabled: false)).run(source: "plot [1, 2]", file: "a.dnn")
        #expect(code == .ok)
        #expect(host.plots.isEmpty)
        #expect(host.stdout.isEmpty)
    }
}
