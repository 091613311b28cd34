@testable import DNNScript
import Foundation
import Testing

/// The option tables drive the checker, the interpreter, completion and the docs; these
/// tests hold the four to one another.
struct CommandOptionsTests {
    /// A script that uses one table's options: `OPTION` stands for the option being tried.
    static let templates: [String: String] = [
        "dense N ACTIVATION …": "network n { dense 1 sigmoid OPTION: he }",
        "train MODEL on DATASET { … }": setup + "train m on d { OPTION: 1 }",
        "gradcheck MODEL on DATA { … }": setup + "gradcheck m on d { OPTION: 1 }",
        "gradcheck J, dJ at THETA { … }": "fn J(t, x) = t * x\nfn dJ(t, x) = x\ngradcheck J, dJ at 1.0 { x: 2, OPTION: 1 }",
        "diagnose … { … }": setup + "diagnose m on d { OPTION: 1 }",
        "diagnose { … }": "diagnose {OPTION: 0.1}",
        "plot … { … }": "plot [1, 2] { OPTION: 1 }",
        "minimize F, dF from THETA { … }": "fn J(t) = t ^ 2\nfn dJ(t) = 2 * t\nminimize J, dJ from 1.0 { OPTION: 1 }",
    ]
    static let setup = "dataset d = circles(10)\nnetwork n { dense 1 sigmoid }\nlet m = model(n)\n"

    static var cases: [(form: String, option: String)] {
        CommandOptions.all.flatMap { table in table.names.map { (table.form, $0) } }
    }

    static func script(_ form: String, option: String) throws -> String {
        let template = try #require(templates[form], "no template for the table '\(form)'")
        return template.replacingOccurrences(of: "OPTION", with: option)
    }

    /// The checker's diagnostics, and the interpreter's error when it runs the same program
    /// without the checker (so its own table lookup is what answers).
    static func checkAndRun(_ source: String) throws -> (checked: [Diagnostic], ran: Diagnostic?) {
        let program = try Parser.parse(source: source, file: "t.dnn")
        let interpreter = Interpreter(host: CaptureHost(), options: ScriptOptions(seed: 1, plotsEnabled: false))
        var checker = Checker(globals: interpreter.globalNames)
        let checked = checker.check(program)
        do {
            try interpreter.run(program, file: "t.dnn")
            return (checked, nil)
        } catch let diagnostic as Diagnostic {
            return (checked, diagnostic)
        }
    }

    @Test func everyTableHasATemplate() {
        for table in CommandOptions.all {
            #expect(Self.templates[table.form] != nil, "add a template for '\(table.form)'")
        }
    }

    /// A misspelt option: the checker and the interpreter refuse it with the same message,
    /// at the same place, with the same notes.
    @Test(arguments: cases)
    func misspeltOptionIsRefusedAlike(form: String, option: String) throws {
        let typo = option + String(option.last ?? "x")
        let (checked, ran) = try Self.checkAndRun(try Self.script(form, option: typo))
        #expect(checked.count == 1, "\(checked.map(\.message))")
        let check = try #require(checked.first)
        let run = try #require(ran, "the run accepted '\(typo)'")
        #expect(check.message == run.message)
        #expect(check.location == run.location)
        #expect(check.notes == run.notes)
        #expect(check.message.contains("'\(typo)'"))
        #expect(check.notes.first == "did you mean '\(option)'?")
    }

    /// Fields that `gradcheck J, dJ at θ { … }` passes on are held to the parameters of dJ,
    /// then J (the order a run calls them), builtin or user function, alike.
    @Test(arguments: ["fn dJ(t, scale) = 1\ngradcheck sqrt, dJ at 4 { scale: 2 }",
                      "fn J(t, x) = t * x\nfn dJ(t) = 1\ngradcheck J, dJ at 4 { x: 2 }",
                      "fn J(t, x) = t * x\nfn dJ(t, x) = x\nfn g() = gradcheck J, dJ at 4 { x: 2, y: 3 }\nprint g()"])
    func passedFieldsAreRefusedAlike(source: String) throws {
        let (checked, ran) = try Self.checkAndRun(source)
        let check = try #require(checked.first)
        let run = try #require(ran)
        #expect(checked.count == 1)
        #expect(check.message.hasPrefix("unknown argument"))
        #expect(check.message == run.message)
        #expect(check.location == run.location)
        #expect(check.notes == run.notes)
    }

    /// Every option in a table is known to the checker and the interpreter.
    @Test(arguments: cases)
    func tableOptionIsKnown(form: String, option: String) throws {
        let (checked, ran) = try Self.checkAndRun(try Self.script(form, option: option))
        #expect(checked.isEmpty, "\(checked.map(\.message))")
        let message = ran?.message ?? ""
        #expect(!message.contains("unknown"), "\(message)")
    }

    static var builtinParameters: [(builtin: String, parameter: String)] {
        Builtins.all.flatMap { b in b.parameters.map { (b.name, $0.name) } }
    }

    /// A builtin's misspelt named argument: the checker and the interpreter refuse it alike.
    @Test(arguments: builtinParameters)
    func misspeltBuiltinArgumentIsRefusedAlike(builtin: String, parameter: String) throws {
        let typo = parameter + String(parameter.last ?? "x")
        let (checked, ran) = try Self.checkAndRun("let v = \(builtin)(\(typo): 1)")
        let check = try #require(checked.first, "check accepted '\(typo)' in \(builtin)()")
        let run = try #require(ran, "the run accepted '\(typo)' in \(builtin)()")
        #expect(checked.count == 1)
        #expect(check.message == "unknown argument '\(typo)' in call to \(builtin)()")
        #expect(check.message == run.message)
        #expect(check.location == run.location)
        #expect(check.notes == run.notes)
    }

    /// Every parameter in a builtin's table is a name the checker and the interpreter know.
    @Test(arguments: builtinParameters)
    func builtinParameterIsKnown(builtin: String, parameter: String) throws {
        let (checked, ran) = try Self.checkAndRun("let v = \(builtin)(\(parameter): 1)")
        #expect(checked.isEmpty, "\(checked.map(\.message))")
        let message = ran?.message ?? ""
        #expect(!message.contains("unknown argument"), "\(message)")
    }

    /// Completion inside a command's braces offers exactly its table's names.
    @Test func completionOffersExactlyTheTable() {
        let session = InteractiveSession(host: CaptureHost(), options: ScriptOptions(seed: 1, plotsEnabled: false))
        let forms: [(String, CommandOptions)] = [
            ("train m on d { ", .train), ("let r = train m on d { lr: 1, ", .train), ("plot r { ", .plot),
            ("gradcheck m on d { ", .gradcheckNetwork), ("gradcheck J, dJ at 1.0 { ", .gradcheckFunction),
            ("diagnose m on d { ", .diagnose), ("diagnose { ", .diagnoseErrors),
        ]
        for (line, table) in forms {
            let offered = session.completions(in: line, cursor: line.utf8.count).candidates
            #expect(offered == table.names.map { $0 + ":" }.sorted(), "\(line)")
        }
        let dense = "  dense 3 relu "
        let offered = session.completions(in: dense, cursor: dense.utf8.count, pending: "network n {").candidates
        #expect(offered == CommandOptions.dense.names.map { $0 + ":" })
        let activation = "network n { dense 3 "
        #expect(session.completions(in: activation, cursor: activation.utf8.count).candidates == NetworkObject.activations.sorted())
        let typed = "network n { dense 3 relu in"
        #expect(session.completions(in: typed, cursor: typed.utf8.count).candidates == ["init:"])
        let value = "network n { dense 3 relu init: h"
        #expect(session.completions(in: value, cursor: value.utf8.count).candidates == ["has", "he", "hole", "hstack"])
    }

    /// `:help` shows the same tables (its markers are left out).
    @Test func helpShowsTheTables() throws {
        let training = try #require(HelpTopics.section(for: "training"))
        #expect(training.text.contains(CommandOptions.train.markdownTable))
        #expect(!HelpTopics.sections.contains { $0.text.contains("<!--") })
    }

    /// A number or bool option is read with its default when left out, so it must have one
    /// (the record of `diagnose { … }` is read field by field instead).
    @Test func numberAndBoolOptionsHaveDefaults() {
        for table in CommandOptions.all where table.form != CommandOptions.diagnoseErrors.form {
            for option in table.options {
                switch option.type {
                case .number, .fraction, .bool:
                    #expect(option.defaultValue != nil, "\(table.form): '\(option.name)' has no default")
                default: break
                }
            }
        }
    }

    static let docPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/language.md")

    /// docs/language.md shows each table under `<!-- options: FORM -->`, exactly as the table
    /// renders it. With DNNSCRIPT_RECORD_DOC_TABLES=1 the test writes the tables into the doc
    /// instead (then run scripts/gen-help.sh).
    @Test func docTablesMatchTheOptionTables() throws {
        var lines = try String(contentsOf: Self.docPath, encoding: .utf8).components(separatedBy: "\n")
        let record = ProcessInfo.processInfo.environment["DNNSCRIPT_RECORD_DOC_TABLES"] == "1"
        for table in CommandOptions.all {
            let marker = "<!-- options: \(table.form) -->"
            let start = try #require(lines.firstIndex(of: marker), "docs/language.md has no '\(marker)'")
            var end = start + 1
            while end < lines.count, lines[end].hasPrefix("|") { end += 1 }
            let documented = lines[(start + 1)..<end].joined(separator: "\n")
            if record {
                lines.replaceSubrange((start + 1)..<end, with: table.markdownTable.components(separatedBy: "\n"))
            } else {
                #expect(documented == table.markdownTable, "docs/language.md, \(marker), should read:\n\(table.markdownTable)")
            }
        }
        let markers = lines.filter { $0.hasPrefix("<!-- options: ") }
        #expect(markers.count == CommandOptions.all.count, "a table in the doc that no CommandOptions defines: \(markers)")
        if record { try lines.joined(separator: "\n").write(to: Self.docPath, atomically: true, encoding: .utf8) }
    }
}
