/// A rectangle of equal-coloured grid cells: columns `col..<col+width`, rows `row..<row+height`.
struct CellRect: Equatable {
    var col: Int
    var row: Int
    var width: Int
    var height: Int
    var colorIndex: Int
}

/// Decision-region grids reduced to few rectangles: runs of equal colour in a row, then
/// identical runs in consecutive rows merged into one taller rectangle.
struct RegionRuns {
    /// The distinct colours, in first-seen order (deterministic).
    var colors: [RGB] = []
    /// The colour index that covers most cells, or nil when some cells are not drawn.
    var background: Int?
    var rects: [CellRect] = []

    /// Reduces `grid` to rectangles; stops early once there are more than `limit`.
    init(_ grid: Grid, kind: RegionKind, classCount: Int, limit: Int = .max) {
        var indexOf: [RGB: Int] = [:]
        // Each cell's value reduces to a small key (class label or band); a key's colour is
        // looked up once, so the per-cell work is an array access rather than a hash.
        var colorOfKey = [Int](repeating: -2, count: 256)
        var cells = [Int](repeating: -1, count: grid.rows * grid.cols)
        var counts: [Int] = []
        var undrawn = 0
        for (i, v) in grid.values.enumerated() {
            guard v.isFinite else {
                undrawn += 1
                continue
            }
            let key: Int
            switch kind {
            case .classes: key = Int(min(max(v.rounded(), 0), 255))
            case .probability(let levels): key = Int(min(max(v * Double(levels), 0), Double(min(levels, 256) - 1)))
            }
            if colorOfKey[key] == -2 {
                let c = PreparedFigure.regionColor(v, kind: kind, classCount: classCount) ?? .white
                if let k = indexOf[c] {
                    colorOfKey[key] = k
                } else {
                    indexOf[c] = colors.count
                    colorOfKey[key] = colors.count
                    colors.append(c)
                    counts.append(0)
                }
            }
            cells[i] = colorOfKey[key]
            counts[colorOfKey[key]] += 1
        }
        if undrawn == 0, let most = counts.indices.max(by: { counts[$0] < counts[$1] }) {
            background = most
        }
        // Rectangles still open from the previous row, keyed by (start, end, colour).
        var open: [Int: Int] = [:]
        for row in 0..<grid.rows where rects.count <= limit {
            var nextOpen: [Int: Int] = [:]
            var col = 0
            while col < grid.cols {
                let k = cells[row * grid.cols + col]
                var end = col + 1
                while end < grid.cols && cells[row * grid.cols + end] == k { end += 1 }
                if k >= 0 && k != background {
                    let key = (col * (grid.cols + 1) + end) * (colors.count + 1) + k
                    if let r = open[key] {
                        rects[r].height += 1
                        nextOpen[key] = r
                    } else {
                        nextOpen[key] = rects.count
                        rects.append(CellRect(col: col, row: row, width: end - col, height: 1, colorIndex: k))
                    }
                }
                col = end
            }
            open = nextOpen
        }
    }

    /// SVG path data per colour index for the rectangles, in cell units.
    func pathData() -> [String] {
        var d = [String](repeating: "", count: colors.count)
        for r in rects {
            d[r.colorIndex] += "M\(r.col) \(r.row)h\(r.width)v\(r.height)h-\(r.width)z"
        }
        return d
    }
}

extension RegionRuns {
    /// At most this many rectangles per region series (about 16 bytes each in SVG), so that
    /// even a noisy grid stays a few hundred kilobytes.
    static let rectBudget = 15_000

    /// Runs for `grid`, halving its resolution (keeping every other cell) until the
    /// rectangles fit the budget; also returns the grid actually used.
    static func withinBudget(_ grid: Grid, kind: RegionKind, classCount: Int) -> (RegionRuns, Grid) {
        var g = grid
        var runs = RegionRuns(g, kind: kind, classCount: classCount, limit: rectBudget)
        while runs.rects.count > rectBudget && (g.rows > 1 || g.cols > 1) {
            g = g.halved()
            runs = RegionRuns(g, kind: kind, classCount: classCount, limit: rectBudget)
        }
        return (runs, g)
    }
}

extension Grid {
    /// The grid at half resolution: cell (r, c) takes the value of cell (2r, 2c); same extents.
    func halved() -> Grid {
        let newRows = (rows + 1) / 2, newCols = (cols + 1) / 2
        var out = [Double]()
        out.reserveCapacity(newRows * newCols)
        for r in 0..<newRows {
            for c in 0..<newCols { out.append(values[(2 * r) * cols + 2 * c]) }
        }
        var g = self
        g.rows = newRows
        g.cols = newCols
        g.values = out
        return g
    }
}
