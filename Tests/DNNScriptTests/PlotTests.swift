import DNNPlot
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
        #expect(onData.stderr.contains("plot option 'labels' applies to plot [RUN, …], plot Y / plot X, Y, plot bars and plot contour; not to plot DATASET"),
                "\(onData.stderr)")
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

    // MARK: plot X, Y; hist; bars; heatmaps

    /// The texts of the SVG's `<text>` elements, in order.
    static func texts(_ svg: String) -> [String] {
        svg.components(separatedBy: "<text").dropFirst().compactMap { part in
            guard let start = part.firstIndex(of: ">"), let end = part.range(of: "</text>") else { return nil }
            return String(part[part.index(after: start)..<end.lowerBound])
        }
    }

    /// How often `needle` occurs in `svg`.
    static func count(_ needle: String, in svg: String) -> Int {
        svg.components(separatedBy: needle).count - 1
    }

    /// Y against X: one polyline per series, a colour each, the legend's names, the axis
    /// labels given, and decade ticks 10⁻³ … 10⁰ on a log x axis.
    @Test func severalSeriesAgainstXOnALogAxis() throws {
        let (host, code) = run("""
            let lambdas = [0.001, 0.01, 0.1, 1]
            let train_acc = [0.9, 0.92, 0.95, 0.8]
            let dev_acc = [0.85, 0.88, 0.91, 0.78]
            plot lambdas, [train_acc, dev_acc] { labels: ["train", "dev"], xlabel: "λ", ylabel: "accuracy", log_x: true }
            """)
        #expect(code == .ok, "\(host.stderr)")
        let svg = try #require(host.plots.first?.svg)
        let texts = Self.texts(svg)
        for label in ["λ", "accuracy", "train", "dev", "10⁻³", "10⁻²", "10⁻¹", "10⁰"] {
            #expect(texts.contains(label), "no text '\(label)' in \(texts)")
        }
        #expect(svg.contains("stroke=\"#1f77b4\"") && svg.contains("stroke=\"#ff7f0e\""), "two series in two colours")
        // Without log_x the same x values are ticked linearly.
        let (linear, _) = run("plot [0.001, 0.01, 0.1, 1], [1, 2, 3, 4]")
        #expect(!Self.texts(try #require(linear.plots.first?.svg)).contains("10⁻²"))
    }

    /// `plot hist V { bins: N }` draws N bars (here every bin holds a value) over the entries of a matrix.
    @Test func histogramHasTheBinsAsked() throws {
        let (host, code) = run("""
            let W = reshape(matrix(list(range(0, 120))), 10, 12)
            plot hist W { bins: 12 }
            plot hist W { bins: 30 }
            """)
        #expect(code == .ok, "\(host.stderr)")
        #expect(host.plots.count == 2)
        let bars12 = Self.count("fill-opacity=\"0.6\"", in: host.plots[0].svg)
        let bars30 = Self.count("fill-opacity=\"0.6\"", in: host.plots[1].svg)
        #expect(bars30 > bars12 && bars30 - bars12 == 18, "12 bins gave \(bars12) bars, 30 gave \(bars30)")
        #expect(Self.texts(host.plots[0].svg).contains("count") && Self.texts(host.plots[0].svg).contains("W"))
    }

    /// `plot bars` draws a bar per value, named by `labels` or by a record's fields.
    @Test func barsAreNamed() throws {
        let (host, code) = run("""
            plot bars [3, 1, 2, 5] { labels: ["layer 1", "layer 2", "layer 3", "layer 4"], ylabel: "norm" }
            let g = {dW1: 1e-9, db1: 2e-9, dW2: 0.3}
            plot bars g { log: true }
            """)
        #expect(code == .ok, "\(host.stderr)")
        let first = Self.texts(host.plots[0].svg)
        #expect(["layer 1", "layer 2", "layer 3", "layer 4", "norm"].allSatisfy(first.contains), "\(first)")
        let second = Self.texts(host.plots[1].svg)
        #expect(["dW1", "db1", "dW2"].allSatisfy(second.contains), "\(second)")
        #expect(second.contains { $0.hasPrefix("10⁻") }, "a log axis: \(second)")
    }

    /// A matrix is a heatmap with a colour bar labelled in its values (not 0…1), and a huge
    /// matrix is averaged into at most 200 × 200 cells.
    @Test func matrixIsAHeatmapWithAValueColourBar() throws {
        let (host, code) = run("""
            let m = reshape(matrix(list(range(0, 12))), 3, 4) * 10 - 40
            plot m
            plot zeros(1000, 10)
            """)
        #expect(code == .ok, "\(host.stderr)")
        let svg = host.plots[0].svg
        let texts = Self.texts(svg)
        #expect(texts.contains("m (3×4)") && texts.contains("column") && texts.contains("row"), "\(texts)")
        #expect(texts.contains("−40") && texts.contains("60"), "colour bar in the matrix's values: \(texts)")
        #expect(!texts.contains("0.5") && !texts.contains("1.5") && texts.contains("2"), "rows and columns ticked at whole numbers: \(texts)")
        #expect(Self.texts(host.plots[1].svg).contains("matrix (1000×10, means of 5×1 blocks)"), "\(Self.texts(host.plots[1].svg))")
    }

    /// A run with a dev set: train and dev in two colours; early stopping's best iteration is marked.
    @Test func runPlotsTrainAndDevInTwoColoursAndMarkTheBestIteration() throws {
        let (host, code) = run("""
            seed 1
            dataset all = moons(100, noise: 0.3)
            let parts = split(all, ratios: [0.5, 0.5])
            network net { dense 5 relu; dense 1 sigmoid }
            let run = train model(net, init: he) on parts[0] { lr: 0.5, iterations: 300, dev: parts[1], regularizer: early_stopping(patience: 2) }
            print run.best_iteration
            plot run
            """)
        #expect(code == .ok, "\(host.stderr)")
        let best = host.stdout.split(separator: "\n").first.map(String.init) ?? ""
        let svg = try #require(host.plots.first?.svg)
        #expect(svg.contains("stroke=\"#1f77b4\""), "train in blue")
        #expect(svg.contains("stroke=\"#ff7f0e\""), "dev in orange, not only dashed")
        #expect(Self.texts(svg).contains("best iteration \(best)"), "\(Self.texts(svg))")
    }

    /// Every kind draws in the terminal too (the REPL's inline plots), and errors never reach
    /// the renderer: the figure handed over renders at the widths a terminal has.
    @Test func everyKindRendersInTheTerminal() throws {
        final class InlineHost: InlinePlotHost {
            let capture = CaptureHost()
            var figures: [Figure] = []
            func write(_ text: String, to stream: OutputStreamKind) throws { try capture.write(text, to: stream) }
            func isInterrupted() -> Bool { false }
            func savePlot(svg: String, name: String) throws -> String { try capture.savePlot(svg: svg, name: name) }
            func showInline(_ figure: Figure) { figures.append(figure) }
        }
        let host = InlineHost()
        let code = ScriptSession(host: host, options: ScriptOptions(plotsEnabled: true)).run(source: Self.circlesAndNet + """
            let m = model(net, init: he)
            let run = train m on train { lr: 0.1, iterations: 50, dev: train }
            plot train
            plot run { log: true }
            plot [run, run]
            plot [1, 2, 3]
            plot [0.01, 0.1, 1], [[1, 2, 3], [2, 3, 1]] { log_x: true, labels: ["a", "b"] }
            plot hist m.W1 { bins: 5 }
            plot bars [1, 2, 3] { labels: ["a", "b", "c"] }
            plot m.W1 { title: "W1" }
            plot boundary m on train
            """, file: "lab.dnn")
        #expect(code == .ok, "\(host.capture.stderr)")
        #expect(host.figures.count == 9)
        for figure in host.figures {
            for mode in [ColorMode.none, .truecolor] {
                let out = try TerminalRenderer(width: 60, height: 16, mode: mode).render(figure)
                #expect(out.lines.count >= 16, "\(figure.title)")
            }
        }
        let heat = try TerminalRenderer(width: 60, height: 16, mode: .none).render(host.figures[7]).lines.joined(separator: "\n")
        #expect(heat.contains("W1") && heat.contains("["), "the heatmap's value strip: \(heat)")
    }
}
