/// A grid of terminal cells: half-block region colours underneath, braille dots or a glyph on top.
struct TerminalCanvas {
    struct Cell {
        var top: RGB?
        var bottom: RGB?
        /// The plain-text shade of the region (for `ColorMode.none`).
        var shade: Character?
        var dots: UInt8 = 0
        var dotColor: RGB?
        var glyph: Character?
        var color: RGB?
        /// A grid-line character, shown only where nothing else is drawn.
        var gridGlyph: Character?
    }

    static let gridColor = RGB(hex: 0xb0b0b0)

    let cols: Int
    let rows: Int
    var cells: [Cell]

    init(cols: Int, rows: Int) {
        self.cols = cols
        self.rows = rows
        cells = [Cell](repeating: Cell(), count: cols * rows)
    }

    /// Width and height in braille dots (2 × 4 per cell).
    var dotWidth: Int { cols * 2 }
    var dotHeight: Int { rows * 4 }

    /// Sets the braille dot at (x, y), dots counted from the top-left; outside is ignored.
    mutating func setDot(_ x: Int, _ y: Int, _ color: RGB) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let bits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
        let i = (y / 4) * cols + x / 2
        cells[i].dots |= bits[y % 4][x % 2]
        cells[i].dotColor = color
    }

    /// Puts `glyph` in cell (col, row); outside is ignored.
    mutating func setGlyph(_ col: Int, _ row: Int, _ glyph: Character, _ color: RGB?) {
        guard col >= 0, row >= 0, col < cols, row < rows else { return }
        cells[row * cols + col].glyph = glyph
        cells[row * cols + col].color = color
    }

    /// Draws a straight line between two points in dot coordinates, clipped to the canvas.
    mutating func drawLine(from a: (Double, Double), to b: (Double, Double), _ color: RGB, dashed: Bool) {
        guard a.0.isFinite, a.1.isFinite, b.0.isFinite, b.1.isFinite, let (p, q) = clip(a, b) else { return }
        let steps = Int(max(abs(q.0 - p.0), abs(q.1 - p.1)).rounded(.up))
        if steps == 0 {
            setDot(Int(p.0.rounded(.down)), Int(p.1.rounded(.down)), color)
            return
        }
        for i in 0...steps {
            if dashed && (i / 3) % 2 == 1 { continue }
            let t = Double(i) / Double(steps)
            setDot(Int((p.0 + (q.0 - p.0) * t).rounded(.down)), Int((p.1 + (q.1 - p.1) * t).rounded(.down)), color)
        }
    }

    /// Liang–Barsky clipping of a segment to the dot rectangle, so that a far-away point
    /// never turns into millions of steps.
    private func clip(_ a: (Double, Double), _ b: (Double, Double)) -> ((Double, Double), (Double, Double))? {
        let xMax = Double(dotWidth) - 0.001, yMax = Double(dotHeight) - 0.001
        let dx = b.0 - a.0, dy = b.1 - a.1
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, a.0), (dx, xMax - a.0), (-dy, a.1), (dy, yMax - a.1)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 { if r > t1 { return nil }; t0 = max(t0, r) } else { if r < t0 { return nil }; t1 = min(t1, r) }
            }
        }
        guard t0.isFinite, t1.isFinite else { return nil }
        return ((a.0 + t0 * dx, a.1 + t0 * dy), (a.0 + t1 * dx, a.1 + t1 * dy))
    }

    /// The text of row `row`, with escape codes for `mode`.
    func line(_ row: Int, mode: ColorMode) -> String {
        var out = ""
        var current = ""
        for col in 0..<cols {
            let cell = cells[row * cols + col]
            var ch: Character = " "
            var fg: RGB?
            var bg: RGB?
            if cell.dots != 0, cell.glyph == "█", let under = cell.color, mode != .none {
                // A line across a full bar: its dots on the bar's colour.
                ch = Character(Unicode.Scalar(0x2800 + UInt32(cell.dots)) ?? " ")
                fg = cell.dotColor
                bg = under
            } else if let glyph = cell.glyph {
                ch = glyph
                fg = cell.color
                bg = cell.top.map { t in cell.bottom.map { t.mixed(with: $0, 0.5) } ?? t } ?? cell.bottom
            } else if cell.dots != 0 {
                ch = Character(Unicode.Scalar(0x2800 + UInt32(cell.dots)) ?? " ")
                fg = cell.dotColor
                bg = cell.top.map { t in cell.bottom.map { t.mixed(with: $0, 0.5) } ?? t } ?? cell.bottom
            } else if let g = cell.gridGlyph, cell.top == nil, cell.bottom == nil {
                ch = g
                fg = Self.gridColor
            } else if let top = cell.top, let bottom = cell.bottom, top != bottom {
                ch = "▀"
                fg = top
                bg = bottom
            } else if let fill = cell.top ?? cell.bottom {
                bg = fill
            }
            if mode == .none {
                if cell.glyph == nil && cell.dots == 0, let shade = cell.shade { ch = shade }
                out.append(ch)
                continue
            }
            var codes: [String] = []
            if let fg { codes.append(mode.sgr(fg, background: false)) }
            if let bg { codes.append(mode.sgr(bg, background: true)) }
            let style = codes.joined(separator: ";")
            if style != current {
                out += "\u{1B}[0m"
                if !style.isEmpty { out += "\u{1B}[" + style + "m" }
                current = style
            }
            out.append(ch)
        }
        if !current.isEmpty { out += "\u{1B}[0m" }
        return out
    }
}
