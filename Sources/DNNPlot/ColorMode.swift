/// How many colours the terminal shows, and so which escape codes the renderer emits.
public enum ColorMode: String, Equatable, Sendable, CaseIterable {
    /// 24-bit colour (`ESC[38;2;r;g;bm`).
    case truecolor
    /// The xterm 256-colour palette (`ESC[38;5;nm`).
    case ansi256 = "256"
    /// The 16 basic ANSI colours (`ESC[31m`, `ESC[91m`, …).
    case ansi16 = "16"
    /// No escape codes at all: plain characters only (shading and marker letters tell classes apart).
    case none

    /// Chooses a mode from environment variables: `NO_COLOR` set (to anything) or
    /// `TERM=dumb` → none; `COLORTERM=truecolor|24bit` → truecolor; `TERM` containing
    /// "256color" → 256; otherwise 16.
    /// - Parameter environment: e.g. `ProcessInfo.processInfo.environment`.
    /// - Returns: the mode to render with.
    public static func detect(environment: [String: String]) -> ColorMode {
        if environment["NO_COLOR"] != nil { return .none }
        let term = environment["TERM"] ?? ""
        if term == "dumb" { return .none }
        let colorterm = (environment["COLORTERM"] ?? "").lowercased()
        if colorterm == "truecolor" || colorterm == "24bit" { return .truecolor }
        if term.contains("256color") { return .ansi256 }
        return .ansi16
    }

    /// The SGR parameters that set `color` as foreground (or background), or "" for `.none`.
    func sgr(_ color: RGB, background: Bool) -> String {
        switch self {
        case .truecolor:
            return "\(background ? 48 : 38);2;\(color.r);\(color.g);\(color.b)"
        case .ansi256:
            return "\(background ? 48 : 38);5;\(Self.xterm256(color))"
        case .ansi16:
            let (index, bright) = Self.ansi16(color)
            return String((background ? 40 : 30) + (bright ? 60 : 0) + index)
        case .none:
            return ""
        }
    }

    /// The nearest xterm-256 index: the 6×6×6 cube or the 24-step grey ramp.
    static func xterm256(_ c: RGB) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func nearest(_ v: UInt8) -> Int {
            var best = 0
            for i in levels.indices where abs(levels[i] - Int(v)) < abs(levels[best] - Int(v)) { best = i }
            return best
        }
        let (ri, gi, bi) = (nearest(c.r), nearest(c.g), nearest(c.b))
        let cube = 16 + 36 * ri + 6 * gi + bi
        let cubeDistance = sq(levels[ri] - Int(c.r)) + sq(levels[gi] - Int(c.g)) + sq(levels[bi] - Int(c.b))
        let mean = (Int(c.r) + Int(c.g) + Int(c.b)) / 3
        let step = min(max((mean - 8 + 5) / 10, 0), 23)
        let grey = 8 + 10 * step
        let greyDistance = sq(grey - Int(c.r)) + sq(grey - Int(c.g)) + sq(grey - Int(c.b))
        return greyDistance < cubeDistance ? 232 + step : cube
    }

    /// A basic ANSI colour by hue sector, so that light tints keep their hue (a pale blue
    /// region stays blue rather than becoming white); bright when the colour is light.
    static func ansi16(_ c: RGB) -> (index: Int, bright: Bool) {
        let r = Double(c.r) / 255, g = Double(c.g) / 255, b = Double(c.b) / 255
        let maxC = max(r, g, b), minC = min(r, g, b)
        let saturation = maxC == 0 ? 0 : (maxC - minC) / maxC
        if saturation < 0.2 {
            if maxC < 0.25 { return (0, false) }
            if maxC < 0.6 { return (0, true) }
            return (7, maxC > 0.9)
        }
        var hue: Double
        let d = maxC - minC
        if maxC == r { hue = 60 * ((g - b) / d) } else if maxC == g { hue = 60 * ((b - r) / d + 2) } else { hue = 60 * ((r - g) / d + 4) }
        if hue < 0 { hue += 360 }
        // ANSI order: 1 red, 3 yellow, 2 green, 6 cyan, 4 blue, 5 magenta (60° sectors from red).
        let sectors = [1, 3, 2, 6, 4, 5]
        let index = sectors[Int(((hue + 30) / 60).rounded(.down)) % 6]
        return (index, maxC > 0.8 && saturation < 0.7)
    }

    private static func sq(_ v: Int) -> Int { v * v }
}
