import Foundation
import Testing

/// The REPL driven through a pseudo-terminal, as a user types: what the screen shows.
@Suite(.serialized) struct REPLTerminalTests {
    let directory: String
    let history: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("repl-e2e-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        history = directory + "/history"
    }

    func start(colour: Bool = false) throws -> PseudoTerminal {
        guard let binary = Binary.path else {
            throw TerminalError(description: "build dnnscript first: .build/debug/dnnscript is missing")
        }
        var environment = ["TERM": "xterm", "HOME": directory, "PATH": "/usr/bin:/bin", "DNNSCRIPT_HISTORY": history]
        if !colour { environment["NO_COLOR"] = "1" }
        let terminal = try PseudoTerminal(binary, arguments: ["--plots", directory + "/plots"],
                                          environment: environment, directory: directory)
        try terminal.wait(for: ">>> ")
        return terminal
    }

    static let network = "network net {\r  dense 4 relu\r  dense 1 sigmoid\r}\r"

    @Test func echoesAnExpression() throws {
        let t = try start()
        t.type("1 + 2\r")
        try t.wait(for: "1 + 2\n3\n>>> ")
    }

    @Test func multiLineNetworkDeclaration() throws {
        let t = try start()
        t.type(Self.network)
        let after = try t.wait(for: "... }\n>>> ")
        t.type("net\r")
        try t.wait(for: "network net { dense 4 relu; dense 1 sigmoid }", after: after)
    }

    @Test func errorThenAWorkingLine() throws {
        let t = try start()
        t.type("let a = 5\r")
        t.type("a + nope\r")
        let after = try t.wait(for: "<repl>:1:5: error: unknown name 'nope'\n  a + nope\n      ^~~~\n")
        t.type("a * 2\r")
        try t.wait(for: "10\n>>> ", after: after)
    }

    @Test func historyIsRecalledInANewSession() throws {
        do {
            let first = try start()
            first.type("let remembered = 21\r")
            try first.wait(for: ">>> let remembered = 21\n>>> ")
            first.type("\u{4}")
            #expect(try first.waitForExit() == 0)
        }
        let second = try start()
        second.type("\u{1B}[A")
        try second.wait(for: "let remembered = 21")
        second.type("\r")
        let after = try second.wait(for: "remembered = 21\n>>> ")
        second.type("remembered * 2\r")
        try second.wait(for: "42\n", after: after)
    }

    @Test func completesANameAndAField() throws {
        let t = try start()
        t.type(Self.network)
        t.type("let mymodel = model(net, inputs: 2)\r")
        var after = try t.wait(for: "inputs: 2)\n>>> ")
        t.type("mymo\t")
        after = try t.wait(for: "mymodel", after: after)
        t.type(".W\t\t")
        after = try t.wait(for: "mymodel.W1  mymodel.W2", after: after)   // the second Tab lists both
        t.type("2\t\r")
        // The name and the field were completed: the 1×4 matrix W2 is echoed.
        try t.wait(for: "mymodel.W2\n[[", after: after)
    }

    /// A session with `d` (circles, 300 points), `net` and `m = model(net)` defined.
    func startWithModel() throws -> PseudoTerminal {
        let t = try start()
        t.type("seed 1\rdataset d = circles(300, noise: 0.05)\r")
        t.type(Self.network)
        t.type("let m = model(net)\r")
        try t.wait(for: "model(net)\n>>> ")
        return t
    }

    /// Ctrl-C during training stops it with the weights it reached; in `let more = train …`
    /// the name is bound to the run so far.
    @Test func ctrlCStopsTrainingAndKeepsTheModel() throws {
        let t = try startWithModel()
        var after = 0
        for (statement, message) in [("", "interrupted\n"), ("let more = ", "interrupted: more holds the run so far\n")] {
            t.type(statement + "train m on d { lr: 0.05, iterations: 5000000, print_every: 1000 }\r")
            after = try t.wait(for: "Cost after iteration 1000:", after: after)
            t.type("\u{3}")
            after = try t.wait(for: message, after: after)
            after = try t.wait(for: ">>> ", after: after)
        }
        t.type("accuracy(m, d) > 0.5\r")
        after = try t.wait(for: "true\n>>> ", after: after)
        t.type("m.W2.T\r")
        after = try t.wait(for: "[[", after: after)
        t.type("more.interrupted and len(more.costs) > 1000\r")
        try t.wait(for: "true\n>>> ", after: after)
    }

    @Test func ctrlCAtThePromptClearsTheLine() throws {
        let t = try start()
        t.type("this is not run")
        try t.wait(for: "this is not run")
        t.type("\u{3}")
        let after = try t.wait(for: "^C\n>>> ")
        t.type("6 * 7\r")
        try t.wait(for: "42\n", after: after)
        #expect(!t.text.contains("unknown name 'this'"))
    }

    @Test func ctrlDExitsWithStatusZero() throws {
        let t = try start()
        t.type("\u{4}")
        #expect(try t.waitForExit() == 0)
    }

    @Test func metaCommands() throws {
        let t = try start()
        t.type("let k = zeros(2, 3)\r:vars\r")
        var after = try t.wait(for: "k  matrix  2×3\n")
        t.type(":hepl\r")
        after = try t.wait(for: "unknown command ':hepl'; did you mean ':help'?", after: after)
        t.type(":help training\r")
        after = try t.wait(for: "Training\n========", after: after)
        t.type(":save \(directory)/saved.dnn\r")
        after = try t.wait(for: "saved 1 inputs", after: after)
        t.type(":quit\r")
        #expect(try t.waitForExit() == 0)
        let saved = try String(contentsOfFile: directory + "/saved.dnn", encoding: .utf8)
        #expect(saved.contains("let k = zeros(2, 3)\n"))
    }

    @Test func unwritableHistoryIsAWarning() throws {
        guard let binary = Binary.path else { throw TerminalError(description: "dnnscript is not built") }
        let t = try PseudoTerminal(binary, environment: ["TERM": "xterm", "NO_COLOR": "1", "HOME": directory,
                                                         "DNNSCRIPT_HISTORY": "/proc/no/such/history"],
                                   directory: directory)
        try t.wait(for: "warning: history will not be saved")
        try t.wait(for: ">>> ")
        t.type("1 + 1\r")
        try t.wait(for: "2\n>>> ")
        t.type("\u{4}")
        #expect(try t.waitForExit() == 0)
    }

    @Test func completesAPathInsideAString() throws {
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        try "x1,x2,y\n0,1,0\n1,0,1\n".write(toFile: directory + "/data/points.csv", atomically: true, encoding: .utf8)
        let t = try start()
        t.type("dataset pts = csv(\"da\t")
        var after = try t.wait(for: "csv(\"data/")
        t.type("po\t")
        after = try t.wait(for: "points.csv\"", after: after)   // a file closes the string
        t.type(", label: \"y\")\rpts\r")
        try t.wait(for: "dataset pts: 2 examples, 2 features", after: after)
    }

    @Test func ctrlCInAContinuationDropsTheCell() throws {
        let t = try start()
        t.type("network half {\r  dense 3 relu\r")
        try t.wait(for: "...   dense 3 relu\n... ")
        t.type("\u{3}")
        let after = try t.wait(for: "^C\n>>> ")
        t.type("half\r")
        try t.wait(for: "unknown name 'half'", after: after)
    }

    @Test func plotsAreDrawnInlineAndWrittenAsSVG() throws {
        let t = try start()
        t.type("plot [3, 1, 4, 1, 5, 9, 2, 6]\r")
        try t.wait(for: "plot: \(directory)/plots/repl-1.svg\n>>> ")
        #expect(t.text.contains("┤"))   // the terminal drawing's axis
        #expect(FileManager.default.fileExists(atPath: directory + "/plots/repl-1.svg"))
    }

    @Test func colourOnlyWithoutNoColor() throws {
        let plain = try start()
        plain.type("nope\r")
        try plain.wait(for: "error: unknown name 'nope'")
        #expect(!String(decoding: plain.raw, as: UTF8.self).contains("\u{1B}[1;3"))
        let coloured = try start(colour: true)
        coloured.type("nope\r")
        try coloured.wait(for: "error: unknown name 'nope'")
        let raw = String(decoding: coloured.raw, as: UTF8.self)
        #expect(raw.contains("\u{1B}[1;32m>>> \u{1B}[0m"))
        #expect(raw.contains("\u{1B}[1;31merror:\u{1B}[0m"))
    }
}
