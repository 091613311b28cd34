/// Appends SVG text compactly and deterministically.
struct SVGWriter {
    private(set) var text = ""

    init() {
        text.reserveCapacity(64 * 1024)
    }

    mutating func raw(_ s: String) {
        text += s
    }

    mutating func line(_ s: String) {
        text += s
        text += "\n"
    }

    /// `v` with at most two decimals and no trailing zeros ("12", "3.5", "-0.25").
    static func number(_ v: Double) -> String {
        let clamped = v.isFinite ? min(max(v, -1e7), 1e7) : 0
        let hundredths = Int64((clamped * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let a = abs(hundredths)
        let whole = a / 100
        let frac = a % 100
        if frac == 0 { return sign + String(whole) }
        if frac % 10 == 0 { return sign + String(whole) + "." + String(frac / 10) }
        return sign + String(whole) + (frac < 10 ? ".0" : ".") + String(frac)
    }

    /// `s` escaped for XML text and attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Control characters are not allowed in XML 1.0; keep tabs and newlines out too.
                if ch.value < 0x20 || ch.value == 0xFFFE || ch.value == 0xFFFF { out += " " } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }

    /// A rough text width in pixels for DejaVu Sans at `size` (≈0.6 em per character).
    static func textWidth(_ s: String, size: Double) -> Double {
        Double(s.count) * size * 0.6
    }
}
