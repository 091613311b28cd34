/// Makes a plot's SVG document fit inside a page with other plots.
enum InlineSVG {
    private static let prolog = Array("<?xml".utf8)
    private static let idPatterns = [" id=\"", "url(#", "href=\"#"].map { Array($0.utf8) }
    private static let namespaces = [" xmlns=\"http://www.w3.org/2000/svg\"",
                                     " xmlns:xlink=\"http://www.w3.org/1999/xlink\""].map { Array($0.utf8) }

    /// Strips the XML prolog, prefixes every `id` and every `#id` reference so the plots of
    /// one page do not share ids, and for HTML drops the `xmlns` attributes (an inline
    /// `<svg>` gets its namespace from the HTML parser) and marks it as an image (its
    /// `<title>` is its accessible name).
    ///
    /// One pass over the bytes: boundary plots are large, and this runs for every plot.
    /// - Parameters:
    ///   - svg: a document as DNNPlot writes it.
    ///   - prefix: put before each id (`plot3-`).
    ///   - forHTML: whether the result goes inside an HTML page.
    static func prepare(_ svg: String, prefix: String, forHTML: Bool) -> String {
        let bytes = Array(svg.utf8)
        let prefixBytes = Array(prefix.utf8)
        var i = 0
        if starts(bytes, at: 0, with: prolog) {
            while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "?") && bytes[i + 1] == UInt8(ascii: ">")) { i += 1 }
            i = min(bytes.count, i + 2)
            while i < bytes.count, bytes[i] == UInt8(ascii: "\n") || bytes[i] == UInt8(ascii: "\r") { i += 1 }
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 256)
        if forHTML, starts(bytes, at: i, with: Array("<svg ".utf8)) {
            out += Array("<svg role=\"img\"".utf8)
            i += 4   // the space after "<svg" stays in the input, where " xmlns=" matches
        }
        scan: while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "u") || byte == UInt8(ascii: "h") {
                if forHTML, byte == UInt8(ascii: " ") {
                    for namespace in namespaces where starts(bytes, at: i, with: namespace) {
                        i += namespace.count
                        continue scan
                    }
                }
                if !prefixBytes.isEmpty {
                    for pattern in idPatterns where starts(bytes, at: i, with: pattern) {
                        out += pattern
                        out += prefixBytes
                        i += pattern.count
                        continue scan
                    }
                }
            }
            out.append(byte)
            i += 1
        }
        while out.last == UInt8(ascii: "\n") { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    private static func starts(_ bytes: [UInt8], at index: Int, with pattern: [UInt8]) -> Bool {
        guard index + pattern.count <= bytes.count else { return false }
        for k in 0..<pattern.count where bytes[index + k] != pattern[k] { return false }
        return true
    }
}
