/// A rendered SVG document and what had to be left out of it.
public struct SVGOutput: Equatable, Sendable {
    /// A standalone SVG 1.1 document.
    public var svg: String
    /// How many values were not drawn (NaN, ±inf, or ≤ 0 on a log axis); callers may warn.
    public var skippedPoints: Int
}

/// Renders a `Figure` as a standalone SVG 1.1 document, matplotlib-like in look and sizes.
/// The output is deterministic: the same figure always gives the same bytes.
public struct SVGRenderer: Sendable {
    /// Font stack: matplotlib's DejaVu Sans first, then generic fallbacks.
    public var fontFamily = "DejaVu Sans, Bitstream Vera Sans, Helvetica, Arial, sans-serif"

    /// Creates a renderer.
    public init() {}

    /// Renders `figure` to SVG.
    /// - Parameter figure: the plot description.
    /// - Returns: the document and the number of skipped values.
    /// - Throws: `PlotError` for empty data, mismatched sizes or bad parameters.
    public func render(_ figure: Figure) throws -> SVGOutput {
        let p = try PreparedFigure(figure)
        let layout = SVGLayout(p)
        var w = SVGWriter()
        let W = SVGWriter.number(Double(figure.width)), H = SVGWriter.number(Double(figure.height))
        w.line("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>")
        w.line("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(W)\" height=\"\(H)\" "
            + "viewBox=\"0 0 \(W) \(H)\" font-family=\"\(SVGWriter.escape(fontFamily))\">")
        if !figure.title.isEmpty { w.line("<title>\(SVGWriter.escape(figure.title))</title>") }
        w.line("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>")
        let a = layout.area
        w.line("<defs><clipPath id=\"dnnplot-area\"><rect x=\"\(n(a.x))\" y=\"\(n(a.y))\" width=\"\(n(a.w))\" height=\"\(n(a.h))\"/></clipPath></defs>")
        if figure.grid { drawGrid(&w, layout) }
        w.line("<g clip-path=\"url(#dnnplot-area)\">")
        for s in p.series { drawSeries(s, &w, layout) }
        w.line("</g>")
        drawAxes(&w, layout)
        drawColorbar(&w, layout)
        drawLegend(&w, layout)
        w.line("</svg>")
        return SVGOutput(svg: w.text, skippedPoints: p.skippedPoints)
    }

    private func n(_ v: Double) -> String { SVGWriter.number(v) }

    private func drawGrid(_ w: inout SVGWriter, _ l: SVGLayout) {
        var d = ""
        for t in l.xTicks { let x = l.px(t.value); d += "M\(n(x)) \(n(l.area.y))V\(n(l.area.y + l.area.h))" }
        for t in l.yTicks { let y = l.py(t.value); d += "M\(n(l.area.x)) \(n(y))H\(n(l.area.x + l.area.w))" }
        w.line("<path d=\"\(d)\" stroke=\"#b0b0b0\" stroke-width=\"0.8\" fill=\"none\"/>")
    }

    private func drawSeries(_ s: PreparedSeries, _ w: inout SVGWriter, _ l: SVGLayout) {
        switch s {
        case let .regions(grid, kind, classCount):
            drawRegions(grid, kind: kind, classCount: classCount, &w, l)
        case let .line(segments, color, dashed):
            let dash = dashed ? " stroke-dasharray=\"5.5 2.4\"" : ""
            for seg in segments {
                if seg.count == 1, let q = seg.first {
                    w.line("<circle cx=\"\(n(l.px(q.x)))\" cy=\"\(n(l.py(q.y)))\" r=\"2.5\" fill=\"\(color.hexString)\"/>")
                    continue
                }
                var pts = ""
                for q in seg {
                    if !pts.isEmpty { pts += " " }
                    pts += n(l.px(q.x)) + "," + n(l.py(q.y))
                }
                w.line("<polyline points=\"\(pts)\" fill=\"none\" stroke=\"\(color.hexString)\" stroke-width=\"1.5\" "
                    + "stroke-linejoin=\"round\" stroke-linecap=\"square\"\(dash)/>")
            }
        case let .scatter(points, labels, classCount):
            // One group per class, in class order, so colours and z-order are deterministic.
            for k in Array(Set(labels)).sorted() {
                let color = Palette.classColor(k, classCount: classCount)
                w.raw("<g fill=\"\(color.hexString)\" stroke=\"#ffffff\" stroke-width=\"0.6\">")
                for (i, q) in points.enumerated() where labels[i] == k {
                    w.raw("<circle cx=\"\(n(l.px(q.x)))\" cy=\"\(n(l.py(q.y)))\" r=\"3.4\"/>")
                }
                w.line("</g>")
            }
        case let .bars(bars):
            let base = l.py(l.p.barBase)
            for b in bars {
                let x0 = l.px(b.x0), x1 = l.px(b.x1), y = l.py(b.value)
                let top = min(y, base), height = abs(base - y)
                let opacity = b.translucent ? " fill-opacity=\"0.6\"" : ""
                w.line("<rect x=\"\(n(x0))\" y=\"\(n(top))\" width=\"\(n(max(x1 - x0, 0.5)))\" height=\"\(n(height))\" "
                    + "fill=\"\(b.color.hexString)\"\(opacity) stroke=\"#ffffff\" stroke-width=\"0.5\"/>")
            }
        }
    }

    private func drawRegions(_ original: Grid, kind: RegionKind, classCount: Int, _ w: inout SVGWriter, _ l: SVGLayout) {
        let (runs, grid) = RegionRuns.withinBudget(original, kind: kind, classCount: classCount)
        let x0 = l.px(grid.xExtent.lowerBound), x1 = l.px(grid.xExtent.upperBound)
        let y0 = l.py(grid.yExtent.lowerBound), y1 = l.py(grid.yExtent.upperBound)
        // Cell units, row 0 at the bottom: scale by a cell's size and flip y.
        let sx = (x1 - x0) / Double(grid.cols), sy = (y0 - y1) / Double(grid.rows)
        w.line("<g transform=\"matrix(\(cellScale(sx)) 0 0 \(cellScale(-sy)) \(n(x0)) \(n(y0)))\" shape-rendering=\"crispEdges\">")
        if let bg = runs.background {
            w.line("<rect width=\"\(grid.cols)\" height=\"\(grid.rows)\" fill=\"\(runs.colors[bg].hexString)\"/>")
        }
        for (k, d) in runs.pathData().enumerated() where !d.isEmpty {
            w.line("<path fill=\"\(runs.colors[k].hexString)\" d=\"\(d)\"/>")
        }
        w.line("</g>")
    }

    /// A cell scale with enough digits that 400 cells still end on the right pixel.
    private func cellScale(_ v: Double) -> String {
        let micro = Int64((v * 1_000_000).rounded())
        let sign = micro < 0 ? "-" : ""
        let a = abs(micro)
        var frac = String(a % 1_000_000)
        while frac.count < 6 { frac = "0" + frac }
        while frac.hasSuffix("0") { frac.removeLast() }
        return sign + String(a / 1_000_000) + (frac.isEmpty ? "" : "." + frac)
    }

    private func drawAxes(_ w: inout SVGWriter, _ l: SVGLayout) {
        let a = l.area, f = l.p.figure
        w.line("<rect x=\"\(n(a.x))\" y=\"\(n(a.y))\" width=\"\(n(a.w))\" height=\"\(n(a.h))\" fill=\"none\" stroke=\"#000000\" stroke-width=\"0.8\"/>")
        var marks = ""
        for t in l.xTicks { marks += "M\(n(l.px(t.value))) \(n(a.y + a.h))v3.5" }
        for t in l.yTicks { marks += "M\(n(a.x)) \(n(l.py(t.value)))h-3.5" }
        w.line("<path d=\"\(marks)\" stroke=\"#000000\" stroke-width=\"0.8\"/>")
        w.raw("<g font-size=\"\(n(SVGLayout.tickSize))\" fill=\"#000000\">")
        for t in l.xTicks {
            let x = l.px(t.value), y = a.y + a.h + 6
            if l.rotateX {
                w.raw("<text transform=\"translate(\(n(x + 3.5)) \(n(y))) rotate(-90)\" text-anchor=\"end\">\(SVGWriter.escape(t.label))</text>")
            } else {
                w.raw("<text x=\"\(n(x))\" y=\"\(n(y + SVGLayout.tickSize))\" text-anchor=\"middle\">\(SVGWriter.escape(t.label))</text>")
            }
        }
        for t in l.yTicks {
            w.raw("<text x=\"\(n(a.x - 6))\" y=\"\(n(l.py(t.value) + SVGLayout.tickSize * 0.35))\" text-anchor=\"end\">\(SVGWriter.escape(t.label))</text>")
        }
        w.line("</g>")
        if !f.x.label.isEmpty {
            w.line("<text x=\"\(n(a.x + a.w / 2))\" y=\"\(n(Double(f.height) - 10))\" font-size=\"\(n(SVGLayout.labelSize))\" text-anchor=\"middle\">\(SVGWriter.escape(f.x.label))</text>")
        }
        if !f.y.label.isEmpty {
            w.line("<text transform=\"translate(\(n(SVGLayout.labelSize + 4)) \(n(a.y + a.h / 2))) rotate(-90)\" font-size=\"\(n(SVGLayout.labelSize))\" text-anchor=\"middle\">\(SVGWriter.escape(f.y.label))</text>")
        }
        if !f.title.isEmpty {
            w.line("<text x=\"\(n(a.x + a.w / 2))\" y=\"\(n(a.y - 12))\" font-size=\"\(n(SVGLayout.titleSize))\" text-anchor=\"middle\">\(SVGWriter.escape(f.title))</text>")
        }
    }

    /// A vertical bar of the probability bands right of the axes, ticked 0…1.
    private func drawColorbar(_ w: inout SVGWriter, _ l: SVGLayout) {
        guard let levels = l.p.probabilityLevels else { return }
        let a = l.area, x = a.x + a.w + SVGLayout.colorbarGap, bandHeight = a.h / Double(levels)
        w.line("<g>")
        for k in 0..<levels {
            let color = Palette.viridis((Double(k) + 0.5) / Double(levels))
            let y = a.y + a.h - Double(k + 1) * bandHeight
            w.line("<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(SVGLayout.colorbarWidth))\" height=\"\(n(bandHeight + 0.3))\" fill=\"\(color.hexString)\"/>")
        }
        w.line("<rect x=\"\(n(x))\" y=\"\(n(a.y))\" width=\"\(n(SVGLayout.colorbarWidth))\" height=\"\(n(a.h))\" fill=\"none\" stroke=\"#000000\" stroke-width=\"0.8\"/>")
        var marks = ""
        var labels = ""
        let range = l.p.colorbarRange
        for t in Ticks.linear(range, target: 8) where range.contains(t.value) {
            let y = a.y + a.h * (1 - (t.value - range.lowerBound) / (range.upperBound - range.lowerBound))
            let right = x + SVGLayout.colorbarWidth
            marks += "M\(n(right)) \(n(y))h3.5"
            labels += "<text x=\"\(n(right + 6))\" y=\"\(n(y + SVGLayout.tickSize * 0.35))\">\(t.label)</text>"
        }
        w.line("<path d=\"\(marks)\" stroke=\"#000000\" stroke-width=\"0.8\"/>")
        w.line("<g font-size=\"\(n(SVGLayout.tickSize))\">\(labels)</g>")
        w.line("</g>")
    }

    private func drawLegend(_ w: inout SVGWriter, _ l: SVGLayout) {
        let entries = l.p.legend
        guard l.p.figure.legend != .none, !entries.isEmpty else { return }
        let size = SVGLayout.tickSize, rowHeight = size * 1.45, handle = 24.0
        let textWidth = entries.map { SVGWriter.textWidth($0.label, size: size) }.max() ?? 0
        let bw = 8 + handle + 6 + textWidth + 8, bh = Double(entries.count) * rowHeight + 8
        let a = l.area
        func corner(_ placement: LegendPlacement) -> (Double, Double) {
            let left = placement == .upperLeft || placement == .lowerLeft
            let top = placement == .upperLeft || placement == .upperRight
            return (left ? a.x + 8 : a.x + a.w - 8 - bw, top ? a.y + 8 : a.y + a.h - 8 - bh)
        }
        var placement = l.p.figure.legend
        if placement == .best {
            // Fewest covered points wins; ties keep matplotlib's preference order.
            let points = l.p.dataFractions.map { (a.x + $0.0 * a.w, a.y + (1 - $0.1) * a.h) }
            var fewest = Int.max
            for candidate in [LegendPlacement.upperRight, .upperLeft, .lowerLeft, .lowerRight] {
                let (cx, cy) = corner(candidate)
                let covered = points.filter { $0.0 >= cx - 4 && $0.0 <= cx + bw + 4 && $0.1 >= cy - 4 && $0.1 <= cy + bh + 4 }.count
                if covered < fewest { fewest = covered; placement = candidate }
            }
        }
        let (bx, by) = corner(placement)
        w.line("<g font-size=\"\(n(size))\">")
        w.line("<rect x=\"\(n(bx))\" y=\"\(n(by))\" width=\"\(n(bw))\" height=\"\(n(bh))\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.8\" stroke=\"#cccccc\"/>")
        for (i, e) in entries.enumerated() {
            let cy = by + 4 + rowHeight * (Double(i) + 0.5), hx = bx + 8
            switch e.mark {
            case .line(let dashed):
                let dash = dashed ? " stroke-dasharray=\"5.5 2.4\"" : ""
                w.line("<path d=\"M\(n(hx)) \(n(cy))h\(n(handle))\" stroke=\"\(e.color.hexString)\" stroke-width=\"1.5\"\(dash)/>")
            case .marker:
                w.line("<circle cx=\"\(n(hx + handle / 2))\" cy=\"\(n(cy))\" r=\"3.4\" fill=\"\(e.color.hexString)\"/>")
            case .patch:
                w.line("<rect x=\"\(n(hx + 4))\" y=\"\(n(cy - 5))\" width=\"\(n(handle - 8))\" height=\"10\" fill=\"\(e.color.hexString)\" fill-opacity=\"0.6\"/>")
            }
            w.line("<text x=\"\(n(hx + handle + 6))\" y=\"\(n(cy + size * 0.35))\">\(SVGWriter.escape(e.label))</text>")
        }
        w.line("</g>")
    }
}

/// Pixel geometry of an SVG figure: margins, plot area, ticks and the data → pixel maps.
struct SVGLayout {
    static let tickSize = 12.0
    static let labelSize = 14.0
    static let titleSize = 16.0
    static let colorbarGap = 14.0
    static let colorbarWidth = 16.0

    let p: PreparedFigure
    let area: (x: Double, y: Double, w: Double, h: Double)
    let xTicks: [Tick]
    let yTicks: [Tick]
    let rotateX: Bool

    init(_ p: PreparedFigure) {
        self.p = p
        let f = p.figure
        let W = Double(f.width), H = Double(f.height)
        // Estimate the plot width first to choose the tick count, then measure labels.
        let roughW = max(W - 100, 40), roughH = max(H - 100, 40)
        let yTicks = p.yTicks(target: max(2, Int(roughH / 40)))
        var xTicks = p.xTicks(target: max(2, Int(roughW / 60)))
        var rotate = false
        if !p.categories.isEmpty {
            xTicks = p.xTicks(target: max(2, Int(roughW / 14)))
            let widest = xTicks.map { SVGWriter.textWidth($0.label, size: Self.tickSize) }.max() ?? 0
            rotate = widest > roughW / Double(max(xTicks.count, 1)) - 4
        }
        let yLabelWidth = yTicks.map { SVGWriter.textWidth($0.label, size: Self.tickSize) }.max() ?? 0
        let left = 14 + (f.y.label.isEmpty ? 0 : Self.labelSize + 6) + yLabelWidth
        let xTickHeight = rotate ? (xTicks.map { SVGWriter.textWidth($0.label, size: Self.tickSize) }.max() ?? 0) + 10 : Self.tickSize + 10
        let bottom = 8 + xTickHeight + (f.x.label.isEmpty ? 0 : Self.labelSize + 8)
        let top = f.title.isEmpty ? 14 : Self.titleSize + 22
        let barLabels = p.probabilityLevels == nil ? 0
            : Ticks.linear(p.colorbarRange, target: 8).map { SVGWriter.textWidth($0.label, size: Self.tickSize) }.max() ?? 0
        let right = p.probabilityLevels == nil ? 20.0 : Self.colorbarGap + Self.colorbarWidth + 14 + max(barLabels, 26)
        area = (left, top, max(W - left - right, 10), max(H - top - bottom, 10))
        self.xTicks = xTicks
        self.yTicks = yTicks
        self.rotateX = rotate
    }

    func px(_ v: Double) -> Double { area.x + p.xFraction(v) * area.w }
    func py(_ v: Double) -> Double { area.y + (1 - p.yFraction(v)) * area.h }
}
