import DNNCore
import ArgumentParser
import DNNScript
import Foundation

/// Options shared by running and checking.
struct ScriptFlags: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Directory plots are written to.", valueName: "DIR"))
    var plots: String = "plots"

    @Flag(name: .long, help: "Do not write plots.")
    var noPlots = false

    @Option(name: .long, help: ArgumentHelp("Seed the random generator before the script starts (like np.random.seed).", valueName: "N"))
    var seed: UInt32?

    @Flag(name: .long, help: "Print only what the script prints (no cost lines, plot paths or progress).")
    var quiet = false
}

/// Reads a script file, or stdin for nil; exits 66 when the file cannot be read.
func readScript(_ path: String?) throws -> (source: String, name: String) {
    guard let path, path != "-" else {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return (String(decoding: data, as: UTF8.self), "<stdin>")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        var isDirectory: ObjCBool = false
        let reason = !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            ? "no such file" : (isDirectory.boolValue ? "it is a directory" : "permission denied")
        try? StdioHost.writeAll(Array("dnnscript: cannot read '\(path)': \(reason)\n".utf8), to: STDERR_FILENO)
        throw ExitCode(DNNScript.ExitCode.noInput.rawValue)
    }
    return (String(decoding: data, as: UTF8.self), path)
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a script (the default command).",
        discussion: "With no FILE: the interactive REPL when stdin is a terminal (docs/repl.md), else the script is read from stdin.")

    @OptionGroup var flags: ScriptFlags

    @Option(name: .long, help: ArgumentHelp("Run only these cells (numbered from 1, markdown cells too), e.g. 3 or 2-4; may also follow FILE.", valueName: "N[-M]"))
    var cell: String?

    @ArgumentParser.Argument(help: ArgumentHelp("The script to run (.dnn); '-' reads stdin.", valueName: "FILE"),
              completion: .file(extensions: ["dnn"]))
    var file: String?

    @ArgumentParser.Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Arguments visible to the script as the list 'args'.", valueName: "ARGS"))
    var arguments: [String] = []

    func run() throws {
        if file == nil, isatty(STDIN_FILENO) == 1 {
            let status = REPL(flags: flags).run()  // the REPL: Sources/dnnscript/REPL
            if status != 0 { throw ExitCode(status) }
            return
        }
        let (selection, arguments) = try cellSelection()
        let script = try readScript(file)
        let host = StdioHost(plotsDirectory: flags.plots)
        host.install()
        let options = ScriptOptions(arguments: arguments, seed: flags.seed, quiet: flags.quiet,
                                    plotsEnabled: !flags.noPlots, plotsDirectory: flags.plots)
        if let selection {
            return try runCells(selection, source: script.source, file: script.name, host: host, options: options)
        }
        let code = ScriptSession(host: host, options: options).run(source: script.source, file: script.name)
        if code != .ok { throw ExitCode(code.rawValue) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse a script and check its names without running it; report every error.")

    @ArgumentParser.Argument(help: ArgumentHelp("The script to check; '-' reads stdin.", valueName: "FILE"),
              completion: .file(extensions: ["dnn"]))
    var file: String?

    func run() throws {
        if file == nil, isatty(STDIN_FILENO) == 1 {
            try? StdioHost.writeAll(Array("dnnscript check: give a script file, or pipe one into stdin\n".utf8), to: STDERR_FILENO)
            throw ExitCode(DNNScript.ExitCode.usage.rawValue)
        }
        let script = try readScript(file)
        let host = StdioHost(plotsDirectory: "plots")
        let code = ScriptSession(host: host).check(source: script.source, file: script.name)
        if code != .ok { throw ExitCode(code.rawValue) }
    }
}

@main
struct DNNScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dnnscript",
        abstract: "Run dnnscript programs: datasets, networks, training, plots and gradient checks.",
        version: DNNScriptInfo.version,
        subcommands: [Run.self, Check.self, Render.self, KernelCommand.self],
        defaultSubcommand: Run.self)

    /// Start-up, while the process has one thread: OpenBLAS's kernel (set in the environment
    /// before anything opens it) and the engine's kernel path, whose bad value is a usage error.
    static func main() {
        OpenBLASCore.chooseKernel()
        do {
            _ = try KernelPath.fromEnvironment()
        } catch {
            try? StdioHost.writeAll(Array("dnnscript: \(error)\n".utf8), to: STDERR_FILENO)
            Foundation.exit(DNNScript.ExitCode.usage.rawValue)
        }
        main(nil)
    }
}
