import ArgumentParser
import DNNScript
import Foundation

/// `dnnscript FILE.dnn --cell N` (or `N-M`): run chosen cells, for editors.
extension Run {
    /// The chosen cells and the script's own arguments. `--cell` may come before FILE, or
    /// after it where editors put it (`dnnscript lab.dnn --cell 3`); after FILE it is taken
    /// out of the script's arguments unless it follows `--`.
    func cellSelection() throws -> (selection: CellSelection?, arguments: [String]) {
        var rest: [String] = []
        var text = cell
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            if argument == "--" {
                rest += arguments[(i + 1)...]
                break
            }
            if argument == "--cell", i + 1 < arguments.count {
                text = arguments[i + 1]
                i += 2
                continue
            }
            if argument.hasPrefix("--cell=") {
                text = String(argument.dropFirst("--cell=".count))
            } else {
                rest.append(argument)
            }
            i += 1
        }
        guard let text else { return (nil, arguments) }
        do {
            return (try CellSelection(parsing: text), rest)
        } catch {
            throw usageError("\(error)")
        }
    }

    /// Runs the chosen cells against the console; throws the exit code when it is not 0.
    func runCells(_ selection: CellSelection, source: String, file: String, host: StdioHost,
                  options: ScriptOptions) throws {
        let code: DNNScript.ExitCode
        do {
            code = try NotebookRunner.run(selection, source: source, file: file, host: host, options: options)
        } catch {
            throw usageError("\(error)")
        }
        if code != .ok { throw ExitCode(code.rawValue) }
    }

    private func usageError(_ message: String) -> ArgumentParser.ExitCode {
        try? StdioHost.writeAll(Array("dnnscript: \(message)\n".utf8), to: STDERR_FILENO)
        return ExitCode(DNNScript.ExitCode.usage.rawValue)
    }
}
