import Foundation

/// A tick: its data value and its label.
struct Tick: Equatable {
    var value: Double
    var label: String
}

/// Tick placement at "nice" numbers and matplotlib-like labels.
enum Ticks {
    /// The smallest step of the form 1, 2 or 5 × 10^k that is at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for factor in [1.0, 2, 5, 10] where factor * magnitude >= raw * (1 - 1e-9) {
            return factor * magnitude
        }
        return 10 * magnitude
    }

    /// Ticks inside `range` on a linear axis, about `target` of them.
    static func linear(_ range: ClosedRange<Double>, target: Int) -> [Tick] {
        let span = range.upperBound - range.lowerBound
        let step = niceStep(span / Double(max(target, 1)))
        let first = (range.lowerBound / step - 1e-9).rounded(.up)
        let last = (range.upperBound / step + 1e-9).rounded(.down)
        guard first.isFinite, last.isFinite, last >= first, last - first < 1000, abs(first) < 9e15, abs(last) < 9e15 else { return [] }
        let decimals = max(0, Int(-(log10(step) + 1e-9).rounded(.down)))
        let biggest = max(abs(range.lowerBound), abs(range.upperBound))
        let scientific = biggest >= 1e6 || decimals > 4
        var ticks: [Tick] = []
        for k in Int(first)...Int(last) {
            var value = Double(k) * step
            if abs(value) < step * 1e-9 { value = 0 }
            let label = scientific ? formatScientific(value) : formatFixed(value, decimals: decimals)
            ticks.append(Tick(value: value, label: label))
        }
        return ticks
    }

    /// Ticks at powers of ten inside `range` (positive) on a log axis, labelled 10ⁿ. A
    /// range that holds fewer than two powers of ten (a cost falling from 0.7 to 0.3) gets
    /// ticks at m × 10ⁿ instead, labelled like matplotlib's: 2×10⁻¹, 3×10⁻¹, …
    static func log(_ range: ClosedRange<Double>, target: Int) -> [Tick] {
        guard range.lowerBound > 0 else { return [] }
        let low = Int((log10(range.lowerBound) - 1e-9).rounded(.up))
        let high = Int((log10(range.upperBound) + 1e-9).rounded(.down))
        if high - low < 1 { return withinDecades(range, target: target) }
        let every = max(1, Int((Double(high - low + 1) / Double(max(target, 1))).rounded(.up)))
        var ticks: [Tick] = []
        var e = low
        while e <= high {
            ticks.append(Tick(value: pow(10, Double(e)), label: "10" + superscript(e)))
            e += every
        }
        return ticks
    }

    /// Ticks at m × 10ⁿ inside a range narrower than two decades: the densest of the
    /// mantissa sets 1–9, {1, 2, 5}, {1, 3}, {1} that gives at most `target` ticks.
    private static func withinDecades(_ range: ClosedRange<Double>, target: Int) -> [Tick] {
        guard range.upperBound.isFinite else { return [] }
        let first = Int(log10(range.lowerBound).rounded(.down)), last = Int(log10(range.upperBound).rounded(.up))
        var ticks: [Tick] = []
        for mantissas in [Array(1...9), [1, 2, 5], [1, 3], [1]] {
            ticks = []
            for e in first...last {
                for m in mantissas {
                    let value = Double(m) * pow(10, Double(e))
                    guard value >= range.lowerBound * (1 - 1e-9), value <= range.upperBound * (1 + 1e-9) else { continue }
                    ticks.append(Tick(value: value, label: (m == 1 ? "" : "\(m)×") + "10" + superscript(e)))
                }
            }
            if ticks.count <= max(target, 2) { break }
        }
        return ticks
    }

    /// `value` with exactly `decimals` digits after the point and a Unicode minus, as
    /// matplotlib prints tick labels (−1.0, −0.5, 0.0).
    static func formatFixed(_ value: Double, decimals: Int) -> String {
        let scale = pow(10, Double(decimals))
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return formatScientific(value) }
        var digits = String(Int64(scaled))
        if decimals > 0 {
            while digits.count <= decimals { digits = "0" + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (value < 0 && scaled > 0 ? "\u{2212}" : "") + digits
    }

    /// `value` as a mantissa and a two-digit exponent, like 1e-07 or 2.5e+06.
    static func formatScientific(_ value: Double) -> String {
        guard value != 0, value.isFinite else { return value == 0 ? "0" : "\(value)" }
        var exponent = Int(log10(abs(value)).rounded(.down))
        var mantissa = abs(value) / pow(10, Double(exponent))
        if (mantissa * 100).rounded() >= 1000 {
            mantissa /= 10
            exponent += 1
        }
        var m = formatFixed(mantissa, decimals: 2)
        while m.hasSuffix("0") { m.removeLast() }
        if m.hasSuffix(".") { m.removeLast() }
        let e = String(abs(exponent))
        return (value < 0 ? "\u{2212}" : "") + m + "e" + (exponent < 0 ? "-" : "+") + (e.count < 2 ? "0" + e : e)
    }

    /// A short label for a value that is not on a tick (legend, histogram edges).
    static func formatShort(_ value: Double) -> String {
        let a = abs(value)
        if a != 0 && (a < 1e-3 || a >= 1e6) { return formatScientific(value) }
        var s = formatFixed(value, decimals: 3)
        while s.contains(".") && s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    static func superscript(_ n: Int) -> String {
        let map: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴",
            "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
        ]
        return String(String(n).map { map[$0] ?? $0 })
    }
}
