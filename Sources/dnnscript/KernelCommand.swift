import ArgumentParser
import DNNKernel
import DNNScript
import Foundation

/// `dnnscript kernel`: the Jupyter kernel (docs/jupyter.md).
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Run dnnscript as a Jupyter kernel, or install its kernelspec.",
        discussion: "Jupyter starts 'dnnscript kernel -f CONNECTION_FILE' from the kernelspec that 'dnnscript kernel install' writes (docs/jupyter.md).",
        subcommands: [Start.self, Install.self, Uninstall.self],
        defaultSubcommand: Start.self)

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Serve a Jupyter client through its connection file (what kernel.json runs).")

        @Option(name: [.customShort("f"), .customLong("connection-file")],
                help: ArgumentHelp("The connection file the client wrote.", valueName: "CONNECTION_FILE"),
                completion: .file(extensions: ["json"]))
        var connectionFile: String

        @Option(name: .long, help: ArgumentHelp("Also write each plot as an SVG file into DIR (default: inline only).", valueName: "DIR"))
        var plots: String?

        @Option(name: .long, help: ArgumentHelp("Seed the random generator when the kernel starts.", valueName: "N"))
        var seed: UInt32?

        func run() throws {
            let options = Kernel.Options(plotsDirectory: plots, seed: seed, onShutdown: { Foundation.exit(0) }, log: kernelLog)
            let kernel: Kernel
            do { kernel = try Kernel(connectionFile: connectionFile, options: options) } catch let failure as KernelFailure {
                kernelLog(failure.message)
                throw ExitCode(failure.code)
            }
            kernel.run()
        }
    }

    /// The location flags of install and uninstall, as ipykernel's.
    struct LocationFlags: ParsableArguments {
        @Flag(name: .long, help: "Install for this user only (~/.local/share/jupyter).")
        var user = false
        @Option(name: .long, help: ArgumentHelp("Install under DIR/share/jupyter.", valueName: "DIR"))
        var prefix: String?
        @Flag(name: .long, help: "Install into the prefix of the Python environment Jupyter runs in.")
        var sysPrefix = false
        @Option(name: .long, help: ArgumentHelp("The kernelspec's name.", valueName: "NAME"))
        var name: String = Kernel.defaultName

        func validate() throws {
            if [user, prefix != nil, sysPrefix].filter({ $0 }).count > 1 {
                throw ValidationError("give at most one of --user, --prefix and --sys-prefix")
            }
        }

        var location: KernelSpec.Location {
            if user { return .user }
            if let prefix { return .prefix(prefix) }
            return sysPrefix ? .sysPrefix : .system
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the kernelspec (kernel.json and logos) so Jupyter lists dnnscript.",
            discussion: "Without a location flag it goes to /usr/local/share/jupyter/kernels, for every user. 'jupyter kernelspec list' shows it.")

        @OptionGroup var location: LocationFlags
        @Option(name: .long, help: ArgumentHelp("The name Jupyter shows.", valueName: "TEXT"))
        var displayName: String = "dnnscript"
        @Option(name: .long, help: ArgumentHelp("How Jupyter stops a running cell: signal (SIGINT) or message (interrupt_request).", valueName: "MODE"))
        var interruptMode: String = KernelSpec.InterruptMode.signal.rawValue

        func run() throws {
            guard let mode = KernelSpec.InterruptMode(rawValue: interruptMode) else {
                throw ValidationError("--interrupt-mode must be signal or message, not '\(interruptMode)'")
            }
            do {
                let directory = try KernelSpec.install(name: location.name, displayName: displayName, interruptMode: mode,
                                                       location: location.location)
                print("installed kernelspec \(location.name) in \(directory.path)")
            } catch let failure as KernelFailure {
                kernelLog(failure.message)
                throw ExitCode(failure.code)
            }
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove the kernelspec that install wrote.")

        @OptionGroup var location: LocationFlags

        func run() throws {
            do {
                let directory = try KernelSpec.uninstall(name: location.name, location: location.location)
                print("removed kernelspec \(location.name) from \(directory.path)")
            } catch let failure as KernelFailure {
                kernelLog(failure.message)
                throw ExitCode(failure.code)
            }
        }
    }
}

/// One line on stderr, `dnnscript kernel: …`.
@Sendable func kernelLog(_ message: String) {
    try? StdioHost.writeAll(Array("dnnscript kernel: \(message)\n".utf8), to: STDERR_FILENO)
}
