import DNNCore
import DNNPlot
import Foundation

extension Interpreter {
    /// Cells per side of a decision-boundary grid.
    static let boundaryResolution = 200
    /// Most points of a cost curve drawn (longer runs are thinned evenly).
    static let maxCurvePoints = 2000

    /// `plot X { options }` and `plot boundary M on D { options }`: builds a figure, writes it
    /// as SVG into the plots directory and prints the path.
    func plot(_ subject: PlotSubject, options optionsExpr: Expr?, at: SourceLocation, in env: Environment) throws {
        let given = try options(optionsExpr, for: .plot, at: at, in: env)
        var figure: Figure
        switch subject {
        case .value(let expr):
            if given.given("paths") { throw error("'paths' goes with plot contour F", at: given.location("paths")) }
            let value = try evaluate(expr, in: env)
            let labels = try curveLabels(given.value("labels"), for: value, at: given.location("labels"))
            figure = try self.figure(for: value, labels: labels, at: expr.location)
        case .contour(let functionExpr):
            figure = try contourFigure(try evaluate(functionExpr, in: env), at: functionExpr.location, given: given)
        case .boundary(let modelExpr, let dataExpr):
            if given.given("labels") {
                throw error("'labels' names the curves of a plot of several runs", at: given.location("labels"))
            }
            if given.given("paths") { throw error("'paths' goes with plot contour F", at: given.location("paths")) }
            let model = try self.model(try evaluate(modelExpr, in: env), at: modelExpr.location)
            let data = try dataset(try evaluate(dataExpr, in: env), at: dataExpr.location)
            figure = try boundaryFigure(model, data, xlim: limits(given.value("xlim")), ylim: limits(given.value("ylim")), at: at)
        }
        if let title = given.string("title") { figure.title = title }
        if let limits = limits(given.value("xlim")) { figure.x.limits = limits }
        if let limits = limits(given.value("ylim")) { figure.y.limits = limits }
        figure.y.scale = given.bool("log") ? .log : .linear
        figure.width = given.int("width") ?? figure.width
        figure.height = given.int("height") ?? figure.height
        var name: String?
        if let n = given.string("name") {
            guard !n.isEmpty, !n.contains("/"), !n.hasPrefix(".") else {
                throw error("plot name must be a plain file name, got \"\(n)\"", at: given.location("name"))
            }
            name = n.hasSuffix(".svg") ? n : n + ".svg"
        }
        guard options.plotsEnabled else { return }
        plotCounter += 1
        let svg: String
        do { svg = try SVGRenderer().render(figure).svg } catch let e as PlotError {
            throw error("cannot plot: \(e.description)", at: at)
        }
        let file = name ?? "\(scriptStem)-\(plotCounter).svg"
        let path: String
        do { path = try host.savePlot(svg: svg, name: file) } catch {
            throw self.error("cannot write plot '\(file)': \(Interpreter.reason(error))", at: at)
        }
        (host as? InlinePlotHost)?.showInline(figure)
        try inform("plot: \(path)\n")
    }

    var scriptStem: String {
        let base = URL(fileURLWithPath: fileName).deletingPathExtension().lastPathComponent
        return base.hasPrefix("<") ? String(base.filter { $0 != "<" && $0 != ">" }) : base
    }

    /// An axis-limits option, already checked to be `[low, high]` with low < high.
    private func limits(_ value: Value?) -> ClosedRange<Double>? {
        guard case .list(let items)? = value, items.count == 2, let lo = items[0].number, let hi = items[1].number, lo < hi else {
            return nil
        }
        return lo...hi
    }

    /// The `labels:` option: one string per run of a list of runs, for the legend.
    private func curveLabels(_ option: Value?, for value: Value, at: SourceLocation) throws -> [String]? {
        guard case .list(let items)? = option else { return nil }
        guard case .list(let runs) = value, !runs.isEmpty,
              runs.allSatisfy({ if case .object(let o) = $0 { return o is RunObject } else { return false } }) else {
            throw error("'labels' names the curves of a plot of several runs; this plots \(withArticle(value.typeName))", at: at)
        }
        let labels = items.compactMap { item -> String? in
            if case .string(let s) = item { return s }
            return nil
        }
        guard labels.count == runs.count else {
            throw error("plot option 'labels' has \(labels.count) label\(labels.count == 1 ? "" : "s") for \(runs.count) run\(runs.count == 1 ? "" : "s")", at: at)
        }
        return labels
    }

    /// The figure for a dataset (scatter), a run or list of runs (cost curves, named by
    /// `labels` when given), or numbers (a line).
    private func figure(for value: Value, labels: [String]? = nil, at: SourceLocation) throws -> Figure {
        switch value {
        case .object(let o as DatasetObject):
            let d = o.dataset
            guard d.featureCount >= 2 else { throw error("plotting a dataset needs 2 features, \(d.name) has \(d.featureCount)", at: at) }
            let labels = d.Y.values.map { $0.isFinite && abs($0) < 1e6 ? Int($0.rounded()) : 0 }
            return Figure(title: d.name, x: Axis(label: "x1"), y: Axis(label: "x2"),
                          series: [.scatter(x: row(d.X, 0), y: row(d.X, 1), labels: labels, classNames: d.classNames)])
        case .object(let o as RunObject):
            if o.usedDropout {
                try warn("this run used dropout, so its cost J is not well defined; check that the cost falls with keep_prob = 1 first, then turn dropout on", at: at)
            }
            return Figure(title: "Learning rate = \(PythonFormat.repr(o.learningRate))", x: Axis(label: "iterations"),
                          y: Axis(label: o.plotsLosses ? "loss" : "cost"), series: curves(o, label: ""),
                          legend: o.history.devCosts.isEmpty ? .none : .best)
        case .list(let items) where items.allSatisfy({ if case .object(let o) = $0 { return o is RunObject } else { return false } }) && !items.isEmpty:
            var series: [Series] = []
            for (i, item) in items.enumerated() {
                guard case .object(let o as RunObject) = item else { continue }
                series += curves(o, label: labels?[i] ?? "run \(i + 1) (lr \(PythonFormat.repr(o.learningRate)))", index: i)
            }
            return Figure(title: "cost", x: Axis(label: "iterations"), y: Axis(label: "cost"), series: series)
        case .list(let items):
            let ys = try items.map { item -> Double in
                guard let x = item.number else { throw error("plot needs numbers, a dataset or a run; the list holds \(withArticle(item.typeName))", at: at) }
                return x
            }
            return Figure(x: Axis(label: "index"), series: [.line(x: ys.indices.map(Double.init), y: ys)], legend: .none)
        case .matrix(let m) where m.rows == 1 || m.cols == 1:
            return Figure(x: Axis(label: "index"), series: [.line(x: m.values.indices.map(Double.init), y: m.values)], legend: .none)
        default:
            throw error("cannot plot \(withArticle(value.typeName))", at: at,
                        notes: ["plot a dataset, a run, a list of runs, a list of numbers or a vector; plot boundary MODEL on DATA"])
        }
    }

    private func row(_ m: Matrix, _ r: Int) -> [Double] {
        Array(m.values[(r * m.cols)..<((r + 1) * m.cols)])
    }

    /// A run's training curve and, with a dev set, its dev curve. The dev cost has no
    /// penalty, so beside it the training curve is the loss without the penalty too (the
    /// course's J, `costs`, is drawn when there is no dev curve); the legend says which.
    private func curves(_ run: RunObject, label: String, index: Int = 0) -> [Series] {
        let costs = run.plotsLosses ? run.history.losses : run.history.costs
        let step = max(1, costs.count / Interpreter.maxCurvePoints)
        let xs = stride(from: 0, to: costs.count, by: step).map(Double.init)
        var trainLabel = label.isEmpty ? (run.plotsLosses ? "train loss" : "train cost") : label
        if run.plotsLosses, let name = run.penaltyName { trainLabel += " (without the \(name) term)" }
        if run.usedDropout, !run.history.devCosts.isEmpty { trainLabel += " (dropout on)" }
        var series: [Series] = [.line(x: xs, y: xs.map { costs[Int($0)] }, label: trainLabel, color: Palette.series(index))]
        if !run.history.devCosts.isEmpty {
            let devLabel = label.isEmpty ? (run.plotsLosses ? "dev loss" : "dev cost") : label + " dev"
            series.append(.line(x: run.history.devIterations.map(Double.init), y: run.history.devCosts,
                                label: devLabel, color: Palette.series(index), dashed: true))
        }
        return series
    }

    /// The course's `plot_decision_boundary`: predictions on a grid over the data (±1), the
    /// regions coloured by class, the points on top.
    private func boundaryFigure(_ model: ModelObject, _ d: Dataset, xlim: ClosedRange<Double>?, ylim: ClosedRange<Double>?,
                                at: SourceLocation) throws -> Figure {
        guard d.featureCount == 2 else { throw error("a decision boundary needs 2 features, \(d.name) has \(d.featureCount)", at: at) }
        let network = try built(model, inputs: 2, at: at)
        let xs = row(d.X, 0), ys = row(d.X, 1)
        guard d.count > 0 else { throw error("the dataset has no examples", at: at) }
        /// The grid spans the finite points ±1 (numpy's nanmin/nanmax: nan and inf are left out).
        func extent(_ values: [Double], _ axis: String) throws -> ClosedRange<Double> {
            let finite = values.filter(\.isFinite)
            guard let lo = finite.min(), let hi = finite.max() else {
                throw error("the dataset has no finite \(axis) values to span a grid", at: at, notes: ["give the axis limits: { \(axis)lim: [low, high] }"])
            }
            guard (hi + 1 - (lo - 1)).isFinite else {
                throw error("the dataset's \(axis) values span too wide a range to grid (\(PythonFormat.repr(lo)) to \(PythonFormat.repr(hi)))",
                            at: at, notes: ["give the axis limits: { \(axis)lim: [low, high] }"])
            }
            return (lo - 1)...(hi + 1)
        }
        let xr = try xlim ?? extent(xs, "x"), yr = try ylim ?? extent(ys, "y")
        let n = Interpreter.boundaryResolution
        var points = try engine(at: at) { try Matrix(rows: 2, cols: n * n) }
        for i in 0..<n {
            for j in 0..<n {
                points[0, i * n + j] = xr.lowerBound + (Double(j) + 0.5) * (xr.upperBound - xr.lowerBound) / Double(n)
                points[1, i * n + j] = yr.lowerBound + (Double(i) + 0.5) * (yr.upperBound - yr.lowerBound) / Double(n)
            }
        }
        let predictions = try engine(at: at) { try network.predict(points) }
        let grid = try engine(at: at) { try Grid(rows: n, cols: n, values: predictions.values, xExtent: xr, yExtent: yr) }
        let labels = d.Y.values.map { $0.isFinite && abs($0) < 1e6 ? Int($0.rounded()) : 0 }
        // The axes span the grid exactly, as matplotlib's contourf leaves them, so the
        // regions fill the plot.
        return Figure(title: "Decision boundary of \(model.name)", x: Axis(label: "x1", limits: xr),
                      y: Axis(label: "x2", limits: yr),
                      series: [.regions(grid, kind: .classes), .scatter(x: xs, y: ys, labels: labels, classNames: d.classNames)])
    }

    /// Cells per side of a contour grid (each cell calls the user's function once).
    static let contourResolution = 100

    /// `plot contour F { xlim:, ylim:, paths: [r, …], labels: […] }`: F([x, y]) on a grid,
    /// filled in bands of log(F − min) like matplotlib's `contourf`, with each path's first
    /// two coordinates drawn over it.
    private func contourFigure(_ function: Value, at: SourceLocation, given: GivenOptions) throws -> Figure {
        guard let xr = limits(given.value("xlim")), let yr = limits(given.value("ylim")) else {
            throw error("plot contour needs xlim and ylim: the square of parameters to draw", at: at)
        }
        var paths: [[Value]] = []
        if case .list(let items)? = given.value("paths") {
            for case .record(let r) in items { if case .list(let path)? = r["path"] { paths.append(path) } }
        }
        var labels = paths.indices.map { "path \($0 + 1)" }
        if case .list(let items)? = given.value("labels") {
            guard items.count == paths.count else {
                throw error("plot option 'labels' has \(items.count) label\(items.count == 1 ? "" : "s") for \(paths.count) path\(paths.count == 1 ? "" : "s")", at: given.location("labels"))
            }
            labels = items.map(\.display)
        }
        let n = Interpreter.contourResolution
        var values: [Double] = []
        values.reserveCapacity(n * n)
        for i in 0..<n {
            for j in 0..<n {
                try checkInterrupt()
                let x = xr.lowerBound + (Double(j) + 0.5) * (xr.upperBound - xr.lowerBound) / Double(n)
                let y = yr.lowerBound + (Double(i) + 0.5) * (yr.upperBound - yr.lowerBound) / Double(n)
                let result = try call(function, [CallArgument(label: nil, labelAt: nil, value: .list([.float(x), .float(y)]), at: at)],
                                      at: at, calleeAt: at)
                guard let z = result.number else {
                    throw error("plot contour: F([x, y]) must give a number, got \(withArticle(result.typeName))", at: at)
                }
                values.append(z)
            }
        }
        let finite = values.filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 1
        let span = log1p(1000.0)
        let shades = values.map { z -> Double in
            guard z.isFinite, high > low else { return 0 }
            return log1p((z - low) / (high - low) * 1000) / span
        }
        let grid = try engine(at: at) { try Grid(rows: n, cols: n, values: shades, xExtent: xr, yExtent: yr) }
        var series: [Series] = [.regions(grid, kind: .probability(levels: 12))]
        for (k, path) in paths.enumerated() {
            var xs: [Double] = [], ys: [Double] = []
            for point in path {
                let entries: [Double]
                switch point {
                case .matrix(let m): entries = m.values
                case .list(let items): entries = items.compactMap(\.number)
                default: entries = point.number.map { [$0] } ?? []
                }
                guard entries.count >= 2 else { throw error("plot contour: a path's points need two coordinates", at: given.location("paths")) }
                xs.append(entries[0])
                ys.append(entries[1])
            }
            series.append(.line(x: xs, y: ys, label: labels[k], color: Palette.series(k)))
        }
        return Figure(title: "contours", x: Axis(label: "θ1", limits: xr), y: Axis(label: "θ2", limits: yr), series: series,
                      legend: paths.isEmpty ? .none : .best)
    }
}
