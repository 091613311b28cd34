import Testing
@testable import DNNScript

@Suite struct ParserTests {
    func parse(_ source: String) throws -> [Stmt] {
        try Parser.parse(source: source, file: "t.dnn").statements
    }

    func errors(_ source: String) -> [String] {
        do {
            _ = try Parser.parse(source: source, file: "t.dnn")
            return []
        } catch let d as Diagnostics {
            return d.items.map { "\($0.location.line):\($0.location.column): \($0.message)" }
        } catch {
            return ["\(error)"]
        }
    }

    /// "did you mean" a statement word only for a word followed directly by an operand
    /// (`prnt x`), not for a name in use (`more.x, 4`, `m(1) 2`).
    @Test func statementWordSuggestionsOnlyForJuxtaposedWords() throws {
        func notes(_ source: String) -> [String] {
            do {
                _ = try Parser.parse(source: source, file: "t.dnn")
                return []
            } catch let d as Diagnostics {
                return d.items.flatMap(\.notes)
            } catch {
                return ["\(error)"]
            }
        }
        #expect(notes("prnt x") == ["did you mean 'print'?"])
        #expect(notes("sed 3") == ["did you mean 'seed'?"])
        #expect(notes("var x = 1") == ["did you mean 'let'?"])      // another language's word
        #expect(notes("def f(x) = x") == ["did you mean 'fn'?"])
        #expect(notes("more.x, 4") == [])
        #expect(notes("more(1) 2") == [])
    }

    @Test func precedenceOfPowerAndUnaryMinus() throws {
        let statements = try parse("-2 ^ 2")
        guard case .expression(.unary(.negate, .binary(.power, _, _, _, _), _, _), _) = statements[0] else {
            Issue.record("expected -(2 ^ 2)")
            return
        }
    }

    @Test func commandWordsAreNamesElsewhere() throws {
        let statements = try parse("let train = 1\nprint train\nlet r = train m on train { lr: 0.1 }")
        #expect(statements.count == 3)
        guard case .let(_, _, .train(.name("m", _), .name("train", _), .some(.record(let fields, _)), _), _) = statements[2] else {
            Issue.record("expected a train expression")
            return
        }
        #expect(fields.map(\.key) == ["lr"])
    }

    @Test func gradcheckFunctionForm() throws {
        let statements = try parse("gradcheck J, dJ at 4 { x: 2 }")
        guard case .expression(.gradcheck(.function(.name("J", _), .name("dJ", _), .literal(.int(4), _)), .some, _), _) = statements[0] else {
            Issue.record("expected the function form")
            return
        }
    }

    @Test func networkLayers() throws {
        let statements = try parse("network net {\n  dense 10 relu init: he\n  dropout 0.86\n  dense 1 sigmoid\n}")
        guard case .network("net", _, let layers, _) = statements[0] else { Issue.record("no network"); return }
        #expect(layers.count == 3)
        guard case .dense(_, "relu", _, let options, _) = layers[0] else { Issue.record("no dense"); return }
        #expect(options.map(\.label) == ["init"])
    }

    @Test func everySyntaxErrorOfTheFileIsReported() {
        #expect(errors("let = 1\nprint (\nlet x = 2\nfn (x) = 1") == [
            "1:5: expected a name after 'let', found '='",
            "2:8: expected an expression, found end of line",
            "4:4: expected a function name after 'fn', found '('",
        ])
        #expect(errors("let a = \nlet b = \nlet c = ").count == 3)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let source = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect(errors(source).first?.hasSuffix("nesting too deep (more than 256 levels)") == true)
        let sum = "1" + String(repeating: " + 1", count: 100_000)
        #expect(errors(sum).first?.contains("expression too long or nested too deep") == true)
    }

    @Test func recordsAllowNewlines() throws {
        let statements = try parse("print {\n  a: 1,\n  b: 2\n  c: 3\n}")
        guard case .print(let values, _) = statements[0], case .record(let fields, _) = values[0] else {
            Issue.record("no record")
            return
        }
        #expect(fields.map(\.key) == ["a", "b", "c"])
    }

    @Test func spansCoverWholeExpressions() throws {
        let statements = try parse("let z = a @ b")
        guard case .let(_, _, let value, _) = statements[0] else { Issue.record("no let"); return }
        #expect(value.location.column == 9)
        #expect(value.location.length == 5)
    }
}
