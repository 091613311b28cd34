import DNNScript
import Testing

struct InputStatusTests {
    @Test(arguments: [
        ("", InputStatus.empty),
        ("   # just a comment", .empty),
        ("1 + 2", .complete),
        ("network net {", .incomplete(depth: 1)),
        ("network net {\n  dense 3 relu\n", .incomplete(depth: 1)),
        ("network net {\n  dense 3 relu\n}", .complete),
        ("let x = [1, [2,", .incomplete(depth: 2)),
        ("f(1,\n  2)", .complete),
        ("print \"{ not a brace\"", .complete),
        ("print \"a {len([1, 2])} b\"", .complete),
        ("print \"unclosed {", .complete),          // strings are one line: an error now
        ("let x = 1 # {", .complete),
        ("let x = 1)", .complete),                  // a stray closer: let the parser say so
        ("print \"\\\"\" + \"(\"", .complete),
    ])
    func classifies(_ source: String, _ expected: InputStatus) {
        #expect(InputStatus.of(source) == expected)
    }
}

struct MetaCommandTests {
    @Test func parsesCommandsAndArguments() {
        #expect(MetaCommand.parse(":help training") == .command(.help, argument: "training"))
        #expect(MetaCommand.parse("  :vars") == .command(.vars, argument: ""))
        #expect(MetaCommand.parse(":time train m on d { lr: 0.1 }") == .command(.time, argument: "train m on d { lr: 0.1 }"))
        #expect(MetaCommand.parse(":q") == .command(.quit, argument: ""))
        #expect(MetaCommand.parse("1 + 2") == nil)
    }

    @Test func unknownCommandSuggestsTheClosest() {
        #expect(MetaCommand.parse(":hepl") == .unknown(":hepl", suggestion: ":help"))
        #expect(MetaCommand.parse(":rest") == .unknown(":rest", suggestion: ":reset"))
        #expect(MetaCommand.parse(":zzzzzz") == .unknown(":zzzzzz", suggestion: nil))
    }
}
