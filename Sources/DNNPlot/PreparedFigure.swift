import Foundation

/// A point in data coordinates.
struct DataPoint: Equatable {
    var x: Double
    var y: Double
}

/// A legend entry: what it looks like and what it says.
struct LegendEntry: Equatable {
    enum Mark: Equatable { case line(dashed: Bool), marker(classIndex: Int), patch }
    var label: String
    var color: RGB
    var mark: Mark
}

/// A bar in data coordinates (histogram bin or category).
struct Bar: Equatable {
    var x0: Double
    var x1: Double
    var value: Double
    var color: RGB
    /// Histograms are drawn see-through so that several can overlap.
    var translucent = false
}

/// A series after validation: non-finite values removed and counted, colours resolved.
enum PreparedSeries {
    case line(segments: [[DataPoint]], color: RGB, dashed: Bool)
    case scatter(points: [DataPoint], labels: [Int], classCount: Int)
    case regions(Grid, kind: RegionKind, classCount: Int)
    case bars([Bar])
}

/// A figure checked and reduced to what both renderers draw: cleaned series, axis limits,
/// legend entries, the count of skipped values.
struct PreparedFigure {
    var figure: Figure
    var series: [PreparedSeries]
    var xLimits: ClosedRange<Double>
    var yLimits: ClosedRange<Double>
    var legend: [LegendEntry]
    /// Category names when the x axis is categorical (bar charts).
    var categories: [String]
    var skippedPoints: Int

    /// Validates `figure` and prepares it for drawing.
    /// - Throws: `PlotError` for empty data, mismatched sizes or bad parameters.
    init(_ figure: Figure) throws {
        self.figure = figure
        guard !figure.series.isEmpty else {
            throw PlotError.emptyData("the figure has no series")
        }
        guard (50...20_000).contains(figure.width), (50...20_000).contains(figure.height) else {
            throw PlotError.badParameter("figure size \(figure.width)×\(figure.height) must be 50…20000 pixels")
        }
        try Self.checkLimits(figure.x, name: "x")
        try Self.checkLimits(figure.y, name: "y")
        var builder = Builder(xLog: figure.x.scale == .log, yLog: figure.y.scale == .log)
        // Regions are drawn under everything else, whatever their position in the list.
        let ordered = figure.series.enumerated().sorted { a, b in
            let ra = Self.isRegions(a.element), rb = Self.isRegions(b.element)
            return ra != rb ? ra : a.offset < b.offset
        }
        for (index, s) in ordered {
            try builder.add(s, number: index + 1)
        }
        guard builder.anyDrawable else {
            throw PlotError.emptyData("no finite values to draw (\(builder.skipped) skipped)")
        }
        series = builder.series
        legend = builder.legend
        categories = builder.categories
        skippedPoints = builder.skipped
        xLimits = try Self.limits(figure.x, builder.xBounds, stickyLow: false, sticky: builder.stickyX)
        yLimits = try Self.limits(figure.y, builder.yBounds, stickyLow: builder.stickyYLow, sticky: false)
    }

    private static func isRegions(_ s: Series) -> Bool {
        if case .regions = s { return true }
        return false
    }

    private static func checkLimits(_ axis: Axis, name: String) throws {
        guard let l = axis.limits else { return }
        guard (l.upperBound - l.lowerBound).isFinite, l.lowerBound < l.upperBound else {
            throw PlotError.badParameter("\(name) limits must be finite with lower < upper, got \(l)")
        }
        if axis.scale == .log && l.lowerBound <= 0 {
            throw PlotError.badParameter("\(name) limits of a log axis must be positive, got \(l)")
        }
    }

    /// The axis limits: the given ones, or the data bounds with matplotlib's 5 % margin.
    private static func limits(_ axis: Axis, _ bounds: (Double, Double)?, stickyLow: Bool,
                               sticky: Bool) throws -> ClosedRange<Double> {
        if let l = axis.limits { return l }
        let log = axis.scale == .log
        guard var (lo, hi) = bounds else { return log ? 0.1...10 : 0...1 }
        if log { lo = log10(lo); hi = log10(hi) }
        if hi - lo <= 0 {
            let delta = log ? 1 : (lo == 0 ? 1 : abs(lo) * 0.1)
            lo -= delta
            hi += delta
        } else if !sticky {
            let margin = (hi - lo) * 0.05
            if !(stickyLow && !log) { lo -= margin }
            hi += margin
        }
        if log { lo = pow(10, lo); hi = pow(10, hi) }
        guard (hi - lo).isFinite, lo < hi else {
            throw PlotError.badParameter("the data span too wide a range to draw")
        }
        return lo...hi
    }
}

/// Accumulates prepared series, bounds and the skipped count.
private struct Builder {
    let xLog: Bool
    let yLog: Bool
    var series: [PreparedSeries] = []
    var legend: [LegendEntry] = []
    var categories: [String] = []
    var skipped = 0
    var xBounds: (Double, Double)?
    var yBounds: (Double, Double)?
    var stickyX = false
    var stickyYLow = false
    var anyDrawable = false
    var colorIndex = 0

    init(xLog: Bool, yLog: Bool) {
        self.xLog = xLog
        self.yLog = yLog
    }

    func usable(_ x: Double, _ y: Double) -> Bool {
        x.isFinite && y.isFinite && (!xLog || x > 0) && (!yLog || y > 0)
    }

    mutating func include(x: Double, y: Double) {
        xBounds = xBounds.map { (min($0.0, x), max($0.1, x)) } ?? (x, x)
        yBounds = yBounds.map { (min($0.0, y), max($0.1, y)) } ?? (y, y)
        anyDrawable = true
    }

    mutating func nextColor(_ given: RGB?) -> RGB {
        defer { colorIndex += 1 }
        return given ?? Palette.series(colorIndex)
    }

    mutating func add(_ s: Series, number: Int) throws {
        switch s {
        case let .line(x, y, label, color, dashed):
            try checkPairs(x, y, "line series \(number)")
            let c = nextColor(color)
            var segments: [[DataPoint]] = [[]]
            for i in x.indices {
                if usable(x[i], y[i]) {
                    segments[segments.count - 1].append(DataPoint(x: x[i], y: y[i]))
                    include(x: x[i], y: y[i])
                } else {
                    skipped += 1
                    if !(segments.last?.isEmpty ?? true) { segments.append([]) }
                }
            }
            series.append(.line(segments: segments.filter { !$0.isEmpty }, color: c, dashed: dashed))
            if !label.isEmpty { legend.append(LegendEntry(label: label, color: c, mark: .line(dashed: dashed))) }
        case let .scatter(x, y, labels, classNames):
            try checkPairs(x, y, "scatter series \(number)")
            guard labels.count == x.count else {
                throw PlotError.badSize("scatter series \(number) has \(x.count) points but \(labels.count) labels")
            }
            var points: [DataPoint] = []
            var kept: [Int] = []
            for i in x.indices {
                if usable(x[i], y[i]) {
                    points.append(DataPoint(x: x[i], y: y[i]))
                    kept.append(max(labels[i], 0))
                    include(x: x[i], y: y[i])
                } else {
                    skipped += 1
                }
            }
            let classCount = max(min(labels.max() ?? 0, 255) + 1, classNames.count, 2)
            series.append(.scatter(points: points, labels: kept, classCount: classCount))
            for (k, name) in classNames.enumerated() {
                legend.append(LegendEntry(label: name, color: Palette.classColor(k, classCount: classCount), mark: .marker(classIndex: k)))
            }
        case let .regions(grid, kind):
            guard !xLog && !yLog else {
                throw PlotError.badParameter("decision regions need linear axes")
            }
            if case .probability(let levels) = kind, !(2...256).contains(levels) {
                throw PlotError.badParameter("probability regions need 2…256 levels, got \(levels)")
            }
            let e = (grid.xExtent, grid.yExtent)
            guard e.0.lowerBound.isFinite, e.0.upperBound.isFinite, e.1.lowerBound.isFinite,
                  e.1.upperBound.isFinite, e.0.lowerBound < e.0.upperBound, e.1.lowerBound < e.1.upperBound else {
                throw PlotError.badParameter("region extents must be finite with lower < upper")
            }
            var maxLabel = 1
            var finite = 0
            for v in grid.values {
                if v.isFinite { finite += 1; maxLabel = max(maxLabel, Int(min(max(v.rounded(), 0), 255))) } else { skipped += 1 }
            }
            if finite > 0 {
                include(x: e.0.lowerBound, y: e.1.lowerBound)
                include(x: e.0.upperBound, y: e.1.upperBound)
                stickyX = true
            }
            series.append(.regions(grid, kind: kind, classCount: kind == .classes ? maxLabel + 1 : 0))
        case let .histogram(values, bins, label, color):
            guard !values.isEmpty else { throw PlotError.emptyData("histogram \(number) has no values") }
            guard (1...10_000).contains(bins) else {
                throw PlotError.badParameter("histogram \(number) needs 1…10000 bins, got \(bins)")
            }
            let c = nextColor(color)
            let finite = values.filter { $0.isFinite }
            skipped += values.count - finite.count
            guard let lo = finite.min(), let hi = finite.max() else { return }
            let (a, b) = hi > lo ? (lo, hi) : (lo - 0.5, hi + 0.5)
            let width = (b - a) / Double(bins)
            guard width.isFinite, width > 0 else {
                throw PlotError.badParameter("histogram \(number) spans too wide a range to bin (\(lo)…\(hi))")
            }
            var counts = [Int](repeating: 0, count: bins)
            for v in finite { counts[Int(min(max((v - a) / width, 0), Double(bins - 1)))] += 1 }
            var bars: [Bar] = []
            for i in 0..<bins where !(yLog && counts[i] == 0) {
                bars.append(Bar(x0: a + Double(i) * width, x1: a + Double(i + 1) * width, value: Double(counts[i]), color: c, translucent: true))
            }
            include(x: a, y: yLog ? 1 : 0)
            include(x: b, y: Double(counts.max() ?? 0))
            stickyYLow = !yLog
            series.append(.bars(bars))
            if !label.isEmpty { legend.append(LegendEntry(label: label, color: c, mark: .patch)) }
        case let .bars(labels, values, color, highlight):
            guard !values.isEmpty else { throw PlotError.emptyData("bar chart \(number) has no values") }
            guard labels.isEmpty || labels.count == values.count else {
                throw PlotError.badSize("bar chart \(number) has \(values.count) values but \(labels.count) labels")
            }
            let c = nextColor(color)
            var bars: [Bar] = []
            for (i, v) in values.enumerated() {
                guard usable(Double(i), v) else { skipped += 1; continue }
                bars.append(Bar(x0: Double(i) - 0.4, x1: Double(i) + 0.4, value: v, color: highlight[i] ?? c))
                include(x: Double(i), y: v)
                if !yLog { include(x: Double(i), y: 0) }
            }
            xBounds = (min(xBounds?.0 ?? -0.5, -0.5), max(xBounds?.1 ?? 0, Double(values.count) - 0.5))
            stickyX = true
            stickyYLow = !yLog
            if categories.count < labels.count { categories = labels }
            series.append(.bars(bars))
        }
    }

    func checkPairs(_ x: [Double], _ y: [Double], _ what: String) throws {
        guard !x.isEmpty || !y.isEmpty else { throw PlotError.emptyData("\(what) has no points") }
        guard x.count == y.count else {
            throw PlotError.badSize("\(what) has \(x.count) x values but \(y.count) y values")
        }
    }
}

extension PreparedFigure {
    /// Every drawn data point (markers, line vertices, bar tops) as fractions of the axes,
    /// for choosing where the legend hides least.
    var dataFractions: [(Double, Double)] {
        var out: [(Double, Double)] = []
        for s in series {
            switch s {
            case .line(let segments, _, _):
                for seg in segments { for q in seg { out.append((xFraction(q.x), yFraction(q.y))) } }
            case .scatter(let points, _, _):
                for q in points { out.append((xFraction(q.x), yFraction(q.y))) }
            case .bars(let bars):
                for b in bars {
                    let top = yFraction(b.value)
                    for x in [b.x0, (b.x0 + b.x1) / 2, b.x1] {
                        for k in 0...4 { out.append((xFraction(x), top * Double(k) / 4)) }
                    }
                }
            case .regions:
                break
            }
        }
        return out
    }

    /// Where `v` falls between the x limits, 0 at the left and 1 at the right.
    func xFraction(_ v: Double) -> Double {
        Self.fraction(v, xLimits, figure.x.scale)
    }

    /// Where `v` falls between the y limits, 0 at the bottom and 1 at the top.
    func yFraction(_ v: Double) -> Double {
        Self.fraction(v, yLimits, figure.y.scale)
    }

    static func fraction(_ v: Double, _ l: ClosedRange<Double>, _ scale: AxisScale) -> Double {
        switch scale {
        case .linear:
            return (v - l.lowerBound) / (l.upperBound - l.lowerBound)
        case .log:
            guard v > 0 else { return -1e6 }
            // Limits a few ulps apart can have equal logarithms.
            let span = log10(l.upperBound) - log10(l.lowerBound)
            return span > 0 ? (log10(v) - log10(l.lowerBound)) / span : 0.5
        }
    }

    /// Ticks for the x axis: category names when categorical, else numbers.
    func xTicks(target: Int) -> [Tick] {
        if !categories.isEmpty {
            let every = max(1, Int((Double(categories.count) / Double(max(target, 1))).rounded(.up)))
            return stride(from: 0, to: categories.count, by: every).map { Tick(value: Double($0), label: categories[$0]) }
        }
        return Self.whole(figure.x.scale == .log ? Ticks.log(xLimits, target: target) : Ticks.linear(xLimits, target: target), figure.x)
    }

    /// Ticks for the y axis.
    func yTicks(target: Int) -> [Tick] {
        Self.whole(figure.y.scale == .log ? Ticks.log(yLimits, target: target) : Ticks.linear(yLimits, target: target), figure.y)
    }

    /// The ticks at whole numbers when the axis asks for them and there are any, labelled as integers.
    static func whole(_ ticks: [Tick], _ axis: Axis) -> [Tick] {
        guard axis.integerTicks, axis.scale == .linear else { return ticks }
        let whole = ticks.filter { $0.value == $0.value.rounded() && abs($0.value) < 1e15 }
        return whole.isEmpty ? ticks : whole.map { Tick(value: $0.value, label: Ticks.formatFixed($0.value, decimals: 0)) }
    }

    /// The values the colour bar spans: the figure's range when it is finite and not empty, else 0…1.
    var colorbarRange: ClosedRange<Double> {
        guard let r = figure.colorbarRange, r.lowerBound.isFinite, r.upperBound.isFinite, r.lowerBound < r.upperBound else {
            return 0...1
        }
        return r
    }

    /// The band count of the first probability-region series, which gets a colour bar.
    var probabilityLevels: Int? {
        for s in series {
            if case .regions(_, .probability(let levels), _) = s { return levels }
        }
        return nil
    }

    /// The baseline of bars: 0 on a linear axis, the bottom limit on a log axis.
    var barBase: Double {
        figure.y.scale == .log ? yLimits.lowerBound : max(0, yLimits.lowerBound)
    }

    /// The colour of a region cell's value, or nil when it is not drawn.
    static func regionColor(_ v: Double, kind: RegionKind, classCount: Int) -> RGB? {
        guard v.isFinite else { return nil }
        switch kind {
        case .classes:
            return Palette.regionColor(Int(min(max(v.rounded(), 0), 255)), classCount: classCount)
        case .probability(let levels):
            let band = Int(min(max(v * Double(levels), 0), Double(levels - 1)))
            return Palette.viridis((Double(band) + 0.5) / Double(levels))
        }
    }
}
