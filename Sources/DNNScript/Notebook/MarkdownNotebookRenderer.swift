import Foundation

/// Renders a notebook as Markdown: markdown cells as they are, code in ```` ```dnnscript ````
/// fences, outputs in ```` ```text ```` fences, plots as SVG files in a folder beside the
/// document, linked as images.
public struct MarkdownNotebookRenderer {
    /// The folder for plots, relative to the document (`assignment1_files`).
    public var filesDirectory: String

    public init(filesDirectory: String) {
        self.filesDirectory = filesDirectory
    }

    /// The document and the plot files it links.
    /// - Parameter notebook: a notebook, usually with outputs from ``NotebookRunner``.
    /// - Returns: the Markdown text and the files to write, as paths relative to the document.
    public func render(_ notebook: Notebook) -> (markdown: String, files: [(path: String, contents: String)]) {
        var blocks: [String] = []
        var files: [(path: String, contents: String)] = []
        var usedNames: Set<String> = []
        for cell in notebook.cells {
            switch cell.kind {
            case .markdown:
                if !cell.source.isEmpty { blocks.append(cell.source) }
            case .code:
                blocks.append(Self.fenced(cell.source, info: "dnnscript"))
                for output in cell.outputs {
                    switch output {
                    case .stream(_, let text), .result(let text):
                        blocks.append(Self.fenced(text.trimmingTrailingNewline, info: "text"))
                    case .error(let error):
                        blocks.append(Self.fenced(error.rendered.trimmingTrailingNewline, info: "text"))
                    case .plot(let plot):
                        let name = Self.unique(plot.name, among: &usedNames)
                        let path = filesDirectory + "/" + name
                        files.append((path, InlineSVG.prepare(plot.svg, prefix: "", forHTML: false) + "\n"))
                        let alt = name.hasSuffix(".svg") ? String(name.dropLast(4)) : name
                        blocks.append("![\(Self.escapeAlt(alt))](\(Self.encodePath(path)))")
                    }
                }
            }
        }
        return (blocks.joined(separator: "\n\n") + "\n", files)
    }

    /// A fence longer than any run of backticks in the text.
    static func fenced(_ text: String, info: String) -> String {
        var longest = 0, run = 0
        for c in text.unicodeScalars {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return "\(fence)\(info)\n\(text)\n\(fence)"
    }

    private static func unique(_ name: String, among used: inout Set<String>) -> String {
        var candidate = name
        var n = 2
        while used.contains(candidate) {
            let stem = name.hasSuffix(".svg") ? String(name.dropLast(4)) : name
            candidate = "\(stem)-\(n).svg"
            n += 1
        }
        used.insert(candidate)
        return candidate
    }

    private static func escapeAlt(_ text: String) -> String {
        text.replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
    }

    /// Percent-encodes what would end or break a Markdown link destination.
    private static func encodePath(_ path: String) -> String {
        var out = ""
        for c in path.unicodeScalars {
            switch c {
            case " ": out += "%20"
            case "(": out += "%28"
            case ")": out += "%29"
            case "<": out += "%3C"
            case ">": out += "%3E"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
