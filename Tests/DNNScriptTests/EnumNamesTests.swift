@testable import DNNScript
import DNNCore
import Testing

/// The language reads the engine's enums by name; every name the engine lists resolves, and
/// what a model file writes reads back as the same value.
struct EnumNamesTests {
    @Test(arguments: Initializer.names)
    func initializerNameResolves(name: String) throws {
        let initializer = try #require(InitializerObject.named(name), "'\(name)' is in Initializer.names but not known to the language")
        #expect(InitializerObject.described(initializer.description) == initializer)
    }

    @Test func randomScaleSurvivesTheModelFile() {
        for scale in [10.0, 0.01, 1e-7, 2.5] {
            #expect(InitializerObject.described(Initializer.random(scale: scale).description) == .random(scale: scale))
        }
        #expect(InitializerObject.described("hee") == nil)
        #expect(InitializerObject.described("random") == nil)
    }

    /// Every activation the engine has can be declared, and nothing else.
    @Test func activationsAreTheEngines() throws {
        for activation in Activation.allCases {
            let program = try Parser.parse(source: "network n { dense 2 \(activation.rawValue); dense 1 sigmoid }", file: "t.dnn")
            var checker = Checker(globals: [])
            #expect(checker.check(program).isEmpty, "\(activation)")
        }
        let program = try Parser.parse(source: "network n { dense 2 relu6 }", file: "t.dnn")
        var checker = Checker(globals: [])
        #expect(checker.check(program).map(\.message) == ["unknown activation 'relu6'"])
    }
}
