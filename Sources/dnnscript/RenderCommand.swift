import ArgumentParser
import DNNScript
import Foundation

/// The formats `render` writes.
enum NotebookFormat: String, ExpressibleByArgument, CaseIterable {
    case html, ipynb, md

    var fileExtension: String { rawValue }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a script cell by cell and write a notebook with every output and plot in place.",
        discussion: """
        A cell that fails shows its error in place and the next cells still run; the exit code \
        says a cell failed (70, or 1 for failed expectations). A script with syntax or name \
        errors does not run: the notebook shows the errors in their cells and the exit code is 65.
        """)

    @Option(name: .long, help: ArgumentHelp("The format: html, ipynb or md (default: from -o, else html).", valueName: "FORMAT"))
    var to: NotebookFormat?

    @Option(name: [.short, .long], help: ArgumentHelp("The file to write (default: FILE with the format's extension).", valueName: "OUT"))
    var output: String?

    @Flag(name: .long, help: "Stop at the first cell that fails.")
    var stopOnError = false

    @Flag(name: .long, help: "Run without making plots.")
    var noPlots = false

    @Option(name: .long, help: ArgumentHelp("Seed the random generator before the script starts.", valueName: "N"))
    var seed: UInt32?

    @Flag(name: .long, help: "Leave out informational output (cost lines) and the 'wrote' line.")
    var quiet = false

    @ArgumentParser.Argument(help: ArgumentHelp("The script to render (.dnn).", valueName: "FILE"),
                             completion: .file(extensions: ["dnn"]))
    var file: String

    @ArgumentParser.Argument(parsing: .allUnrecognized,
                             help: ArgumentHelp("Arguments visible to the script as the list 'args' (put them after '--' if they start with '-').", valueName: "ARGS"))
    var arguments: [String] = []

    func run() throws {
        let format = to ?? output.flatMap { NotebookFormat(rawValue: URL(fileURLWithPath: $0).pathExtension.lowercased()) } ?? .html
        guard let destination = output ?? defaultOutput(format) else {
            throw failure("dnnscript render: give an output file with -o when the script comes from stdin", .usage)
        }
        let script = try readScript(file)
        let console = StdioHost(plotsDirectory: "plots")
        console.install()
        let options = ScriptOptions(arguments: arguments.filter { $0 != "--" }, seed: seed, quiet: quiet,
                                    plotsEnabled: !noPlots)
        let notebook = NotebookRunner.render(source: script.source, file: script.name, options: options,
                                             stopOnError: stopOnError, console: console)
        // The errors are in the notebook; say them on stderr too, as a run would.
        for cell in notebook.cells {
            for case .error(let error) in cell.outputs {
                try? StdioHost.writeAll(Array(error.rendered.utf8), to: STDERR_FILENO)
            }
        }
        do {
            try write(notebook, as: format, to: destination)
        } catch {
            throw failure("dnnscript render: cannot write '\(destination)': \(error.localizedDescription)", .ioError)
        }
        if !quiet { try? StdioHost.writeAll(Array("wrote \(destination)\n".utf8), to: STDOUT_FILENO) }
        let code = notebook.exitCode
        if code != .ok { throw ExitCode(code.rawValue) }
    }

    private func defaultOutput(_ format: NotebookFormat) -> String? {
        guard file != "-" else { return nil }
        let url = URL(fileURLWithPath: file)
        let stem = url.pathExtension.isEmpty ? file : String(file.dropLast(url.pathExtension.count + 1))
        return stem + "." + format.fileExtension
    }

    /// Writes the notebook (and for Markdown its plot files first) atomically.
    private func write(_ notebook: Notebook, as format: NotebookFormat, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let text: String
        switch format {
        case .html:
            text = HTMLNotebookRenderer().render(notebook)
        case .ipynb:
            text = IpynbRenderer().render(notebook)
        case .md:
            let stem = url.deletingPathExtension().lastPathComponent
            let rendered = MarkdownNotebookRenderer(filesDirectory: stem + "_files").render(notebook)
            let folder = url.deletingLastPathComponent()
            for file in rendered.files {
                let fileURL = folder.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: fileURL.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: fileURL, options: .atomic)
            }
            text = rendered.markdown
        }
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    /// Says what went wrong on stderr; returns the exit code to throw.
    private func failure(_ message: String, _ code: DNNScript.ExitCode) -> ArgumentParser.ExitCode {
        try? StdioHost.writeAll(Array((message + "\n").utf8), to: STDERR_FILENO)
        return ExitCode(code.rawValue)
    }
}
