import Foundation
import Testing
import DNNScript

/// Runs the course scripts (scripts/assignment*.dnn, scripts/labs/**) through a session and
/// checks exit codes and key output lines. Expected numbers come from docs/course-reference.md; the labs'
/// lines are their own labelled checks, which print `LABEL: correct` only when they hold.
@Suite struct CourseScriptTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scripts = root.appendingPathComponent("scripts")

    struct Output {
        var stdout: [String]
        var stderr: String
        var code: ExitCode
    }

    static func run(_ relativePath: String, _ arguments: [String] = []) throws -> Output {
        let url = scripts.appendingPathComponent(relativePath)
        let source = try String(contentsOf: url, encoding: .utf8)
        let host = CaptureHost()
        let code = ScriptSession(host: host, options: ScriptOptions(arguments: arguments, plotsEnabled: false))
            .run(source: source, file: url.path)
        return Output(stdout: host.stdout.components(separatedBy: "\n"), stderr: host.stderr, code: code)
    }

    static func files(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scripts.appendingPathComponent(directory).path)) ?? []
        return names.filter { $0.hasSuffix(".dnn") }.sorted()
    }

    /// One line each lab must print: a labelled check of the lab's main point.
    static let labLines: [String: String] = [
        "01_splits.dnn": "stratified: dev keeps the class share: correct",
        "02_bias_variance.dnn": "lecture case 3: high bias and high variance: correct",
        "03_basic_recipe.dnn": "step 4: more data shrinks the variance: correct",
        "04_l2_sweep.dnn": "exercise 3: ‖W‖ shrinks from λ = 3 to λ = 10: correct",
        "05_l1_sparsity.dnn": "L1 gives many more near-zero weights than L2: correct",
        "06_dropout_sweep.dnn": "exercise 2: keep_prob 0.5 fits the training set less closely than keep_prob 1.0: correct",
        "07_augmentation.dnn": "augmentation improves the dev accuracy: correct",
        "08_early_stopping.dnn": "the restored weights have a lower dev cost: correct",
        "09_normalization.dnn": "normalised inputs get there in fewer steps than raw ones at any learning rate: correct",
        "10_vanishing_exploding.dnn": "too small: the activations vanish with depth: correct",
        "11_initialization.dnn": "zeros: every hidden unit of layer 1 is the same: correct",
        "12_numerical_derivative.dnn": "the lecture's 3.0001: correct",
        "13_gradcheck_rules.dnn": "and the check blames dW, not db (biases are not penalised): correct",
        "14_mini_batch_sizes.dnn": "stochastic (1) is noisier than mini-batch (64): correct",
        "15_weighted_averages.dnn": "bias correction: v_1 / (1 − β) = θ_1: correct",
        "16_decay_schedules.dnn": "α0/(1 + epoch) decays too fast: learning stops: correct",
        "17_adam_hyperparameters.dnn": "Adam goes much further than gd and momentum at α = 0.0007: correct",
        "18_saddle_points.dnn": "Adam crosses the plateau sooner than gradient descent: correct",
        "19_narrow_valley.dnn": "momentum's path is smoother: fewer zig-zags: correct",
        "20_gradient_norms.dnn": "random(scale: 0.01): the gradient vanishes towards the input: correct",
    ]

    @Test func everyLabHasACheckedLine() {
        // One lab per row of docs/course-reference.md §1 (orthogonalization is docs only): 13 labs;
        // Week 2's labs (§7) from 14 on.
        #expect(Self.files(in: "labs") == Self.labLines.keys.sorted())
    }

    @Test(arguments: labLines.keys.sorted())
    func lab(_ name: String) throws {
        let out = try Self.run("labs/" + name)
        #expect(out.code == .ok, "\(name): \(out.stderr)")
        #expect(!out.stderr.contains("expectation failed"), "\(name): \(out.stderr)")
        if let line = Self.labLines[name] { #expect(out.stdout.contains(line), "\(name) did not print '\(line)'") }
    }

    @Test func atLeastThreeExercises() {
        #expect(Self.files(in: "labs/exercises").count >= 3)
    }

    @Test(arguments: files(in: "labs/exercises"))
    func exercise(_ name: String) throws {
        let source = try String(contentsOf: Self.scripts.appendingPathComponent("labs/exercises/" + name), encoding: .utf8)
        // The tasks of the holes in code lines (comment lines only describe the mechanism).
        let tasks = source.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            .flatMap { line -> [String] in
                line.components(separatedBy: "hole(\"").dropFirst().compactMap { $0.components(separatedBy: "\"").first }
            }
        #expect(!tasks.isEmpty, "\(name) has no hole(\"…\")")
        let out = try Self.run("labs/exercises/" + name)
        #expect(out.code == .expectationFailed, "\(name) must exit 1 while its holes are open: \(out.stderr)")
        for task in tasks {
            #expect(out.stderr.contains("hole still open: \(task)"), "\(name) did not name its hole '\(task)'")
        }
        #expect(out.stderr.contains("still open:\n"), "\(name) did not end with the list of open holes")
        #expect(out.stderr.contains("expectation failed: exercise 1"), "\(name): the exercise 1 check must say what it expects")
        // While a hole is open, no check of its exercise says correct: the placeholder must fail them.
        for task in tasks {
            guard let exercise = task.components(separatedBy: ":").first, exercise.hasPrefix("exercise ") else { continue }
            let passed = out.stdout.filter { ($0.hasPrefix(exercise + ":") || $0.hasPrefix(exercise + " ")) && $0.hasSuffix(": correct") }
            #expect(passed.isEmpty, "\(name): \(passed) although the hole of \(exercise) is open")
        }
    }

    // MARK: - Assignments (ReplayTests covers assignment 1's zeros and He runs and
    // assignment 2's plain and dropout runs; these cover the rest).

    @Test func assignment1LargeRandom() throws {
        let out = try Self.run("assignment1.dnn", ["random"])
        #expect(out.code == .ok, "\(out.stderr)")
        // docs/course-reference.md §2, the random ×10 row: cost inf at 0, accuracies 0.83 / 0.86 exactly.
        #expect(out.stdout.contains("Cost after iteration 0: inf"))
        #expect(out.stdout.contains("Accuracy: 0.83"))
        #expect(out.stdout.contains("Accuracy: 0.86"))
        #expect(out.stdout.contains("random: W1 for [3, 2, 1]: correct"))
        #expect(out.stdout.filter { $0.hasPrefix("Cost after iteration ") }.count == 15)
    }

    @Test(.enabled(if: ReplayTests.courseData != nil, "data.mat not found (set DNNSCRIPT_COURSE_DATA): the L2 replay is skipped"))
    func assignment2L2() throws {
        let out = try Self.run("assignment2.dnn", [ReplayTests.courseData ?? "", "l2"])
        #expect(out.code == .ok, "\(out.stderr)")
        // docs/course-reference.md §3, the L2 row, and the unit fact (λ = 0.1): 1.7864859451590758.
        #expect(out.stdout.contains("Cost after iteration 0: 0.6974484493131264"))
        #expect(out.stdout.contains("Accuracy: 0.9383886255924171"))
        #expect(out.stdout.contains("Accuracy: 0.93"))
        #expect(out.stdout.contains("cost with L2 regularization = 1.7864859451590758"))
        #expect(!out.stdout.contains { $0.contains("skipped") })
    }

    /// Week 2: the seven runs of "Optimization Methods" print the notebook's lines, with the
    /// numbers of docs/course-reference.md §7 (costs as %f prints them, accuracies exactly).
    @Test func assignment4() throws {
        let out = try Self.run("assignment4.dnn")
        #expect(out.code == .ok, "\(out.stderr)")
        #expect(!out.stderr.contains("expectation failed"), "\(out.stderr)")
        let costs = out.stdout.filter { $0.hasPrefix("Cost after epoch ") }
        #expect(costs.count == 35)
        #expect(costs.prefix(5) == ["Cost after epoch 0: 0.702405", "Cost after epoch 1000: 0.668101", "Cost after epoch 2000: 0.635288",
                                    "Cost after epoch 3000: 0.600491", "Cost after epoch 4000: 0.573367"])
        #expect(costs.suffix(5) == ["Cost after epoch 0: 0.699346", "Cost after epoch 1000: 0.130074", "Cost after epoch 2000: 0.130358",
                                    "Cost after epoch 3000: 0.131692", "Cost after epoch 4000: 0.128566"])
        let rates = out.stdout.filter { $0.hasPrefix("learning rate after epoch ") }
        #expect(rates.count == 20)
        #expect(rates.prefix(5) == ["learning rate after epoch 0: 0.100000", "learning rate after epoch 1000: 0.000100",
                                    "learning rate after epoch 2000: 0.000050", "learning rate after epoch 3000: 0.000033",
                                    "learning rate after epoch 4000: 0.000025"])
        #expect(out.stdout.filter { $0.hasPrefix("Accuracy: ") } == [
            "Accuracy: 0.7166666666666667", "Accuracy: 0.7166666666666667", "Accuracy: 0.9433333333333334",
            "Accuracy: 0.6533333333333333", "Accuracy: 0.9466666666666667", "Accuracy: 0.9533333333333334", "Accuracy: 0.94"])
        #expect(out.stdout.filter { $0.hasSuffix(": correct") }.count == 2 + 7 * 6 + 4 * 5)
    }

    @Test func assignment4OneRun() throws {
        let out = try Self.run("assignment4.dnn", ["adam"])
        #expect(out.code == .ok, "\(out.stderr)")
        // docs/course-reference.md §7, the adam row.
        #expect(out.stdout.contains("Cost after epoch 1000: 0.167845"))
        #expect(out.stdout.contains("Accuracy: 0.9433333333333334"))
        #expect(out.stdout.filter { $0.hasPrefix("Cost after epoch ") }.count == 5)
    }

    @Test func assignment2WithoutData() throws {
        let out = try Self.run("assignment2.dnn", ["/no/such/dir/data.mat", "l2"])
        #expect(out.code == .ok, "\(out.stderr)")
        #expect(out.stdout.contains("The course's data.mat was not found at /no/such/dir/data.mat."))
        #expect(out.stdout.contains { $0.hasPrefix("dataset train: 211 examples") })
        #expect(out.stdout.contains { $0.hasPrefix("skipped ") && $0.hasSuffix("checks that need the course's data.mat:") })
        #expect(out.stdout.contains("  - l2: test accuracy 0.93"))
        // The unit fact needs no data and is still checked.
        #expect(out.stdout.contains("l2: regularized cost of the unit case: correct"))
    }

    @Test func assignment3NamesTheBugs() throws {
        let out = try Self.run("assignment3.dnn")
        #expect(out.code == .ok, "\(out.stderr)")
        // docs/course-reference.md §4 and §1 (θ³).
        #expect(out.stdout.contains("N-D: difference with the planted bugs: correct"))
        #expect(out.stdout.contains("N-D: the check names dW2 and db1: correct"))
        #expect(out.stdout.contains("θ³: two-sided estimate 3.0001: correct"))
        #expect(out.stdout.contains("θ³: one-sided estimate 3.0301: correct"))
    }

    @Test(arguments: [("/some/dir/lab.dnn", "/some/dir"), ("rel/lab.dnn", "rel"), ("lab.dnn", "."),
                      ("<stdin>", "."), ("/lab.dnn", "/")])
    func scriptDirFollowsTheFileName(_ file: String, _ expected: String) {
        let host = CaptureHost()
        let code = ScriptSession(host: host, options: ScriptOptions(plotsEnabled: false))
            .run(source: "print script_dir()", file: file)
        #expect(code == .ok)
        #expect(host.stdout == expected + "\n")
    }

    @Test func existsSeesTheAssignmentScripts() {
        let host = CaptureHost()
        let code = ScriptSession(host: host, options: ScriptOptions(plotsEnabled: false))
            .run(source: "print exists(script_dir() + \"/assignment1.dnn\"), exists(script_dir())",
                 file: Self.scripts.appendingPathComponent("probe.dnn").path)
        #expect(code == .ok)
        #expect(host.stdout == "true false\n")
    }

    @Test func scriptsAreNotDuplicatedUnderTests() {
        let replays = Self.root.appendingPathComponent("Tests/DNNScriptTests/Replays").path
        #expect(!FileManager.default.fileExists(atPath: replays), "one copy of each assignment: scripts/")
    }
}
