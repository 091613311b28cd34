import Testing
@testable import DNNPlot

@Suite struct ColorTests {
    @Test func courseClassColoursAreSpectralEnds() {
        // matplotlib _Spectral_data: first (0.6196, 0.0039, 0.2588) and last (0.3686, 0.3098, 0.6353)
        // entries, i.e. ColorBrewer Spectral-11 #9e0142 and #5e4fa2: red for y = 0, blue for y = 1.
        #expect(Palette.classColor(0, classCount: 2).hexString == "#9e0142")
        #expect(Palette.classColor(1, classCount: 2).hexString == "#5e4fa2")
        #expect(Palette.classColor(2, classCount: 3) == Palette.tab10[2])
    }

    @Test func viridisEndsAndMiddle() {
        // matplotlib viridis(0) = #440154, viridis(1) = #fde725.
        #expect(Palette.viridis(0).hexString == "#440154")
        #expect(Palette.viridis(1).hexString == "#fde725")
        #expect(Palette.viridis(.nan).hexString == "#440154")
        #expect(Palette.viridis(2).hexString == "#fde725")
    }

    @Test func regionColoursAreLighterThanMarkers() {
        for k in 0..<2 {
            let marker = Palette.classColor(k, classCount: 2), region = Palette.regionColor(k, classCount: 2)
            #expect(Int(region.r) + Int(region.g) + Int(region.b) > Int(marker.r) + Int(marker.g) + Int(marker.b) + 150)
        }
    }

    @Test(arguments: [
        (["NO_COLOR": "1", "COLORTERM": "truecolor", "TERM": "xterm-256color"], ColorMode.none),
        (["NO_COLOR": "", "TERM": "xterm"], .none),
        (["TERM": "dumb", "COLORTERM": "truecolor"], .none),
        (["TERM": "xterm-256color", "COLORTERM": "truecolor"], .truecolor),
        (["TERM": "xterm", "COLORTERM": "24bit"], .truecolor),
        (["TERM": "screen-256color"], .ansi256),
        (["TERM": "xterm"], .ansi16),
        ([:], .ansi16),
    ])
    func modeFromEnvironment(environment: [String: String], expected: ColorMode) {
        #expect(ColorMode.detect(environment: environment) == expected)
    }

    @Test func escapeCodesPerMode() {
        let red = RGB(hex: 0x9e0142)
        #expect(ColorMode.truecolor.sgr(red, background: false) == "38;2;158;1;66")
        #expect(ColorMode.truecolor.sgr(red, background: true) == "48;2;158;1;66")
        // xterm cube levels 0,95,135,175,215,255: (158,1,66) → (175,0,95) = 16 + 36·3 + 6·0 + 1 = 125.
        #expect(ColorMode.ansi256.sgr(red, background: false) == "38;5;125")
        #expect(ColorMode.ansi256.sgr(RGB(128, 128, 128), background: false) == "38;5;244")
        #expect(ColorMode.ansi16.sgr(RGB(hex: 0x5e4fa2), background: false) == "34")
        #expect(ColorMode.ansi16.sgr(RGB(hex: 0xe195a5), background: true) == "101")
        #expect(ColorMode.none.sgr(red, background: false) == "")
    }
}
