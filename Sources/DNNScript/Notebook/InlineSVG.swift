import Foundation

/// Makes a plot's SVG document fit inside a page with other plots.
enum InlineSVG {
    /// Strips the XML prolog, prefixes every `id` (and the `#id` references to it) so the
    /// plots of one page do not share ids, and for HTML drops the `xmlns` attributes (an
    /// inline `<svg>` gets its namespace from the HTML parser).
    /// - Parameters:
    ///   - svg: a document as DNNPlot writes it.
    ///   - prefix: put before each id (`plot3-`).
    ///   - forHTML: whether the result goes inside an HTML page.
    static func prepare(_ svg: String, prefix: String, forHTML: Bool) -> String {
        var text = Substring(svg)
        if text.hasPrefix("<?xml"), let end = text.range(of: "?>") {
            text = text[end.upperBound...].drop { $0 == "\n" || $0 == "\r" }
        }
        var out = String(text)
        var ids: [String] = []
        var search = out.startIndex
        while let found = out.range(of: " id=\"", range: search..<out.endIndex),
              let close = out[found.upperBound...].firstIndex(of: "\"") {
            ids.append(String(out[found.upperBound..<close]))
            search = close
        }
        for id in Set(ids).sorted() {
            out = out.replacingOccurrences(of: " id=\"\(id)\"", with: " id=\"\(prefix)\(id)\"")
            out = out.replacingOccurrences(of: "url(#\(id))", with: "url(#\(prefix)\(id))")
            out = out.replacingOccurrences(of: "href=\"#\(id)\"", with: "href=\"#\(prefix)\(id)\"")
        }
        if forHTML {
            out = out.replacingOccurrences(of: " xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            out = out.replacingOccurrences(of: " xmlns:xlink=\"http://www.w3.org/1999/xlink\"", with: "")
        }
        return out.hasSuffix("\n") ? String(out.dropLast()) : out
    }
}
