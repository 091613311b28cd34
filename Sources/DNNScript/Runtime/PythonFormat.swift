/// Number formatting exactly as Python's `repr` prints floats.
public enum PythonFormat {
    /// The shortest decimal digits that round-trip `x` (no sign), and the decimal exponent
    /// `e` such that `x = 0.d₁d₂… × 10^e`. `x` must be finite and non-zero.
    static func shortestDigits(_ x: Double) -> (digits: [UInt8], exponent: Int) {
        // Swift's description is the shortest round-trip form (Errol/Ryu); re-read its digits.
        let text = "\(abs(x))"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var pointPosition: Int?
        for ch in mantissa {
            if ch == "." { pointPosition = digits.count; continue }
            if let d = ch.asciiValue { digits.append(d - 48) }
        }
        var point = (pointPosition ?? digits.count) + exponent
        while let first = digits.first, first == 0, digits.count > 1 { digits.removeFirst(); point -= 1 }
        while let last = digits.last, last == 0, digits.count > 1 { digits.removeLast() }
        return (digits, point)
    }

    /// `repr(float(x))` in Python: `0.5`, `1.0`, `1e-07`, `1e+16`, `inf`, `nan`.
    public static func repr(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let sign = x.sign == .minus ? "-" : ""
        if x == 0 { return sign + "0.0" }
        let (digits, decpt) = shortestDigits(x)
        let chars = digits.map { Character(Unicode.Scalar($0 + 48)) }
        if decpt > -4 && decpt <= 16 {
            if decpt <= 0 {
                return sign + "0." + String(repeating: "0", count: -decpt) + String(chars)
            }
            if decpt >= chars.count {
                return sign + String(chars) + String(repeating: "0", count: decpt - chars.count) + ".0"
            }
            return sign + String(chars[..<decpt]) + "." + String(chars[decpt...])
        }
        let e = decpt - 1
        let mantissa = chars.count == 1 ? String(chars) : String(chars[0]) + "." + String(chars[1...])
        let expDigits = String(abs(e))
        return sign + mantissa + "e" + (e < 0 ? "-" : "+") + (expDigits.count < 2 ? "0" : "") + expDigits
    }
}
