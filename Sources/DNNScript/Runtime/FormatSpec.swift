import DNNCore
import Foundation

/// How an interpolated value is written: `"{cost:.6f}"` — the part after the colon, in
/// Python's format-spec mini-language (the subset learners meet in the course's
/// notebooks): `[[fill]align][sign][width][,][.precision][type]`.
///
/// - align: `<` left, `>` right, `^` centre (fill: any one character before it); a `0`
///   before the width pads numbers with zeros after the sign
/// - sign: `+` always, `-` negatives only (the default), ` ` a space for positives
/// - width: the least number of characters; `,` groups thousands
/// - type: `f` fixed (6 digits by default: the course's `%f`), `e`/`E` exponent, `g`/`G`
///   general, `%` percent (×100, fixed), `d` integer, `s` text; none: as `print` writes it
public struct FormatSpec: Equatable, Sendable {
    public var fill: Character = " "
    public var align: Character?
    public var sign: Character = "-"
    public var width = 0
    public var grouping = false
    public var precision: Int?
    public var type: Character?

    /// Why a spec could not be read.
    public struct Problem: Error, Equatable, Sendable {
        public var message: String
    }

    /// Reads a spec, or says why it is not one.
    public static func parse(_ text: String) -> Result<FormatSpec, Problem> {
        var spec = FormatSpec()
        var chars = Array(text)
        var i = 0
        let aligns: Set<Character> = ["<", ">", "^"]
        if chars.count >= 2, aligns.contains(chars[1]) {
            spec.fill = chars[0]; spec.align = chars[1]; i = 2
        } else if let first = chars.first, aligns.contains(first) {
            spec.align = first; i = 1
        }
        if i < chars.count, "+- ".contains(chars[i]) { spec.sign = chars[i]; i += 1 }
        // `0` before the width pads with zeros after the sign (`{x:07.2f}` → -003.50).
        if i + 1 < chars.count, chars[i] == "0", chars[i + 1].isNumber, spec.align == nil {
            spec.fill = "0"; spec.align = "="; i += 1
        }
        var digits = ""
        while i < chars.count, chars[i].isASCII, chars[i].isNumber { digits.append(chars[i]); i += 1 }
        if !digits.isEmpty {
            guard let width = Int(digits), width <= 1000 else { return .failure(Problem(message: "width \(digits) is too large (at most 1000)")) }
            spec.width = width
        }
        if i < chars.count, chars[i] == "," { spec.grouping = true; i += 1 }
        if i < chars.count, chars[i] == "." {
            i += 1
            var p = ""
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { p.append(chars[i]); i += 1 }
            guard let precision = Int(p), precision <= 100 else {
                return .failure(Problem(message: p.isEmpty ? "'.' must be followed by a precision" : "precision \(p) is too large (at most 100)"))
            }
            spec.precision = precision
        }
        if i < chars.count, "feEgGd%s".contains(chars[i]) { spec.type = chars[i]; i += 1 }
        guard i == chars.count else {
            chars = Array(chars[i...])
            return .failure(Problem(message: "unexpected '\(String(chars))' in format spec '\(text)' (e.g. .6f, 10.3e, >8, .1%)"))
        }
        if spec.type == "d", spec.precision != nil { return .failure(Problem(message: "precision is not allowed with 'd'")) }
        return .success(spec)
    }

    /// `value` written by this spec.
    /// - Throws: a message when the value cannot take it (text with `f`, a fraction with `d`).
    func format(_ value: Value) throws -> String {
        var body: String
        var negative = false
        switch (value, type) {
        case (_, "s"?), (.string, nil):
            guard case .string(let s) = value else { throw FormatError("'s' formats text, not \(withArticle(value.typeName))") }
            body = precision.map { String(s.prefix($0)) } ?? s
            return pad(body, numeric: false)
        case (.int(let n), nil), (.int(let n), "d"?):
            negative = n < 0
            body = String(n.magnitude)
            if grouping { body = Self.grouped(body) }
        case (.bool(let b), "d"?):
            body = b ? "1" : "0"
        default:
            guard let x = value.number else { throw FormatError("cannot format \(withArticle(value.typeName)) with '\(type.map(String.init) ?? "")'") }
            if type == "d" {
                guard x.isFinite, x == x.rounded() else { throw FormatError("'d' needs a whole number, not \(PythonFormat.repr(x))") }
            }
            negative = x.sign == .minus && !(x.isNaN)
            body = Self.number(abs(x), type: type, precision: precision)
            if grouping, x.isFinite {
                let point = body.firstIndex { !$0.isNumber } ?? body.endIndex
                body = Self.grouped(String(body[..<point])) + body[point...]
            }
        }
        let signText = negative ? "-" : (sign == "+" ? "+" : sign == " " ? " " : "")
        if align == "=" {
            return signText + String(repeating: fill, count: max(0, width - signText.count - body.count)) + body
        }
        return pad(signText + body, numeric: true)
    }

    private func pad(_ text: String, numeric: Bool) -> String {
        let missing = width - text.count
        guard missing > 0 else { return text }
        let padding = { (n: Int) in String(repeating: fill, count: n) }
        switch align ?? (numeric ? ">" : "<") {
        case "<": return text + padding(missing)
        case "^": return padding(missing / 2) + text + padding(missing - missing / 2)
        default: return padding(missing) + text
        }
    }

    private static func number(_ x: Double, type: Character?, precision: Int?) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return "inf" }
        switch type {
        case "f"?: return String(format: "%.\(precision ?? 6)f", x)
        case "e"?, "E"?:
            return String(format: "%.\(precision ?? 6)\(type!)", x)
        case "g"?, "G"?: return String(format: "%.\(max(1, precision ?? 6))\(type!)", x)
        case "%"?: return String(format: "%.\(precision ?? 6)f", x * 100) + "%"
        case "d"?: return String(format: "%.0f", x)
        default:
            if let precision { return String(format: "%.\(max(1, precision))g", x) }
            return PythonFormat.repr(x)
        }
    }

    private static func grouped(_ digits: String) -> String {
        var out = ""
        for (n, c) in digits.reversed().enumerated() {
            if n > 0, n % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }
}

/// A value that does not fit its format spec.
struct FormatError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
