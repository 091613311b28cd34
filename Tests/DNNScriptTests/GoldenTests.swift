import Foundation
import Testing
import DNNScript

/// The golden suite: every `Golden/**/*.dnn` carries its expectations as comments.
///
/// - `# expect: TEXT` — the next line of stdout is TEXT (`# expect:` alone: an empty line).
/// - `# error: L:C: MESSAGE` — the next error on stderr is at L:C with MESSAGE.
/// - `# warning: L:C: MESSAGE` — the next warning on stderr is at L:C with MESSAGE.
/// - `# note: TEXT` — stderr has the line `  note: TEXT`.
/// - `# stderr: TEXT` — stderr has the line TEXT.
/// - `# exit: N` — the exit code (default 0).
/// - `# args: A B C` — arguments given to the script.
/// - `# mode: check` — run `check` instead of running the script.
///
/// `{dir}` in these comments stands for the golden's own folder, so a script can be given a
/// fixture file next to it (`# args: {dir}/fixtures/model.json`) and name it in a message.
enum Golden {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static let cases: [String] = {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".dnn") }.sorted()
    }()

    struct Expectations {
        var stdout: [String] = []
        var errors: [String] = []
        var warnings: [String] = []
        var notes: [String] = []
        var stderrLines: [String] = []
        var exit: Int32 = 0
        var arguments: [String] = []
        var checkOnly = false
    }

    static func expectations(in source: String, dir: String) -> Expectations {
        var e = Expectations()
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let hash = line.range(of: "# ") else { continue }
            let comment = line[hash.upperBound...].replacingOccurrences(of: "{dir}", with: dir)
            func value(_ key: String) -> String? {
                guard comment.hasPrefix(key) else { return nil }
                let rest = comment.dropFirst(key.count)
                return rest.hasPrefix(" ") ? String(rest.dropFirst()) : String(rest)
            }
            if let v = value("expect:") { e.stdout.append(v) }
            else if let v = value("error:") { e.errors.append(v) }
            else if let v = value("warning:") { e.warnings.append(v) }
            else if let v = value("note:") { e.notes.append(v) }
            else if let v = value("stderr:") { e.stderrLines.append(v) }
            else if let v = value("exit:") { e.exit = Int32(v.trimmingCharacters(in: .whitespaces)) ?? -1 }
            else if let v = value("args:") { e.arguments = v.split(separator: " ").map(String.init) }
            else if let v = value("mode:") { e.checkOnly = v.trimmingCharacters(in: .whitespaces) == "check" }
        }
        return e
    }
}

@Test("golden script", arguments: Golden.cases)
func golden(_ path: String) throws {
    let source = try String(contentsOf: Golden.root.appendingPathComponent(path), encoding: .utf8)
    let dir = Golden.root.appendingPathComponent(path).deletingLastPathComponent().path
    let expected = Golden.expectations(in: source, dir: dir)
    let file = (path as NSString).lastPathComponent
    let host = CaptureHost()
    let session = ScriptSession(host: host, options: ScriptOptions(arguments: expected.arguments, plotsEnabled: false))
    let code = expected.checkOnly ? session.check(source: source, file: file) : session.run(source: source, file: file)

    var stdoutLines = host.stdout.components(separatedBy: "\n")
    if stdoutLines.last == "" { stdoutLines.removeLast() }
    #expect(stdoutLines == expected.stdout, "stdout of \(path)")

    let stderrLines = host.stderr.components(separatedBy: "\n")
    let prefix = file + ":"
    func diagnostics(_ severity: String) -> [String] {
        stderrLines.filter { $0.hasPrefix(prefix) && $0.contains(": \(severity): ") }.map { line in
            let rest = String(line.dropFirst(prefix.count))
            return rest.replacingOccurrences(of: ": \(severity): ", with: ": ", options: [],
                                             range: rest.range(of: ": \(severity): "))
        }
    }
    #expect(diagnostics("error") == expected.errors, "errors of \(path):\n\(host.stderr)")
    #expect(diagnostics("warning") == expected.warnings, "warnings of \(path):\n\(host.stderr)")
    for note in expected.notes {
        #expect(stderrLines.contains("  note: " + note), "note '\(note)' in \(path):\n\(host.stderr)")
    }
    for line in expected.stderrLines {
        #expect(stderrLines.contains(line), "stderr line '\(line)' in \(path):\n\(host.stderr)")
    }
    #expect(code.rawValue == expected.exit, "exit code of \(path)\n\(host.stderr)")
}

@Test func goldenSuiteIsLarge() {
    #expect(Golden.cases.count >= 200, "only \(Golden.cases.count) golden cases")
}
