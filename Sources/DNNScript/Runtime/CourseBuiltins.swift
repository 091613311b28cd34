import Foundation

/// Builtins the course scripts need: files beside the script, and exercise holes.
///
/// - `exists(path)`: whether a file (not a directory) exists at `path`.
/// - `script_dir()`: the directory of the running script (`.` for stdin or a bare name).
/// - `hole(task, placeholder)`: an unfinished part of an exercise. The first time a task
///   is met it is reported on stderr (`hole still open: TASK`) and the exit code becomes
///   non-zero, as for a failed `expect`; it gives `placeholder` (default none) so the
///   script runs on and its labelled checks say what they expect.
enum CourseBuiltins {
    static var all: [Builtin] {
        [
            Builtins.fn("exists", ["path"]) { c in
                let path = try c.string("path")
                var isDirectory: ObjCBool = false
                let found = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                return .bool(found && !isDirectory.boolValue)
            },
            Builtins.fn("script_dir", []) { c in
                .string(scriptDirectory(of: c.interpreter.fileName))
            },
            Builtins.fn("hole", ["task"], optional: ["placeholder"]) { c in
                let task = try c.string("task")
                let interpreter = c.interpreter
                if !interpreter.openHoles.contains(task) {
                    interpreter.openHoles.append(task)
                    interpreter.failedExpectations += 1
                    let diagnostic = Diagnostic("hole still open: \(task)", at: c.at,
                                                notes: ["replace this hole(…) with your code, then run the script again"],
                                                phase: .expectation)
                    try interpreter.write(interpreter.renderer.render(diagnostic), to: .stderr)
                }
                return c.value("placeholder") ?? .none
            },
        ]
    }

    /// The directory part of a script's name, `.` when it has none (or is `<stdin>`).
    static func scriptDirectory(of file: String) -> String {
        guard !file.hasPrefix("<"), let slash = file.lastIndex(of: "/") else { return "." }
        let directory = String(file[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    /// The line that ends a run with open holes, or nil when there are none.
    static func summary(of holes: [String]) -> String? {
        guard !holes.isEmpty else { return nil }
        let count = holes.count == 1 ? "1 hole is" : "\(holes.count) holes are"
        return "\(count) still open:\n" + holes.map { "  - \($0)\n" }.joined()
    }
}
