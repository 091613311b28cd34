import Testing
@testable import DNNScript

@Suite struct LexerTests {
    func kinds(_ source: String) -> [TokenKind] {
        var lexer = Lexer(source: source, file: "t.dnn")
        return lexer.scan().tokens.map(\.kind)
    }

    @Test func numbersFollowPython() {
        #expect(kinds("1 2.5 1e-7 3E+2") == [.int(1), .float(2.5), .float(1e-7), .float(300), .eof])
    }

    @Test func newlinesSeparateStatementsButNotInsideBrackets() {
        #expect(kinds("a\nb") == [.identifier("a"), .newline, .identifier("b"), .eof])
        #expect(kinds("f(a,\nb)") == [.identifier("f"), .leftParen, .identifier("a"), .comma, .identifier("b"), .rightParen, .eof])
        #expect(kinds("[1,\n2]") == [.leftBracket, .int(1), .comma, .int(2), .rightBracket, .eof])
    }

    @Test func keywordsAndContextualWords() {
        #expect(kinds("let train") == [.keyword(.let), .identifier("train"), .eof])
    }

    @Test func operators() {
        #expect(kinds("// ** == != <= >= += .. @ ^") == [.slashSlash, .starStar, .equalEqual, .bangEqual, .lessEqual,
                                                         .greaterEqual, .plusEqual, .dotDot, .at, .caret, .eof])
    }

    @Test func interpolationKeepsTheCodeAndItsLocation() throws {
        var lexer = Lexer(source: "print \"a{x + 1}b\"", file: "t.dnn")
        let tokens = lexer.scan().tokens
        guard case .string(let pieces) = tokens[1].kind else { Issue.record("not a string"); return }
        #expect(pieces.count == 3)
        guard case .code(let code, let at) = pieces[1] else { Issue.record("no code piece"); return }
        #expect(code == "x + 1")
        #expect(at.column == 10)
        #expect(at.offset == 9)
    }

    @Test func cellsAreRecordedWithMarkdownText() {
        var lexer = Lexer(source: "# %% [markdown]\n# # Title\n# text\n\n# %% Setup\nlet x = 1\n", file: "t.dnn")
        let cells = lexer.scan().cells
        #expect(cells == [
            Cell(kind: .markdown, line: 1, markdown: "# Title\ntext", title: ""),
            Cell(kind: .code, line: 5, markdown: "", title: "Setup"),
        ])
    }

    @Test func locationsCountUnicodeScalars() {
        var lexer = Lexer(source: "let é = 1\n  x", file: "t.dnn")
        let tokens = lexer.scan().tokens
        let x = tokens.first { $0.kind == .identifier("x") }
        #expect(x?.location.line == 2)
        #expect(x?.location.column == 3)
        #expect(x?.location.offset == 12)
    }

    @Test func garbageIsOneErrorPerRun() {
        var lexer = Lexer(source: "\u{1}\u{2}\u{3} x", file: "t.dnn")
        let out = lexer.scan()
        #expect(out.diagnostics.count == 1)
        #expect(out.diagnostics.first?.message == "unexpected characters starting with U+0001")
    }
}
