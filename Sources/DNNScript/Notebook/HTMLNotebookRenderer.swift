import Foundation

/// Renders a notebook as one self-contained HTML page: no scripts, no network, no external
/// files. Markdown cells go through cmark-gfm (CommonMark with GFM tables), code is coloured by the dnnscript lexer, plots are
/// inline SVG, and the page follows the reader's light or dark scheme.
public struct HTMLNotebookRenderer {
    public init() {}

    /// The whole page.
    /// - Parameter notebook: a notebook, usually with outputs from ``NotebookRunner``.
    /// - Returns: the HTML document.
    public func render(_ notebook: Notebook) -> String {
        let highlighter = SyntaxHighlighter(source: notebook.source, file: notebook.file)
        let title = HTML.escape(URL(fileURLWithPath: notebook.file).lastPathComponent)
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <meta name="generator" content="dnnscript render">
        <title>\(title)</title>
        <style>\(NotebookStyle.css)</style>
        </head>
        <body>
        <main>
        <p class="file">\(title)</p>

        """
        var plotNumber = 0
        for (index, cell) in notebook.cells.enumerated() {
            let id = "cell-\(index + 1)"
            switch cell.kind {
            case .markdown:
                out += "<section class=\"cell markdown\" id=\"\(id)\">\n\(CommonMark.html(cell.source))\n</section>\n"
            case .code:
                let state = cell.status == .ok || cell.status == .notRun ? "" : " " + Self.statusClass(cell.status)
                let prompt = cell.executionCount.map { "[\($0)]" } ?? "[ ]"
                out += "<section class=\"cell code\(state)\" id=\"\(id)\">\n"
                let caption = cell.title.isEmpty ? "" : " <span class=\"title\">\(HTML.escape(cell.title))</span>"
                out += "<div class=\"prompt\">In \(prompt)\(caption)</div>\n"
                out += "<pre class=\"source\"><code>\(highlighter.html(lines: cell.firstLine, through: cell.lastLine))</code></pre>\n"
                if !cell.outputs.isEmpty {
                    out += "<div class=\"outputs\">\n"
                    for output in cell.outputs {
                        out += self.output(output, prompt: prompt, plotNumber: &plotNumber)
                    }
                    out += "</div>\n"
                }
                out += "</section>\n"
            }
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    private func output(_ output: CellOutput, prompt: String, plotNumber: inout Int) -> String {
        switch output {
        case .stream(.stdout, let text):
            return "<pre class=\"stdout\">\(HTML.escape(text.trimmingTrailingNewline))</pre>\n"
        case .stream(.stderr, let text):
            return "<pre class=\"stderr\">\(Self.markDiagnostics(text))</pre>\n"
        case .result(let text):
            return "<div class=\"prompt\">Out \(prompt)</div>\n<pre class=\"result\">\(HTML.escape(text))</pre>\n"
        case .plot(let plot):
            plotNumber += 1
            let svg = InlineSVG.prepare(plot.svg, prefix: "plot\(plotNumber)-", forHTML: true)
            return "<figure class=\"plot\">\(svg)<figcaption>\(HTML.escape(plot.name))</figcaption></figure>\n"
        case .error(let error):
            return "<pre class=\"error\" role=\"alert\">\(Self.markDiagnostics(error.rendered))</pre>\n"
        }
    }

    private static func statusClass(_ status: NotebookCell.Status) -> String {
        switch status {
        case .failedExpectations: return "expectation-failed"
        case .runtimeError, .staticError: return "failed"
        case .interrupted: return "interrupted"
        case .ok, .notRun: return ""
        }
    }

    /// Escapes stderr text and marks the header lines of diagnostics (`f:1:2: warning: …`).
    static func markDiagnostics(_ text: String) -> String {
        text.trimmingTrailingNewline.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let escaped = HTML.escape(String(line))
            if line.contains(": warning: ") || line.hasPrefix("warning: ") { return "<span class=\"warn\">\(escaped)</span>" }
            if line.contains(": error: ") || line.hasPrefix("error: ") { return "<span class=\"err\">\(escaped)</span>" }
            return escaped
        }.joined(separator: "\n")
    }
}

/// HTML text escaping.
enum HTML {
    /// Escapes `& < > " '` so text can go in an element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

extension String {
    var trimmingTrailingNewline: String {
        hasSuffix("\n") ? String(dropLast()) : self
    }
}
