import Foundation
import Testing

/// Options after the script path belong to the script (as with python and node); one of
/// dnnscript's own gets a note on stderr, unless `--` says it is meant for the script.
extension EndToEndTests {
    @Test func ownOptionAfterTheScriptIsPassedWithANote() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        let file = try EndToEnd.write("print args\nplot [1, 2]\n", "a.dnn", in: dir)
        let r = try EndToEnd.run([file, "--no-plots", "x", "--seed", "3", "-5", "--y"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        // Still passed, and not obeyed: the plot is written.
        #expect(r.stdout == "[\"--no-plots\", \"x\", \"--seed\", \"3\", \"-5\", \"--y\"]\nplot: plots/a-1.svg\n")
        #expect(r.stderr == """
            dnnscript: note: '--no-plots' after the script is passed to it as args[0]; put dnnscript's options before the script path
            dnnscript: note: '--seed' after the script is passed to it as args[2]; put dnnscript's options before the script path

            """)
    }

    @Test func optionAfterDoubleDashIsTheScriptsWithoutANote() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { EndToEnd.remove(dir) }
        let file = try EndToEnd.write("print args\n", "a.dnn", in: dir)
        let r = try EndToEnd.run([file, "x", "--", "--no-plots", "--"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "[\"x\", \"--no-plots\", \"--\"]\n")
        #expect(r.stderr == "")
        // With --cell after the script too: the cell option is taken out, the rest noted.
        let cells = try EndToEnd.run([file, "--quiet", "--cell", "1"], in: dir)
        #expect(cells.stdout.hasSuffix("[\"--quiet\"]\n"), "\(cells.stdout)")
        #expect(cells.stderr.contains("dnnscript: note: '--quiet' after the script is passed to it as args[0]"), "\(cells.stderr)")
    }
}
