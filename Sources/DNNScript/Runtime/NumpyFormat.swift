import DNNCore
import Foundation

/// Prints a matrix exactly as numpy's `print(array)` does for a 2-D float64 array, with the
/// default options: precision 8, floatmode 'maxprec', linewidth 75, threshold 1000,
/// edgeitems 3, sign '-'. (numpy/_core/arrayprint.py: FloatingFormat and _formatArray.)
public enum NumpyFormat {
    public static let precision = 8
    public static let lineWidth = 75
    public static let threshold = 1000
    public static let edgeItems = 3

    /// `str(np.array(matrix))`.
    public static func string(_ m: Matrix) -> String {
        if m.rows == 0 || m.cols == 0 { return "[]" }
        let summarize = m.count > threshold
        let rowIndices = indices(m.rows, summarize)
        let colIndices = indices(m.cols, summarize)
        var shown: [Double] = []
        for r in rowIndices.compactMap({ $0 }) {
            for c in colIndices.compactMap({ $0 }) { shown.append(m[r, c]) }
        }
        let format = FloatFormat(shown)
        // _formatArray for two axes: rows joined by "\n ", elements wrapped at the line width.
        let hanging = "  "
        let elementWidth = lineWidth - 1 - 1
        var rowsText: [String] = []
        for r in rowIndices {
            guard let r else { rowsText.append("..."); continue }
            var s = ""
            var line = hanging
            for (k, c) in colIndices.enumerated() {
                let word = c.map { format.format(m[r, $0]) } ?? "..."
                let isLast = k == colIndices.count - 1
                if line.count + word.count > elementWidth && line.count > hanging.count {
                    s += String(line.reversed().drop { $0 == " " }.reversed()) + "\n"
                    line = hanging
                }
                line += word
                if !isLast { line += " " }
            }
            s += line
            rowsText.append("[" + s.dropFirst(hanging.count) + "]")
        }
        return "[" + rowsText.joined(separator: "\n ") + "]"
    }

    /// Row or column indices to print; nil stands for the "..." summary.
    private static func indices(_ n: Int, _ summarize: Bool) -> [Int?] {
        if summarize && n > 2 * edgeItems {
            return Array(0..<edgeItems) + [nil] + Array((n - edgeItems)..<n)
        }
        return Array(0..<n)
    }

    /// Formats one float the way numpy does inside an array whose other shown entries are
    /// `values` (they decide padding and exponent mode).
    struct FloatFormat {
        var expFormat = false
        var padLeft = 0
        var padRight = 0
        var precision = NumpyFormat.precision
        var expSize = -1

        init(_ values: [Double]) {
            let finite = values.filter { $0.isFinite }
            let nonZero = finite.filter { $0 != 0 }.map(abs)
            if let maxValue = nonZero.max(), let minValue = nonZero.min() {
                expFormat = maxValue >= 1e8 || minValue < 0.0001 || maxValue / minValue > 1000
            }
            if finite.isEmpty {
                padLeft = 0
                padRight = 0
            } else if expFormat {
                let parts = finite.map { NumpyFormat.scientific($0, precision: NumpyFormat.precision) }
                expSize = (parts.map { $0.exponent.count }.max() ?? 3) - 1
                precision = parts.map { $0.fraction.count }.max() ?? 0
                padLeft = parts.map { $0.integer.count }.max() ?? 1
                padRight = expSize + 2 + precision
            } else {
                let parts = finite.map { NumpyFormat.positional($0, precision: NumpyFormat.precision) }
                padLeft = parts.map { $0.integer.count }.max() ?? 1
                padRight = parts.map { $0.fraction.count }.max() ?? 0
            }
            if finite.count != values.count {
                let negativeInf = values.contains { $0.isInfinite && $0 < 0 }
                let offset = padRight + 1
                padLeft = max(padLeft, 3 - offset, 3 + (negativeInf ? 1 : 0) - offset)
            }
        }

        func format(_ x: Double) -> String {
            if !x.isFinite {
                let text = x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
                return String(repeating: " ", count: max(0, padLeft + padRight + 1 - text.count)) + text
            }
            if expFormat {
                let p = NumpyFormat.scientific(x, precision: precision)
                let fraction = p.fraction + String(repeating: "0", count: max(0, precision - p.fraction.count))
                var digits = String(p.exponent.dropFirst())
                while digits.count < expSize { digits = "0" + digits }
                return pad(p.integer, padLeft) + "." + fraction + "e" + String(p.exponent.prefix(1)) + digits
            }
            let p = NumpyFormat.positional(x, precision: precision)
            return pad(p.integer, padLeft) + "." + p.fraction
                + String(repeating: " ", count: max(0, padRight - p.fraction.count))
        }

        private func pad(_ s: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - s.count)) + s
        }
    }

    /// numpy's `dragon4_positional(x, precision, unique=True, trim='.')` split at the point.
    static func positional(_ x: Double, precision: Int) -> (integer: String, fraction: String) {
        let sign = x.sign == .minus ? "-" : ""
        if x == 0 { return (sign + "0", "") }
        let (digits, decpt) = PythonFormat.shortestDigits(x)
        let fractionDigits = digits.count - decpt
        var text: String
        if fractionDigits > precision {
            text = String(format: "%.\(precision)f", abs(x))
        } else {
            let chars = String(digits.map { Character(Unicode.Scalar($0 + 48)) })
            if decpt <= 0 {
                text = "0." + String(repeating: "0", count: -decpt) + chars
            } else if decpt >= chars.count {
                text = chars + String(repeating: "0", count: decpt - chars.count) + "."
            } else {
                text = String(chars.prefix(decpt)) + "." + String(chars.dropFirst(decpt))
            }
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integer = String(parts[0])
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (sign + integer, fraction)
    }

    /// numpy's `dragon4_scientific(x, precision, unique=True, trim='.')`: integer digit,
    /// fraction digits and the signed exponent with at least two digits (`+05`).
    static func scientific(_ x: Double, precision: Int) -> (integer: String, fraction: String, exponent: String) {
        let sign = x.sign == .minus ? "-" : ""
        if x == 0 { return (sign + "0", "", "+00") }
        var (digits, decpt) = PythonFormat.shortestDigits(x)
        if digits.count > precision + 1 {
            let text = String(format: "%.\(precision)e", abs(x))
            let parts = text.split(separator: "e")
            digits = parts[0].compactMap { $0.wholeNumberValue.map { UInt8($0) } }
            decpt = (Int(parts[1]) ?? 0) + 1
            while digits.count > 1, digits.last == 0 { digits.removeLast() }
        }
        let chars = digits.map { Character(Unicode.Scalar($0 + 48)) }
        let e = decpt - 1
        var expDigits = String(abs(e))
        if expDigits.count < 2 { expDigits = "0" + expDigits }
        return (sign + String(chars[0]), String(chars.dropFirst()), (e < 0 ? "-" : "+") + expDigits)
    }
}
