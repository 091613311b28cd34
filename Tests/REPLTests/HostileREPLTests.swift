import Foundation
import Testing

/// The hostile goldens (Tests/DNNScriptTests/Golden/hostile/) in one REPL session (issue #13):
/// each, loaded with `:load`, ends in a located error (or its right answer), `:vars` lists
/// what it left, and the session then answers one more line. With stdin not a terminal `dnnscript` runs a script, not the
/// REPL (docs/repl.md), so the session runs on a pseudo-terminal as a user's would.
struct HostileREPLTests {
    static let hostile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DNNScriptTests/Golden/hostile")

    static var goldens: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: hostile.path)) ?? []
        return names.filter { $0.hasSuffix(".dnn") }.sorted().map { hostile.appendingPathComponent($0) }
    }

    @Test func everyHostileGoldenLeavesTheSessionAnswering() throws {
        guard let binary = Binary.path else {
            throw TerminalError(description: "build dnnscript first: .build/debug/dnnscript is missing")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("repl-hostile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ["TERM": "xterm", "NO_COLOR": "1", "HOME": directory, "PATH": "/usr/bin:/bin",
                           "DNNSCRIPT_HISTORY": ""]
        let t = try PseudoTerminal(binary, arguments: ["--no-plots"], environment: environment, directory: directory,
                                   columns: 200)
        var after = try t.wait(for: ">>> ")
        let goldens = Self.goldens
        #expect(goldens.count >= 20)
        for (i, golden) in goldens.enumerated() {
            let source = try String(contentsOf: golden, encoding: .utf8)
            let expectsError = source.contains("\n# exit: ")
            t.type(":load \(golden.path)\r")
            // `:vars` summarises what the script left (a list of 2^60 items as a tree, say);
            // the answer to the next line shows the session outlived both.
            t.type(":vars\r")
            t.type("print \"alive\", \(i)\r")
            let answered = try t.wait(for: "\nalive \(i)\n>>> ", after: after, timeout: 60)
            let shown = String(t.text.dropFirst(after).prefix(answered - after))
            if expectsError {
                #expect(shown.contains("\(golden.path):") && shown.contains(": error: "),
                        "\(golden.lastPathComponent) in the REPL ended without a located error:\n\(shown)")
            } else {
                #expect(!shown.contains(": error: "), "\(golden.lastPathComponent) failed in the REPL:\n\(shown)")
            }
            t.type(":reset\r")
            after = try t.wait(for: "every variable is gone\n>>> ", after: answered)
        }
        t.type("\u{4}")
        #expect(try t.waitForExit() == 0)
    }
}
