import Testing
import DNNScript

/// A course script refuses an argument it does not know (`dnnscript assignment1.dnn
/// --no-plots` gives the script `--no-plots`), naming the ones it takes, rather than
/// quietly running nothing.
extension CourseScriptTests {
    @Test(arguments: [
        ("assignment1.dnn", ["--no-plots"], "unknown argument '--no-plots': the runs are [\"zeros\", \"random\", \"he\"]"),
        ("assignment1.dnn", ["he", "hee"], "unknown argument 'hee': the runs are [\"zeros\", \"random\", \"he\"]"),
        ("assignment2.dnn", ["--quiet"], "unknown argument '--quiet': give the path of data.mat and runs among [\"none\", \"l2\", \"dropout\"]"),
        ("assignment2.dnn", ["a.mat", "b.mat"], "more than one path in [\"a.mat\", \"b.mat\"]: give the path of data.mat once"),
        ("assignment3.dnn", ["--seed"], "unknown argument '--seed': this script takes none"),
        ("assignment4.dnn", ["--no-plots"], "unknown argument '--no-plots': the runs are [\"gd\", \"momentum\", \"adam\""),
    ])
    func unknownArgumentIsRefused(script: String, arguments: [String], message: String) throws {
        let out = try Self.run(script, arguments)
        #expect(out.code == .expectationFailed, "\(out.stderr)")
        #expect(out.stderr.contains("error: expectation failed: " + message), "\(out.stderr)")
        // Refused, no run is trained, not even the known ones beside it (assignment 3 has none).
        #expect(!out.stdout.contains { $0.hasPrefix("Cost after") }, "\(out.stdout)")
    }
}
