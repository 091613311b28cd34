@testable import DNNScript
import DNNCore
import Testing

/// `diagnose` never suggests what the language lacks, and never says a thing twice.
struct DiagnosisAdviceTests {
    @Test(arguments: Diagnosis.Step.allCases)
    func everyStepNamesRealOptionsAndBuiltins(_ step: Diagnosis.Step) {
        let (options, builtins) = step.names
        for option in options {
            #expect(CommandOptions.train[option] != nil, "`\(option):` is not a train option")
            #expect(step.advice.contains("`\(option):"), "the advice does not name `\(option):`")
        }
        for name in builtins {
            #expect(Builtins.names.contains(name), "\(name) is not a builtin")
            #expect(step.advice.contains(name))
        }
    }

    @Test func theStepsAreWordedDifferently() {
        let texts = Diagnosis.Step.allCases.map(\.advice)
        #expect(Set(texts).count == texts.count)
    }

    // The lecture's four cases (docs/course-reference.md §1): the recipe's lines never repeat,
    // bias steps come before variance steps.
    @Test(arguments: [(0.01, 0.11), (0.15, 0.16), (0.15, 0.30), (0.005, 0.01)])
    func recipeLinesAreUnique(_ train: Double, _ dev: Double) throws {
        let d = try Diagnosis(trainError: train, devError: dev)
        #expect(Set(d.steps).count == d.steps.count)
        if let firstVariance = d.steps.firstIndex(where: { $0 == .moreData || $0 == .regularization }) {
            #expect(!d.steps[firstVariance...].contains(.biggerNetwork))
        }
    }
}
