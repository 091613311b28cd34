/// Plot descriptions and their renderers (SVG, terminal). Knows nothing of the engine.
public enum DNNPlotInfo {
    public static let version = "0.1.0"
}

/// How an axis maps data to position.
public enum AxisScale: Equatable, Sendable {
    case linear
    /// Base-10 logarithmic; values ≤ 0 cannot be drawn and are skipped.
    case log
}

/// One axis of a figure: its label, optional fixed limits and scale.
public struct Axis: Equatable, Sendable {
    public var label: String
    /// Fixed limits; `nil` fits the data (with a 5 % margin, as matplotlib does).
    public var limits: ClosedRange<Double>?
    public var scale: AxisScale
    /// Ticks only at whole numbers (the rows and columns of a heatmap), when two or more fit.
    public var integerTicks: Bool

    /// Creates an axis.
    public init(label: String = "", limits: ClosedRange<Double>? = nil, scale: AxisScale = .linear, integerTicks: Bool = false) {
        self.label = label
        self.limits = limits
        self.scale = scale
        self.integerTicks = integerTicks
    }
}

/// Values on a regular grid: `rows × cols` cells, row by row, row 0 at the bottom
/// (smallest y), column 0 at the left; `xExtent`/`yExtent` are the outer edges of the cells.
public struct Grid: Equatable, Sendable {
    /// Number of cell rows (along y).
    public var rows: Int
    /// Number of cell columns (along x).
    public var cols: Int
    /// `rows × cols` values, row by row from the bottom row.
    public var values: [Double]
    /// Left and right edges of the cells.
    public var xExtent: ClosedRange<Double>
    /// Bottom and top edges of the cells.
    public var yExtent: ClosedRange<Double>

    /// Creates a grid.
    /// - Throws: `PlotError.badSize` when `values.count != rows * cols` or a size is not positive.
    public init(rows: Int, cols: Int, values: [Double],
                xExtent: ClosedRange<Double>, yExtent: ClosedRange<Double>) throws {
        guard rows > 0, cols > 0 else {
            throw PlotError.badSize("a grid needs at least one row and one column, got \(rows)×\(cols)")
        }
        let (cells, overflow) = rows.multipliedReportingOverflow(by: cols)
        guard !overflow else {
            throw PlotError.badSize("a grid of \(rows)×\(cols) is too big")
        }
        guard values.count == cells else {
            throw PlotError.badSize("a grid of \(rows)×\(cols) needs \(cells) values, got \(values.count)")
        }
        self.rows = rows
        self.cols = cols
        self.values = values
        self.xExtent = xExtent
        self.yExtent = yExtent
    }
}

/// What a decision-region grid holds in each cell.
public enum RegionKind: Equatable, Sendable {
    /// A class label (0, 1, …) per cell, filled with the class colours.
    case classes
    /// A probability in 0…1 per cell, filled with viridis quantised to `levels` bands
    /// (like matplotlib's `contourf`), which keeps big grids compact.
    case probability(levels: Int)
}

/// One thing drawn on the axes.
public enum Series: Equatable, Sendable {
    /// A polyline through (x[i], y[i]); non-finite points break the line and are skipped.
    case line(x: [Double], y: [Double], label: String = "", color: RGB? = nil, dashed: Bool = false)
    /// Points coloured by class label; `classNames[k]` names class k in the legend.
    case scatter(x: [Double], y: [Double], labels: [Int], classNames: [String] = [])
    /// Filled decision regions (class or probability per cell), drawn under other series.
    case regions(Grid, kind: RegionKind = .classes)
    /// A histogram of `values` in `bins` equal-width bins.
    case histogram(values: [Double], bins: Int = 20, label: String = "", color: RGB? = nil)
    /// One bar per category; categories sit at x = 0, 1, 2, … and are named on the x axis.
    case bars(labels: [String], values: [Double], color: RGB? = nil, highlight: [Int: RGB] = [:])
}

/// Where the legend goes.
public enum LegendPlacement: Equatable, Sendable {
    case none
    /// The corner where the legend box covers the fewest data points (like matplotlib's "best").
    case best
    case upperRight
    case upperLeft
    case lowerLeft
    case lowerRight
}

/// A figure: one axes with a title, axis descriptions and series drawn in order
/// (regions always first).
public struct Figure: Equatable, Sendable {
    /// Shown above the axes (and as the SVG `<title>`); empty for none.
    public var title: String
    /// The horizontal axis.
    public var x: Axis
    /// The vertical axis.
    public var y: Axis
    /// What is drawn, regions first, then the rest in order.
    public var series: [Series]
    /// Where the legend goes (SVG); the terminal lists entries under the plot unless `.none`.
    public var legend: LegendPlacement
    /// Grid lines at the ticks.
    public var grid: Bool
    /// Size of the SVG in pixels (matplotlib's default 6.4 × 4.8 in at 100 dpi is 640 × 480).
    public var width: Int
    public var height: Int
    /// The values the colour bar of probability regions spans (0…1 unless set): a heatmap
    /// of a matrix maps its smallest entry to 0 and its largest to 1 and labels the bar
    /// with the entries.
    public var colorbarRange: ClosedRange<Double>?

    /// Creates a figure.
    public init(title: String = "", x: Axis = Axis(), y: Axis = Axis(), series: [Series] = [],
                legend: LegendPlacement = .best, grid: Bool = false,
                width: Int = 640, height: Int = 480) {
        self.title = title
        self.x = x
        self.y = y
        self.series = series
        self.legend = legend
        self.grid = grid
        self.width = width
        self.height = height
        self.colorbarRange = nil
    }
}

/// Why a figure cannot be drawn.
public enum PlotError: Error, Equatable, CustomStringConvertible {
    /// There is nothing to draw (no series, or only empty ones / only non-finite values).
    case emptyData(String)
    /// Arrays or sizes that do not fit together.
    case badSize(String)
    /// A parameter out of its range (bins, levels, width, limits).
    case badParameter(String)

    public var description: String {
        switch self {
        case .emptyData(let m): return "nothing to plot: \(m)"
        case .badSize(let m): return "bad size: \(m)"
        case .badParameter(let m): return "bad parameter: \(m)"
        }
    }
}
