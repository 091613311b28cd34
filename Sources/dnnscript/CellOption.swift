import ArgumentParser
import DNNScript
import Foundation

/// `dnnscript FILE.dnn --cell N` (or `N-M`): run chosen cells, for editors.
extension Run {
    /// The chosen cells and the script's own arguments. `--cell` may come before FILE, or
    /// after it where editors put it (`dnnscript lab.dnn --cell 3`); after FILE it is taken
    /// out of the script's arguments unless it follows `--`, which is taken out too. Every
    /// other option after FILE is the script's (as with python and node): one of dnnscript's
    /// own gets a note on stderr, unless it follows `--`.
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
            if Self.isOwnOption(argument) {
                let note = "dnnscript: note: '\(argument)' after the script is passed to it as args[\(rest.count)]; "
                    + "put dnnscript's options before the script path\n"
                try? StdioHost.writeAll(Array(note.utf8), to: STDERR_FILENO)
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
        guard let text else { return (nil, rest) }
        do {
            return (try CellSelection(parsing: text), rest)
        } catch {
            throw usageError("\(error)")
        }
    }

    /// Whether `argument` is one of `run`'s own options (`--no-plots`, `--seed 3`, `--help`…),
    /// asked of their definitions so the list is never written twice; `--cell` is handled apart.
    static func isOwnOption(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), argument != "-", argument != "--", !argument.hasPrefix("--cell") else { return false }
        for attempt in [[argument], [argument, "1"]] {
            do {
                _ = try ScriptFlags.parse(attempt)
                return true
            } catch {
                if ScriptFlags.exitCode(for: error) == .success { return true }   // --help
            }
        }
        return false
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
