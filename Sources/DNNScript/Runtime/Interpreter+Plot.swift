import DNNCore
import DNNPlot
import Foundation

extension Interpreter {
    /// Cells per side of a decision-boundary grid.
    static let boundaryResolution = 200
    /// Most points of a cost curve drawn (longer runs are thinned evenly).
    static let maxCurvePoints = 2000

    /// The tab10 colours of run k's train and dev curves: blue/orange, green/red, … (grey,
    /// the best-iteration line's, comes last).
    static let trainDevColors = [(0, 1), (2, 3), (4, 5), (6, 9), (8, 7)]

    /// Cells per side of a matrix's heatmap at most (a bigger matrix is averaged in blocks).
    static let maxHeatmapCells = 200

    /// `plot X { options }`, `plot X, Y`, `plot hist V`, `plot bars V`, `plot boundary M on D`,
    /// `plot contour F`: builds a figure, checks that it can be drawn (so a bad plot fails the
    /// same way with plots off), writes it as SVG into the plots directory and prints the path.
    func plot(_ subject: PlotSubject, options optionsExpr: Expr?, at: SourceLocation, in env: Environment) throws {
        let given = try options(optionsExpr, for: .plot, at: at, in: env)
        var figure: Figure
        switch subject {
        case .value(let expr):
            let value = try evaluate(expr, in: env)
            let kind = try plotKind(of: value, at: expr.location)
            try checkOptions(given, apply: kind)
            figure = try self.figure(for: value, kind: kind, name: expr.sourceName, given: given, at: expr.location)
        case .contour(let functionExpr):
            try checkOptions(given, apply: .contour)
            figure = try contourFigure(try evaluate(functionExpr, in: env), at: functionExpr.location, given: given)
        case .xy(let xExpr, let yExpr):
            try checkOptions(given, apply: .line)
            let x = try evaluate(xExpr, in: env), y = try evaluate(yExpr, in: env)
            figure = try xyFigure(x: x, at: xExpr.location, y: y, at: yExpr.location, xName: xExpr.sourceName,
                                  yName: yExpr.sourceName, given: given)
        case .hist(let expr):
            try checkOptions(given, apply: .hist)
            let values = try numbers(try evaluate(expr, in: env), at: expr.location, for: "plot hist")
            try finite(values, at: expr.location, for: "plot hist")
            let bins = given.int("bins") ?? 20
            let name = shown(expr.sourceName, or: "")
            figure = Figure(title: name.isEmpty ? "histogram" : "histogram of \(name)", x: Axis(label: name), y: Axis(label: "count"),
                            series: [.histogram(values: values, bins: bins)], legend: .none)
        case .bars(let expr):
            try checkOptions(given, apply: .bars)
            figure = try barsFigure(try evaluate(expr, in: env), at: expr.location, name: expr.sourceName, given: given)
        case .boundary(let modelExpr, let dataExpr):
            try checkOptions(given, apply: .boundary)
            let model = try self.model(try evaluate(modelExpr, in: env), at: modelExpr.location)
            let data = try dataset(try evaluate(dataExpr, in: env), at: dataExpr.location)
            figure = try boundaryFigure(model, data, xlim: limits(given.value("xlim")), ylim: limits(given.value("ylim")), at: at)
        }
        if let title = given.string("title") { figure.title = title }
        if let limits = limits(given.value("xlim")) { figure.x.limits = limits }
        if let limits = limits(given.value("ylim")) { figure.y.limits = limits }
        if given.bool("log") { figure.y.scale = .log }
        if given.bool("log_x") { figure.x.scale = .log }
        if let label = given.string("xlabel") { figure.x.label = label }
        if let label = given.string("ylabel") { figure.y.label = label }
        figure.width = given.int("width") ?? figure.width
        figure.height = given.int("height") ?? figure.height
        try checkLogScales(figure, given: given)
        var name: String?
        if let n = given.string("name") {
            guard !n.isEmpty, !n.contains("/"), !n.hasPrefix(".") else {
                throw error("plot name must be a plain file name, got \"\(n)\"", at: given.location("name"))
            }
            name = n.hasSuffix(".svg") ? n : n + ".svg"
        }
        let svg: String
        do { svg = try SVGRenderer().render(figure).svg } catch let e as PlotError {
            throw error("cannot plot: \(e.description)", at: at)
        }
        guard options.plotsEnabled else { return }
        plotCounter += 1
        let file = name ?? "\(scriptStem)-\(plotCounter).svg"
        let path: String
        do { path = try host.savePlot(svg: svg, name: file) } catch {
            throw self.error("cannot write plot '\(file)': \(Interpreter.reason(error))", at: at)
        }
        (host as? InlinePlotHost)?.showInline(figure)
        try inform("plot: \(path)\n")
    }

    /// What `plot X` draws for a value, or a located error naming what can be plotted.
    private func plotKind(of value: Value, at: SourceLocation) throws -> PlotKind {
        switch value {
        case .object(let o as DatasetObject):
            guard o.dataset.featureCount >= 2 else {
                throw error("plotting a dataset needs 2 features, \(o.dataset.name) has \(o.dataset.featureCount)", at: at)
            }
            return .dataset
        case .object(_ as RunObject): return .run
        case .list(let items) where items.isEmpty:
            throw error("nothing to plot: the list is empty", at: at)
        case .list(let items) where items.allSatisfy({ if case .object(let o) = $0 { return o is RunObject } else { return false } }):
            return .runs
        case .list(let items):
            if let other = items.first(where: { $0.number == nil }) {
                throw error("plot needs numbers, a dataset or a run; the list holds \(withArticle(other.typeName))", at: at,
                            notes: ["several series: plot X, [Y1, Y2] { labels: [\"a\", \"b\"] }"])
            }
            return .line
        case .matrix(let m) where m.rows == 1 || m.cols == 1: return .line
        case .matrix: return .heatmap
        default:
            throw error("cannot plot \(withArticle(value.typeName))", at: at,
                        notes: ["plot a dataset, a run, a list of runs, numbers or a matrix; plot X, Y; plot hist V; plot bars V; plot boundary MODEL on DATA; plot contour F"])
        }
    }

    /// Every given option must mean something on this kind of plot (the option table says where).
    private func checkOptions(_ given: GivenOptions, apply kind: PlotKind) throws {
        for name in given.table.names where given.given(name) {
            if let message = given.table.notApplying(name, to: kind) { throw error(message, at: given.keyLocation(name)) }
        }
    }

    /// A plot of numbers needs at least one finite one.
    private func finite(_ values: [Double], at: SourceLocation, for what: String) throws {
        guard values.contains(where: \.isFinite) else {
            throw error("\(what): \(values.count == 1 ? "the value is" : "all \(values.count) values are") nan or inf", at: at)
        }
    }

    /// A log axis needs some value above 0 to draw (the rest are left out, as matplotlib does).
    private func checkLogScales(_ figure: Figure, given: GivenOptions) throws {
        func positive(_ values: [Double]) -> Bool { values.contains { $0.isFinite && $0 > 0 } }
        func check(_ option: String, _ axis: Axis, _ x: Bool, _ name: String) throws {
            guard axis.scale == .log else { return }
            if let limits = axis.limits, limits.upperBound > 0 { return }
            for series in figure.series {
                switch series {
                case .line(let xs, let ys, _, _, _): if positive(x ? xs : ys) { return }
                case .scatter(let xs, let ys, _, _): if positive(x ? xs : ys) { return }
                case .histogram(let values, _, _, _): if !x || positive(values) { return }
                case .bars(_, let values, _, _): if !x && positive(values) { return }
                case .regions: break
                }
            }
            throw error("\(option): true needs some \(name) above 0 to draw; every one is ≤ 0 (or nan)", at: given.location(option))
        }
        try check("log_x", figure.x, true, "x")
        try check("log", figure.y, false, "value")
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

    /// The `labels:` option as strings, one per thing named (`what`: "run", "series", "bar"), or nil.
    private func names(_ given: GivenOptions, count: Int, of what: String) throws -> [String]? {
        guard case .list(let items)? = given.value("labels") else { return nil }
        let labels = items.map { item -> String in
            if case .string(let s) = item { return s }
            return item.display
        }
        guard labels.count == count else {
            let plural = what == "series" || count == 1 ? what : what + "s"
            throw error("plot option 'labels' has \(labels.count) label\(labels.count == 1 ? "" : "s") for \(count) \(plural)",
                        at: given.location("labels"))
        }
        return labels
    }

    /// The figure of `plot X` for a value of a kind: a dataset (scatter), a run or list of
    /// runs (cost curves, named by `labels`), numbers (a line against the index) or a matrix
    /// (a heatmap).
    private func figure(for value: Value, kind: PlotKind, name: String, given: GivenOptions, at: SourceLocation) throws -> Figure {
        switch (kind, value) {
        case (.dataset, .object(let o as DatasetObject)):
            let d = o.dataset
            let labels = d.Y.values.map { $0.isFinite && abs($0) < 1e6 ? Int($0.rounded()) : 0 }
            return Figure(title: d.name, x: Axis(label: "x1"), y: Axis(label: "x2"),
                          series: [.scatter(x: row(d.X, 0), y: row(d.X, 1), labels: labels, classNames: d.classNames)])
        case (.run, .object(let o as RunObject)):
            if o.usedDropout {
                try warn("this run used dropout, so its cost J is not well defined; check that the cost falls with keep_prob = 1 first, then turn dropout on", at: at)
            }
            let series = curves(o, label: "")
            return Figure(title: "Learning rate = \(PythonFormat.repr(o.learningRate))", x: Axis(label: "iterations"),
                          y: Axis(label: o.plotsLosses ? "loss" : "cost"), series: series, legend: series.count > 1 ? .best : .none)
        case (.runs, .list(let items)):
            let labels = try names(given, count: items.count, of: "run")
            var series: [Series] = []
            var drawn = Set<Bool>()     // whether each run's train curve is its loss (not J)
            for (i, item) in items.enumerated() {
                guard case .object(let o as RunObject) = item else { continue }
                drawn.insert(o.plotsLosses)
                series += curves(o, label: labels?[i] ?? "run \(i + 1) (lr \(PythonFormat.repr(o.learningRate)))", index: i)
            }
            // Like with like: the axis says what the curves are; a mix is spelled out in the legend.
            let what = drawn.count > 1 ? "cost or loss" : drawn.contains(true) ? "loss" : "cost"
            return Figure(title: what, x: Axis(label: "iterations"), y: Axis(label: what), series: series)
        case (.heatmap, .matrix(let m)):
            return try heatmap(m, name: name, at: at)
        default:
            let ys = try numbers(value, at: at, for: "plot")
            try finite(ys, at: at, for: "plot")
            let label = try names(given, count: 1, of: "series")?.first ?? ""
            let line = Interpreter.thinned(ys.indices.map(Double.init), ys)
            return Figure(x: Axis(label: "index"), y: Axis(label: shown(name, or: "")),
                          series: [.line(x: line.x, y: line.y, label: label)], legend: label.isEmpty ? .none : .best)
        }
    }

    private func row(_ m: Matrix, _ r: Int) -> [Double] {
        Array(m.values[(r * m.cols)..<((r + 1) * m.cols)])
    }

    /// A run's training curve and, with a dev set, its dev curve in a colour of its own
    /// (dashed too, for print and colour-blind readers). The dev cost has no penalty, so
    /// beside it the training curve is the loss without the penalty too (the course's J,
    /// `costs`, is drawn when there is no dev curve); the legend says which. Early stopping's
    /// best iteration is a dashed grey vertical line over the curves' range.
    private func curves(_ run: RunObject, label: String, index: Int = 0) -> [Series] {
        let costs = run.plotsLosses ? run.history.losses : run.history.costs
        let step = max(1, costs.count / Interpreter.maxCurvePoints)
        let xs = stride(from: 0, to: costs.count, by: step).map(Double.init)
        var trainLabel = label.isEmpty ? (run.plotsLosses ? "train loss" : "train cost") : label
        if run.plotsLosses, let name = run.penaltyName { trainLabel += " (without the \(name) term)" }
        if run.usedDropout, !run.history.devCosts.isEmpty { trainLabel += " (dropout on)" }
        let hasDev = !run.history.devCosts.isEmpty
        let pair = Interpreter.trainDevColors[index % Interpreter.trainDevColors.count]
        let (train, dev) = (Palette.series(pair.0), Palette.series(pair.1))
        var series: [Series] = [.line(x: xs, y: xs.map { costs[Int($0)] }, label: trainLabel,
                                      color: hasDev ? train : Palette.series(index))]
        if hasDev {
            let devLabel = label.isEmpty ? (run.plotsLosses ? "dev loss" : "dev cost") : label + " dev"
            series.append(.line(x: run.history.devIterations.map(Double.init), y: run.history.devCosts,
                                label: devLabel, color: dev, dashed: true))
        }
        if let best = run.history.bestIteration {
            let shown = (costs + run.history.devCosts).filter { $0.isFinite && $0 > 0 }
            if let low = shown.min(), let high = shown.max() {
                series.append(.line(x: [Double(best), Double(best)], y: [low, high],
                                    label: (label.isEmpty ? "" : label + ": ") + "best iteration \(best)",
                                    color: RGB(hex: 0x555555), dashed: true))
            }
        }
        return series
    }

    /// Most points of a line drawn as they are; a longer line keeps, per bucket of
    /// consecutive points, the first, lowest, highest and last (its envelope stays).
    static let maxLinePoints = 20_000

    /// `xs`, `ys` thinned to about `maxLinePoints` points, keeping each bucket's extremes.
    static func thinned(_ xs: [Double], _ ys: [Double]) -> (x: [Double], y: [Double]) {
        guard xs.count > maxLinePoints, xs.count == ys.count else { return (xs, ys) }
        let buckets = maxLinePoints / 4
        let size = (xs.count + buckets - 1) / buckets
        var outX: [Double] = [], outY: [Double] = []
        outX.reserveCapacity(maxLinePoints)
        outY.reserveCapacity(maxLinePoints)
        var start = 0
        while start < xs.count {
            let end = min(start + size, xs.count)
            var low = start, high = start
            for i in start..<end where ys[i].isFinite {
                if !ys[low].isFinite || ys[i] < ys[low] { low = i }
                if !ys[high].isFinite || ys[i] > ys[high] { high = i }
            }
            for i in Set([start, low, high, end - 1]).sorted() {
                outX.append(xs[i])
                outY.append(ys[i])
            }
            start = end
        }
        return (outX, outY)
    }

    /// How a plot names its subject: the name or member written (`m.W1`), else `fallback`.
    private func shown(_ sourceName: String, or fallback: String) -> String {
        sourceName == "…" ? fallback : sourceName
    }

    /// The numbers of a list, vector or matrix (every entry), for a histogram, bars or a line;
    /// a located error for anything else or an empty list.
    private func numbers(_ value: Value, at: SourceLocation, for what: String) throws -> [Double] {
        switch value {
        case .matrix(let m):
            guard !m.values.isEmpty else { throw error("\(what): the matrix is empty", at: at) }
            return m.values
        case .list(let items):
            guard !items.isEmpty else { throw error("\(what): the list is empty", at: at) }
            return try items.map { item in
                guard let x = item.number else { throw error("\(what) needs numbers; the list holds \(withArticle(item.typeName))", at: at) }
                return x
            }
        default: throw error("\(what) needs numbers (a list or a matrix), not a \(value.typeName)", at: at)
        }
    }

    /// `plot X, Y`: Y against X, or several series against X — a list of lists, or a
    /// matrix with a row per series (`[train_acc, dev_acc]` is a 2×n matrix) — named by `labels`.
    private func xyFigure(x: Value, at xAt: SourceLocation, y: Value, at yAt: SourceLocation,
                          xName: String, yName: String, given: GivenOptions) throws -> Figure {
        let xs = try numbers(x, at: xAt, for: "plot X, Y")
        try finite(xs, at: xAt, for: "plot X, Y")
        var ys: [[Double]]
        switch y {
        case .list(let items) where items.contains(where: { $0.number == nil }):
            ys = try items.map { try numbers($0, at: yAt, for: "plot X, Y") }
        case .matrix(let m) where m.rows > 1 && m.cols > 1:
            // A row per series; a column per series when only the columns match X (numpy's layout).
            if m.cols != xs.count && m.rows == xs.count {
                ys = (0..<m.cols).map { c in (0..<m.rows).map { m.values[$0 * m.cols + c] } }
            } else {
                ys = (0..<m.rows).map { row(m, $0) }
            }
        default:
            ys = [try numbers(y, at: yAt, for: "plot X, Y")]
        }
        for (i, series) in ys.enumerated() where series.count != xs.count {
            let which = ys.count == 1 ? "Y has" : "series \(i + 1) of Y has"
            throw error("plot X, Y: X has \(xs.count) value\(xs.count == 1 ? "" : "s"), \(which) \(series.count)", at: yAt,
                        notes: ["X and each series of Y need one value per point"])
        }
        for series in ys { try finite(series, at: yAt, for: "plot X, Y") }
        let labels = try names(given, count: ys.count, of: "series")
        let series = ys.enumerated().map { i, values in
            let line = Interpreter.thinned(xs, values)
            return Series.line(x: line.x, y: line.y, label: labels?[i] ?? (ys.count > 1 ? "series \(i + 1)" : ""), color: Palette.series(i))
        }
        return Figure(x: Axis(label: shown(xName, or: "x")), y: Axis(label: ys.count == 1 ? shown(yName, or: "y") : ""),
                      series: series, legend: ys.count > 1 || labels != nil ? .best : .none)
    }

    /// `plot bars V`: a bar per number (named by `labels`, else 0, 1, …) or per field of a
    /// record (a gradient check's `differences`: dW1, db1, …).
    private func barsFigure(_ value: Value, at: SourceLocation, name: String, given: GivenOptions) throws -> Figure {
        var names: [String]
        var values: [Double]
        if case .record(let record) = value {
            guard !record.keys.isEmpty else { throw error("plot bars: the record is empty", at: at) }
            names = record.keys
            values = try record.keys.map { key in
                guard let x = record[key]?.number else {
                    throw error("plot bars: field '\(key)' is \(withArticle(record[key]?.typeName ?? "none")), not a number", at: at)
                }
                return x
            }
        } else {
            values = try numbers(value, at: at, for: "plot bars")
            names = values.indices.map(String.init)
        }
        try finite(values, at: at, for: "plot bars")
        if let labels = try self.names(given, count: values.count, of: "bar") { names = labels }
        return Figure(title: shown(name, or: ""), y: Axis(label: "value"), series: [.bars(labels: names, values: values)], legend: .none)
    }

    /// A matrix as a heatmap, like matplotlib's `pcolormesh`: row 0 at the bottom as the axis
    /// counts, one cell per entry
    /// (a matrix with more than `maxHeatmapCells` rows or columns is averaged in blocks),
    /// viridis from the smallest entry (dark) to the largest (yellow) with a colour bar of the
    /// values; nan and inf cells are left blank.
    private func heatmap(_ m: Matrix, name: String, at: SourceLocation) throws -> Figure {
        var low = Double.infinity, high = -Double.infinity
        for v in m.values where v.isFinite {
            low = min(low, v)
            high = max(high, v)
        }
        guard low <= high else {
            throw error("plot: the \(m.rows)×\(m.cols) matrix has no finite entries (all nan or inf)", at: at)
        }
        let span = high > low ? high - low : 1
        let limit = Interpreter.maxHeatmapCells
        let rowStep = (m.rows + limit - 1) / limit, colStep = (m.cols + limit - 1) / limit
        let rows = (m.rows + rowStep - 1) / rowStep, cols = (m.cols + colStep - 1) / colStep
        var cells = [Double](repeating: .nan, count: rows * cols)
        for r in 0..<rows {
            try checkInterrupt()
            for c in 0..<cols {
                var sum = 0.0, count = 0
                for i in (r * rowStep)..<min((r + 1) * rowStep, m.rows) {
                    for j in (c * colStep)..<min((c + 1) * colStep, m.cols) {
                        let v = m.values[i * m.cols + j]
                        if v.isFinite { sum += v; count += 1 }
                    }
                }
                if count > 0 { cells[r * cols + c] = high > low ? (sum / Double(count) - low) / span : 0.5 }
            }
        }
        let grid = try engine(at: at) {
            try Grid(rows: rows, cols: cols, values: cells, xExtent: -0.5...(Double(m.cols) - 0.5),
                     yExtent: -0.5...(Double(m.rows) - 0.5))
        }
        let averaged = rowStep > 1 || colStep > 1 ? ", means of \(rowStep)×\(colStep) blocks" : ""
        var figure = Figure(title: "\(shown(name, or: "matrix")) (\(m.rows)×\(m.cols)\(averaged))",
                            x: Axis(label: "column", limits: grid.xExtent, integerTicks: true),
                            y: Axis(label: "row", limits: grid.yExtent, integerTicks: true),
                            series: [.regions(grid, kind: .probability(levels: 32))], legend: .none)
        figure.colorbarRange = high > low ? low...high : (low - 0.5)...(high + 0.5)
        return figure
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
