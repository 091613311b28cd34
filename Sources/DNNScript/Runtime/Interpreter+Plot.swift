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
        let given = try options(optionsExpr, in: env)
        let optionsAt = optionsExpr?.location ?? at
        var figure: Figure
        switch subject {
        case .value(let expr):
            let value = try evaluate(expr, in: env)
            let labels = try curveLabels(given["labels"], for: value, subjectAt: expr.location, optionsAt: optionsAt)
            figure = try self.figure(for: value, labels: labels, at: expr.location)
        case .boundary(let modelExpr, let dataExpr):
            if given["labels"] != nil { throw error("'labels' names the curves of a plot of several runs", at: optionsAt) }
            let model = try self.model(try evaluate(modelExpr, in: env), at: modelExpr.location)
            let data = try dataset(try evaluate(dataExpr, in: env), at: dataExpr.location)
            let xlim = try limits(given["xlim"], at: optionsAt)
            let ylim = try limits(given["ylim"], at: optionsAt)
            figure = try boundaryFigure(model, data, xlim: xlim, ylim: ylim, at: at)
        }
        var name: String?
        for (key, value) in given.fields {
            switch (key, value) {
            case ("title", .string(let t)): figure.title = t
            case ("name", .string(let n)):
                guard !n.isEmpty, !n.contains("/"), !n.hasPrefix(".") else {
                    throw error("plot name must be a plain file name, got \"\(n)\"", at: optionsAt)
                }
                name = n.hasSuffix(".svg") ? n : n + ".svg"
            case ("labels", _): break  // used with the figure's curves above
            case ("xlim", _): figure.x.limits = try limits(value, at: optionsAt)
            case ("ylim", _): figure.y.limits = try limits(value, at: optionsAt)
            case ("log", .bool(let b)): figure.y.scale = b ? .log : .linear
            case ("width", .int(let w)), ("height", .int(let w)):
                guard w >= 100, w <= 4000 else { throw error("'\(key)' must be between 100 and 4000 pixels", at: optionsAt) }
                if key == "width" { figure.width = w } else { figure.height = w }
            default:
                let names = Checker.commandOptions["plot"] ?? []
                if names.contains(key) {
                    throw error("plot option '\(key)' has the wrong type (\(value.typeName))", at: optionsAt)
                }
                let note = Suggestions.closest(to: key, in: names).map { "did you mean '\($0)'?" }
                throw error("unknown plot option '\(key)'", at: optionsAt, notes: note.map { [$0] } ?? [])
            }
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

    private func limits(_ value: Value?, at: SourceLocation) throws -> ClosedRange<Double>? {
        guard let value else { return nil }
        guard case .list(let items) = value, items.count == 2, let lo = items[0].number, let hi = items[1].number,
              lo < hi, lo.isFinite, hi.isFinite else {
            throw error("axis limits must be a list [low, high] with low < high", at: at)
        }
        return lo...hi
    }

    /// The `labels:` option: one string per run of a list of runs, for the legend.
    private func curveLabels(_ option: Value?, for value: Value, subjectAt: SourceLocation, optionsAt: SourceLocation) throws -> [String]? {
        guard let option else { return nil }
        guard case .list(let runs) = value, !runs.isEmpty,
              runs.allSatisfy({ if case .object(let o) = $0 { return o is RunObject } else { return false } }) else {
            throw error("'labels' names the curves of a plot of several runs; this plots a \(value.typeName)", at: optionsAt)
        }
        guard case .list(let items) = option else {
            throw error("plot option 'labels' must be a list of strings, one per run", at: optionsAt)
        }
        let labels = try items.enumerated().map { (i, item) -> String in
            guard case .string(let s) = item else {
                let type = item.typeName, article = "aeiou".contains(type.prefix(1)) ? "an" : "a"
                throw error("plot option 'labels' must be a list of strings, one per run (item \(i + 1) is \(article) \(type))", at: optionsAt)
            }
            return s
        }
        guard labels.count == runs.count else {
            throw error("plot option 'labels' has \(labels.count) label\(labels.count == 1 ? "" : "s") for \(runs.count) run\(runs.count == 1 ? "" : "s")", at: optionsAt)
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
                          y: Axis(label: "cost"), series: curves(o, label: ""), legend: o.history.devCosts.isEmpty ? .none : .best)
        case .list(let items) where items.allSatisfy({ if case .object(let o) = $0 { return o is RunObject } else { return false } }) && !items.isEmpty:
            var series: [Series] = []
            for (i, item) in items.enumerated() {
                guard case .object(let o as RunObject) = item else { continue }
                series += curves(o, label: labels?[i] ?? "run \(i + 1) (lr \(PythonFormat.repr(o.learningRate)))", index: i)
            }
            return Figure(title: "cost", x: Axis(label: "iterations"), y: Axis(label: "cost"), series: series)
        case .list(let items):
            let ys = try items.map { item -> Double in
                guard let x = item.number else { throw error("plot needs numbers, a dataset or a run; the list holds a \(item.typeName)", at: at) }
                return x
            }
            return Figure(x: Axis(label: "index"), series: [.line(x: ys.indices.map(Double.init), y: ys)], legend: .none)
        case .matrix(let m) where m.rows == 1 || m.cols == 1:
            return Figure(x: Axis(label: "index"), series: [.line(x: m.values.indices.map(Double.init), y: m.values)], legend: .none)
        default:
            throw error("cannot plot a \(value.typeName)", at: at,
                        notes: ["plot a dataset, a run, a list of runs, a list of numbers or a vector; plot boundary MODEL on DATA"])
        }
    }

    private func row(_ m: Matrix, _ r: Int) -> [Double] {
        Array(m.values[(r * m.cols)..<((r + 1) * m.cols)])
    }

    private func curves(_ run: RunObject, label: String, index: Int = 0) -> [Series] {
        let costs = run.history.costs
        let step = max(1, costs.count / Interpreter.maxCurvePoints)
        let xs = stride(from: 0, to: costs.count, by: step).map(Double.init)
        var series: [Series] = [.line(x: xs, y: xs.map { costs[Int($0)] }, label: label.isEmpty ? "train cost" : label,
                                      color: Palette.series(index))]
        if !run.history.devCosts.isEmpty {
            series.append(.line(x: run.history.devIterations.map(Double.init), y: run.history.devCosts,
                                label: label.isEmpty ? "dev cost" : label + " dev", color: Palette.series(index), dashed: true))
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
}
