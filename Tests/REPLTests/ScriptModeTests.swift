import Foundation
import Testing

/// With stdin not a terminal, `dnnscript` runs stdin as a script: no prompts, no escapes.
struct ScriptModeTests {
    func run(_ input: String) throws -> (stdout: String, stderr: String, status: Int32) {
        guard let binary = Binary.path else { throw TerminalError(description: "dnnscript is not built") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--no-plots"]
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        environment.removeValue(forKey: "NO_COLOR")
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), process.terminationStatus)
    }

    @Test func runsStdinAsAScript() throws {
        let result = try run("1 + 2\nprint 6 * 7\n")
        #expect(result.stdout == "42\n")   // scripts do not echo expression values
        #expect(result.stderr == "")
        #expect(result.status == 0)
        #expect(!result.stdout.contains(">>>"))
    }

    @Test(arguments: [("print nope\n", Int32(65)), ("print [1, 2] @ 3\n", Int32(70)), ("expect 1 == 2\n", Int32(1))])
    func usesScriptExitCodes(_ source: String, _ status: Int32) throws {
        let result = try run(source)
        #expect(result.status == status)
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(!result.stdout.contains(">>>"))
    }
}
