/// An sRGB colour with 8-bit channels.
public struct RGB: Equatable, Hashable, Sendable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    /// Creates a colour from its channels.
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Creates a colour from a 24-bit value written as `0xRRGGBB`.
    public init(hex: UInt32) {
        self.init(UInt8((hex >> 16) & 0xff), UInt8((hex >> 8) & 0xff), UInt8(hex & 0xff))
    }

    /// The colour as `#rrggbb`, the form SVG and CSS read.
    public var hexString: String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for c in [r, g, b] {
            s.append(digits[Int(c >> 4)])
            s.append(digits[Int(c & 0xf)])
        }
        return s
    }

    /// The colour moved a fraction `t` (0…1) of the way towards `other`.
    public func mixed(with other: RGB, _ t: Double) -> RGB {
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            let v = Double(a) + (Double(b) - Double(a)) * min(max(t, 0), 1)
            return UInt8(v.rounded())
        }
        return RGB(mix(r, other.r), mix(g, other.g), mix(b, other.b))
    }

    public static let white = RGB(255, 255, 255)
    public static let black = RGB(0, 0, 0)
}

/// The colours DNNPlot uses by default.
public enum Palette {
    /// Class 0 in the course's scatter plots: the low end of matplotlib's Spectral map (#9e0142).
    public static let spectralLow = RGB(hex: 0x9e0142)
    /// Class 1 in the course's scatter plots: the high end of matplotlib's Spectral map (#5e4fa2).
    public static let spectralHigh = RGB(hex: 0x5e4fa2)

    /// matplotlib's Spectral map at 0.07 and 0.93: the colours `contourf` gives a 0/1 grid
    /// (its fill layers have midpoints 0.075 and 0.975 on levels 0…1.05).
    static let spectralRegionLow = RGB(hex: 0xc42c4b)
    static let spectralRegionHigh = RGB(hex: 0x3f78b5)

    /// matplotlib's "tab10" qualitative palette, for series and for more than two classes.
    public static let tab10: [RGB] = [
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
        0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
    ].map { RGB(hex: $0) }

    /// Ten evenly spaced stops of matplotlib's viridis map (perceptually uniform).
    static let viridisStops: [RGB] = [
        0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e,
        0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725,
    ].map { RGB(hex: $0) }

    /// The colour of series number `index` (tab10, cycling).
    public static func series(_ index: Int) -> RGB {
        tab10[((index % tab10.count) + tab10.count) % tab10.count]
    }

    /// The marker colour of class `label` among `classCount` classes: the course's
    /// Spectral red/blue for two classes, tab10 for more.
    public static func classColor(_ label: Int, classCount: Int) -> RGB {
        if classCount <= 2 {
            return label <= 0 ? spectralLow : spectralHigh
        }
        return series(label)
    }

    /// The fill colour of a decision region of class `label`: the course's `contourf`
    /// colour lightened so that markers of the same class stay visible on top.
    public static func regionColor(_ label: Int, classCount: Int) -> RGB {
        let base: RGB
        if classCount <= 2 {
            base = label <= 0 ? spectralRegionLow : spectralRegionHigh
        } else {
            base = series(label)
        }
        return base.mixed(with: .white, 0.5)
    }

    /// viridis at `t` in 0…1 (clamped), linearly interpolated between its stops.
    public static func viridis(_ t: Double) -> RGB {
        let u = t.isFinite ? min(max(t, 0), 1) : 0
        let position = u * Double(viridisStops.count - 1)
        let i = min(Int(position), viridisStops.count - 2)
        return viridisStops[i].mixed(with: viridisStops[i + 1], position - Double(i))
    }
}
