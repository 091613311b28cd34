import DNNScript
import Foundation

/// `dnnscript kernel install` / `uninstall`: the kernelspec Jupyter finds in
/// `…/share/jupyter/kernels/NAME/` (kernel.json and logos), where ipykernel puts its own.
public enum KernelSpec {
    /// Where the kernelspec goes, as ipykernel's `install` flags choose it.
    public enum Location: Equatable, Sendable {
        /// `/usr/local/share/jupyter/kernels` (Jupyter's system-wide data directory).
        case system
        /// The user's Jupyter data directory: `$JUPYTER_DATA_DIR`, else
        /// `$XDG_DATA_HOME/jupyter` or `~/.local/share/jupyter` (macOS: `~/Library/Jupyter`).
        case user
        /// `DIR/share/jupyter/kernels`.
        case prefix(String)
        /// The prefix of the Python environment Jupyter runs in: `$VIRTUAL_ENV`,
        /// `$CONDA_PREFIX`, else `sys.prefix` of `python3` on PATH.
        case sysPrefix
    }

    /// How the client stops a running cell (kernel.json's `interrupt_mode`).
    public enum InterruptMode: String, CaseIterable, Sendable {
        /// SIGINT to the kernel process (what ipykernel uses).
        case signal
        /// An `interrupt_request` on the control channel.
        case message
    }

    /// The `kernels` directory of a location.
    /// - Throws: ``KernelFailure`` (69) when `--sys-prefix` finds no Python environment.
    public static func kernelsDirectory(_ location: Location,
                                        environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        let home = URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory())
        let data: URL
        switch location {
        case .system:
            data = URL(fileURLWithPath: "/usr/local/share/jupyter")
        case .user:
            if let dir = environment["JUPYTER_DATA_DIR"], !dir.isEmpty {
                data = URL(fileURLWithPath: dir)
            } else {
                #if os(macOS)
                data = home.appendingPathComponent("Library/Jupyter")
                #else
                let xdg = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
                data = (xdg ?? home.appendingPathComponent(".local/share")).appendingPathComponent("jupyter")
                #endif
            }
        case .prefix(let dir):
            data = URL(fileURLWithPath: dir).appendingPathComponent("share/jupyter")
        case .sysPrefix:
            guard let prefix = environment["VIRTUAL_ENV"] ?? environment["CONDA_PREFIX"] ?? pythonPrefix() else {
                throw KernelFailure(KernelFailure.unavailable,
                                    "--sys-prefix: no Python environment found (no VIRTUAL_ENV or CONDA_PREFIX, no python3 on PATH)")
            }
            data = URL(fileURLWithPath: prefix).appendingPathComponent("share/jupyter")
        }
        return data.appendingPathComponent("kernels")
    }

    /// kernel.json for a kernel started as `executable kernel -f {connection_file}`.
    public static func kernelJSON(executable: String, displayName: String, interruptMode: InterruptMode) -> JSONValue {
        .object([
            "argv": .array([.string(executable), .string("kernel"), .string("-f"), .string("{connection_file}")]),
            "display_name": .string(displayName),
            "language": .string("dnnscript"),
            "interrupt_mode": .string(interruptMode.rawValue),
            "metadata": .object(["debugger": .bool(false)]),
        ])
    }

    /// Writes `NAME/kernel.json` and the logos.
    /// - Returns: the kernelspec's directory.
    /// - Throws: ``KernelFailure`` (64 for a bad name, 73 when the files cannot be written).
    public static func install(name: String, displayName: String, interruptMode: InterruptMode,
                               location: Location, executable: String = executablePath) throws -> URL {
        try validate(name)
        let directory = try kernelsDirectory(location).appendingPathComponent(name)
        let json = kernelJSON(executable: executable, displayName: displayName, interruptMode: interruptMode).serialized
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(json.utf8).write(to: directory.appendingPathComponent("kernel.json"), options: .atomic)
            try Data(KernelLogos.svg.utf8).write(to: directory.appendingPathComponent("logo-svg.svg"), options: .atomic)
            for (file, base64) in [("logo-32x32.png", KernelLogos.png32), ("logo-64x64.png", KernelLogos.png64)] {
                try Data(base64Encoded: base64)?.write(to: directory.appendingPathComponent(file), options: .atomic)
            }
        } catch {
            throw KernelFailure(KernelFailure.cannotCreate, "cannot write the kernelspec in '\(directory.path)': \(error.localizedDescription)")
        }
        return directory
    }

    /// Removes `NAME/` from a location.
    /// - Returns: the directory removed.
    /// - Throws: ``KernelFailure`` (66 when there is no such kernelspec, 73 when it cannot be removed).
    public static func uninstall(name: String, location: Location) throws -> URL {
        try validate(name)
        let directory = try kernelsDirectory(location).appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("kernel.json").path) else {
            throw KernelFailure(KernelFailure.noInput, "no kernelspec '\(name)' in '\(directory.deletingLastPathComponent().path)'")
        }
        do { try FileManager.default.removeItem(at: directory) } catch {
            throw KernelFailure(KernelFailure.cannotCreate, "cannot remove '\(directory.path)': \(error.localizedDescription)")
        }
        return directory
    }

    /// Kernel names are what Jupyter allows: letters, digits, `.`, `_`, `-`.
    static func validate(_ name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "._-".unicodeScalars.contains($0) }
        guard !name.isEmpty, allowed else {
            throw KernelFailure(KernelFailure.usage, "kernel name '\(name)' may hold only ASCII letters, digits, '.', '_' and '-'")
        }
    }

    /// The absolute path of the running executable (what kernel.json starts).
    public static var executablePath: String {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        let argument = CommandLine.arguments.first ?? "dnnscript"
        return URL(fileURLWithPath: argument).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// `sys.prefix` of `python3` on PATH, or nil.
    private static func pythonPrefix() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; print(sys.prefix)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let prefix = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return prefix.isEmpty ? nil : prefix
    }
}
