/// A figure drawn as terminal text and what had to be left out of it.
public struct TerminalOutput: Equatable, Sendable {
    /// The lines to print, each at most `width` columns wide (escape codes aside).
    public var lines: [String]
    /// How many values were not drawn (NaN, ±inf, or ≤ 0 on a log axis); callers may warn.
    public var skippedPoints: Int
}

/// Renders a `Figure` as lines of terminal text: braille dots for lines, glyphs for points,
/// half blocks for regions, block characters for bars, axes with tick labels, title and legend.
public struct TerminalRenderer: Sendable {
    /// Total width in columns.
    public var width: Int
    /// Rows of the plot area, or nil to follow the figure's aspect.
    public var height: Int?
    /// Which escape codes to emit.
    public var mode: ColorMode

    /// Creates a renderer.
    /// - Parameters:
    ///   - width: total width in columns (at least 30), e.g. the terminal's width.
    ///   - height: rows of the plot area; nil picks one from the width and the figure's aspect.
    ///   - mode: colour mode; see `ColorMode.detect(environment:)`.
    public init(width: Int = 80, height: Int? = nil, mode: ColorMode = .none) {
        self.width = width
        self.height = height
        self.mode = mode
    }

    /// Marker letters per class when there is no colour.
    static let plainMarkers: [Character] = ["o", "x", "+", "*", "#", "@", "%", "&"]
    /// Region shades per class when there is no colour (class 0 stays blank).
    static let plainShades: [Character] = [" ", "░", "▒", "▓", ":", "=", "%", "#"]
    /// Probability bands from low to high when there is no colour.
    static let plainRamp: [Character] = [" ", "·", ":", "-", "=", "+", "*", "#", "%", "@"]

    /// Renders `figure` as terminal lines.
    /// - Returns: the lines and the number of skipped values.
    /// - Throws: `PlotError` for empty data, mismatched sizes, or a width under 30 / height under 4.
    public func render(_ figure: Figure) throws -> TerminalOutput {
        guard (30...1000).contains(width) else {
            throw PlotError.badParameter("terminal width must be 30…1000 columns, got \(width)")
        }
        if let height, !(4...500).contains(height) {
            throw PlotError.badParameter("terminal plot height must be 4…500 rows, got \(height)")
        }
        let p = try PreparedFigure(figure)
        let rough = max(width - 10, 10)
        let rowsGuess = height ?? min(max(Int(Double(rough) * Double(figure.height) / Double(figure.width) * 0.45), 8), 60)
        let yTicks = p.yTicks(target: max(2, rowsGuess / 3))
        let gutter = (yTicks.map { $0.label.count }.max() ?? 0) + 1
        let cols = width - gutter - 2
        guard cols >= 10 else {
            throw PlotError.badParameter("terminal width \(width) leaves no room for the plot beside the tick labels")
        }
        let rows = rowsGuess
        var canvas = TerminalCanvas(cols: cols, rows: rows)
        let xTicks = p.xTicks(target: max(2, cols / (p.categories.isEmpty ? 10 : 4)))
        if figure.grid { drawGrid(on: &canvas, p, xTicks: xTicks, yTicks: yTicks) }
        for s in Self.histogramsMerged(p.series) { draw(s, on: &canvas, p) }

        var lines: [String] = []
        if !figure.title.isEmpty { lines.append(center(figure.title, in: cols, offset: gutter + 1)) }
        if !figure.y.label.isEmpty { lines.append(clipText(figure.y.label, width)) }
        var tickAtRow: [Int: String] = [:]
        for t in yTicks {
            let row = cellIndex((1 - p.yFraction(t.value)) * Double(rows), count: rows)
            tickAtRow[row] = t.label
        }
        for row in 0..<rows {
            let label = tickAtRow[row] ?? ""
            let pad = String(repeating: " ", count: max(gutter - 1 - label.count, 0))
            lines.append(pad + label + " " + (tickAtRow[row] == nil ? "│" : "┤") + canvas.line(row, mode: mode))
        }
        lines.append(contentsOf: xAxis(p, ticks: xTicks, cols: cols, gutter: gutter))
        if !figure.x.label.isEmpty { lines.append(center(figure.x.label, in: cols, offset: gutter + 1)) }
        lines.append(contentsOf: legend(p))
        return TerminalOutput(lines: lines, skippedPoints: p.skippedPoints)
    }

    private func draw(_ s: PreparedSeries, on canvas: inout TerminalCanvas, _ p: PreparedFigure) {
        let dw = Double(canvas.dotWidth), dh = Double(canvas.dotHeight)
        // Clamped so that a point far outside the limits stays a finite coordinate.
        func dot(_ q: DataPoint) -> (Double, Double) {
            (min(max(p.xFraction(q.x) * dw, -1e9), 1e9), min(max((1 - p.yFraction(q.y)) * dh, -1e9), 1e9))
        }
        switch s {
        case let .regions(grid, kind, classCount):
            // Two half-block pixels per cell; sample the grid cell under each pixel's centre.
            for row in 0..<canvas.rows {
                for half in 0..<2 {
                    let yFrac = 1 - (Double(row * 2 + half) + 0.5) / Double(canvas.rows * 2)
                    let y = p.yLimits.lowerBound + yFrac * (p.yLimits.upperBound - p.yLimits.lowerBound)
                    let gy = (y - grid.yExtent.lowerBound) / (grid.yExtent.upperBound - grid.yExtent.lowerBound)
                    guard gy >= 0, gy < 1 else { continue }
                    let gr = min(Int(gy * Double(grid.rows)), grid.rows - 1)
                    for col in 0..<canvas.cols {
                        let xFrac = (Double(col) + 0.5) / Double(canvas.cols)
                        let x = p.xLimits.lowerBound + xFrac * (p.xLimits.upperBound - p.xLimits.lowerBound)
                        let gx = (x - grid.xExtent.lowerBound) / (grid.xExtent.upperBound - grid.xExtent.lowerBound)
                        guard gx >= 0, gx < 1 else { continue }
                        let v = grid.values[gr * grid.cols + min(Int(gx * Double(grid.cols)), grid.cols - 1)]
                        guard let color = PreparedFigure.regionColor(v, kind: kind, classCount: classCount) else { continue }
                        let i = row * canvas.cols + col
                        if half == 0 { canvas.cells[i].top = color } else { canvas.cells[i].bottom = color }
                        if half == 0 || canvas.cells[i].shade == nil { canvas.cells[i].shade = Self.shade(v, kind) }
                    }
                }
            }
        case let .line(segments, color, dashed):
            for seg in segments {
                if seg.count == 1, let q = seg.first {
                    canvas.drawLine(from: dot(q), to: dot(q), color, dashed: false)
                }
                for i in seg.indices.dropFirst() {
                    canvas.drawLine(from: dot(seg[i - 1]), to: dot(seg[i]), color, dashed: dashed)
                }
            }
        case let .scatter(points, labels, classCount):
            for (i, q) in points.enumerated() {
                let (x, y) = dot(q)
                guard x >= 0, y >= 0, x < dw, y < dh else { continue }
                let glyph: Character = mode == .none ? Self.plainMarkers[labels[i] % Self.plainMarkers.count] : "●"
                canvas.setGlyph(Int(x / 2), Int(y / 4), glyph, Palette.classColor(labels[i], classCount: classCount))
            }
        case let .bars(bars):
            let base = (1 - p.yFraction(p.barBase)) * Double(canvas.rows)
            let eighths: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
            for b in bars {
                let f0 = p.xFraction(b.x0) * Double(canvas.cols), f1 = p.xFraction(b.x1) * Double(canvas.cols)
                var c0 = Int(min(max(f0.rounded(), -1), Double(canvas.cols)))
                var c1 = max(Int(min(max(f1.rounded(), 0), Double(canvas.cols + 1))) - 1, c0)
                if !b.translucent {
                    // Category bars: the same width for all, centred, so gaps stay even.
                    let w = Int(min(max((f1 - f0).rounded(.down), 1), Double(canvas.cols)))
                    c0 = Int(min(max(((f0 + f1) / 2 - Double(w) / 2).rounded(), -1), Double(canvas.cols)))
                    c1 = c0 + w - 1
                }
                let top = min(max((1 - p.yFraction(b.value)) * Double(canvas.rows), 0), Double(canvas.rows))
                let bottom = min(max(base, 0), Double(canvas.rows))
                guard top < bottom else { continue }
                let first = max(c0, 0), last = min(c1, canvas.cols - 1)
                guard first <= last else { continue }
                for col in first...last {
                    for row in 0..<canvas.rows {
                        let lo = Double(row), hi = Double(row + 1)
                        let covered = max(0, min(hi, bottom) - max(lo, top))
                        let level = Int((covered * 8).rounded())
                        guard level > 0 else { continue }
                        let i = row * canvas.cols + col
                        if canvas.cells[i].glyph == "█", let behind = canvas.cells[i].color {
                            // A partial block in front of a full one: the full one shows behind it.
                            canvas.cells[i].top = behind
                            canvas.cells[i].bottom = behind
                        }
                        canvas.setGlyph(col, row, eighths[level - 1], b.color)
                    }
                }
            }
        }
    }

    /// Dotted grid lines at the ticks, under everything else.
    private func drawGrid(on canvas: inout TerminalCanvas, _ p: PreparedFigure, xTicks: [Tick], yTicks: [Tick]) {
        for t in yTicks {
            let row = cellIndex((1 - p.yFraction(t.value)) * Double(canvas.rows), count: canvas.rows)
            for col in 0..<canvas.cols { canvas.cells[row * canvas.cols + col].gridGlyph = "┈" }
        }
        for t in xTicks {
            let col = cellIndex(p.xFraction(t.value) * Double(canvas.cols), count: canvas.cols)
            for row in 0..<canvas.rows {
                let i = row * canvas.cols + col
                canvas.cells[i].gridGlyph = canvas.cells[i].gridGlyph == nil ? "┊" : "┼"
            }
        }
    }

    /// Overlapping histograms cannot be see-through in a terminal: their bars are merged
    /// into one series drawn tallest first, so each shorter bar shows in front of taller ones.
    static func histogramsMerged(_ series: [PreparedSeries]) -> [PreparedSeries] {
        var out: [PreparedSeries] = []
        var merged: [Bar] = []
        var slot: Int?
        for s in series {
            if case .bars(let bars) = s, bars.contains(where: \.translucent) {
                merged += bars
                if slot == nil { slot = out.count; out.append(s) }
            } else {
                out.append(s)
            }
        }
        if let slot {
            let order = merged.indices.sorted { merged[$0].value != merged[$1].value ? merged[$0].value > merged[$1].value : $0 < $1 }
            out[slot] = .bars(order.map { merged[$0] })
        }
        return out
    }

    static func shade(_ v: Double, _ kind: RegionKind) -> Character {
        switch kind {
        case .classes:
            return plainShades[Int(min(max(v.rounded(), 0), 255)) % plainShades.count]
        case .probability:
            return plainRamp[Int(min(max(v * Double(plainRamp.count), 0), Double(plainRamp.count - 1)))]
        }
    }

    /// The bottom axis line and the x tick labels, placed where they do not overlap.
    private func xAxis(_ p: PreparedFigure, ticks: [Tick], cols: Int, gutter: Int) -> [String] {
        var axis = Array(repeating: Character("─"), count: cols)
        var labels = Array(repeating: Character(" "), count: cols + gutter + 1)
        var free = 0
        for t in ticks {
            let col = cellIndex(p.xFraction(t.value) * Double(cols), count: cols)
            axis[col] = "┬"
            let text = Array(t.label)
            let start = min(max(gutter + 1 + col - text.count / 2, free), labels.count - text.count)
            guard start >= free, start >= 0 else { continue }
            for (k, ch) in text.enumerated() { labels[start + k] = ch }
            free = start + text.count + 1
        }
        return [String(repeating: " ", count: gutter) + "└" + String(axis),
                String(String(labels).reversed().drop(while: { $0 == " " }).reversed())]
    }

    /// Legend entries in one or more lines: a coloured handle and the label.
    private func legend(_ p: PreparedFigure) -> [String] {
        var lines: [String] = []
        if let levels = p.probabilityLevels {
            // The probability bands as a strip from 0 to 1, the terminal's colour bar.
            var strip = ""
            for k in 0..<levels {
                let t = (Double(k) + 0.5) / Double(levels)
                if mode == .none {
                    strip.append(Self.shade(t, .probability(levels: levels)))
                } else {
                    strip += "\u{1B}[" + mode.sgr(Palette.viridis(t), background: false) + "m█"
                }
            }
            let range = p.colorbarRange
            let (low, high) = range == 0...1 ? ("0", "1") : (Ticks.formatShort(range.lowerBound), Ticks.formatShort(range.upperBound))
            lines.append("  \(low) [" + strip + (mode == .none ? "" : "\u{1B}[0m") + "] \(high)")
        }
        guard p.figure.legend != .none, !p.legend.isEmpty else { return lines }
        var current = "", visible = 0
        for e in p.legend {
            var handle: String
            switch e.mark {
            case .line(let dashed): handle = dashed ? "╌╌" : "──"
            case .marker(let k): handle = mode == .none ? String(Self.plainMarkers[k % Self.plainMarkers.count]) : "●"
            case .patch: handle = "█"
            }
            let plainWidth = handle.count + 1 + e.label.count
            if mode != .none { handle = "\u{1B}[" + mode.sgr(e.color, background: false) + "m" + handle + "\u{1B}[0m" }
            let item = handle + " " + e.label
            if visible > 0 && visible + 3 + plainWidth > width {
                lines.append(current)
                current = ""
                visible = 0
            }
            current += (visible > 0 ? "   " : "  ") + item
            visible += (visible > 0 ? 3 : 2) + plainWidth
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    private func center(_ text: String, in cols: Int, offset: Int) -> String {
        let t = clipText(text, width)
        let start = max(0, min(offset + (cols - t.count) / 2, width - t.count))
        return String(repeating: " ", count: start) + t
    }

    private func clipText(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(limit - 1, 0))) + "…"
    }
}

/// The cell (0..<count) that position `v` (in cells) falls in, clamped, whatever `v` is.
private func cellIndex(_ v: Double, count: Int) -> Int {
    guard v.isFinite else { return v > 0 ? count - 1 : 0 }
    return Int(min(max(v.rounded(.down), 0), Double(count - 1)))
}
