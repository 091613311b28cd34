import Foundation

/// Renders a notebook as Jupyter nbformat 4.5 JSON: markdown and code cells with their
/// outputs (`stream`, `execute_result`, `display_data` with SVG, `error`). Keys are sorted
/// and cell ids come from the cell's position, so the same run gives the same bytes.
public struct IpynbRenderer {
    public init() {}

    /// The notebook's JSON text.
    /// - Parameter notebook: a notebook, usually with outputs from ``NotebookRunner``.
    /// - Returns: the `.ipynb` document, ending with a newline.
    public func render(_ notebook: Notebook) -> String {
        var plotNumber = 0
        let cells: [[String: Any]] = notebook.cells.enumerated().map { index, cell in
            var json: [String: Any] = ["id": "cell-\(index + 1)", "source": Self.lines(cell.source)]
            json["metadata"] = cell.title.isEmpty ? [String: Any]() : ["title": cell.title]
            switch cell.kind {
            case .markdown:
                json["cell_type"] = "markdown"
            case .code:
                json["cell_type"] = "code"
                json["execution_count"] = cell.executionCount ?? NSNull()
                json["outputs"] = cell.outputs.map { output($0, count: cell.executionCount, plotNumber: &plotNumber) }
            }
            return json
        }
        let document: [String: Any] = [
            "cells": cells,
            "metadata": [
                "kernelspec": ["name": "dnnscript", "display_name": "dnnscript", "language": "dnnscript"],
                "language_info": ["name": "dnnscript", "file_extension": ".dnn", "mimetype": "text/x-dnnscript"],
            ],
            "nbformat": 4,
            "nbformat_minor": 5,
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: document,
                                                     options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            return "{}\n"   // unreachable: the document holds only strings, numbers, arrays and dictionaries
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func output(_ output: CellOutput, count: Int?, plotNumber: inout Int) -> [String: Any] {
        switch output {
        case .stream(let stream, let text):
            return ["output_type": "stream", "name": stream == .stdout ? "stdout" : "stderr", "text": Self.lines(text)]
        case .result(let text):
            return ["output_type": "execute_result", "execution_count": count ?? NSNull(), "metadata": [String: Any](),
                    "data": ["text/plain": Self.lines(text)]]
        case .plot(let plot):
            plotNumber += 1
            let svg = InlineSVG.prepare(plot.svg, prefix: "plot\(plotNumber)-", forHTML: false)
            return ["output_type": "display_data", "metadata": [String: Any](),
                    "data": ["image/svg+xml": Self.lines(svg), "text/plain": ["<plot \(plot.name)>"]]]
        case .error(let error):
            return ["output_type": "error", "ename": error.name, "evalue": error.message,
                    "traceback": error.rendered.trimmingTrailingNewline.components(separatedBy: "\n")]
        }
    }

    /// A multi-line string as Jupyter writes it: a list of lines, each but the last ending in "\n".
    static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            current.unicodeScalars.append(scalar)
            if scalar == "\n" {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
