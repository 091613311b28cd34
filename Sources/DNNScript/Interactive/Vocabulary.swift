import DNNCore

/// Every word the language knows, for tools that generate or mutate scripts (the fuzzer's
/// dictionary): statement and expression words, builtins and their named arguments, command
/// options, layer kinds, activations, initializers, operators and punctuation.
public enum Vocabulary {
    public static var words: [String] {
        var words = Set(InteractiveSession.statementWords + InteractiveSession.expressionWords
                        + InteractiveSession.plotWords)
        words.formUnion(Keyword.allCases.map(\.rawValue))
        for builtin in Builtins.all {
            words.insert(builtin.name)
            words.formUnion(builtin.parameters.map(\.name))
        }
        for table in CommandOptions.all {
            words.insert(table.command)
            words.formUnion(table.options.map(\.name))
        }
        words.formUnion(Parser.layerKinds + NetworkObject.activations + Initializer.names + Optimizer.names
                        + LearningRateDecay.names + ["init"])
        words.formUnion(Builtins.constants.map(\.0))
        words.formUnion(["+", "-", "*", "/", "//", "%", "^", "**", "@", "==", "!=", "<", "<=", ">", ">=",
                         "=", "+=", "-=", "*=", "/=", "..", ".", ",", ":", ";", "(", ")", "[", "]", "{", "}",
                         "\"", "#", "# %%", ".T", "nan", "inf", "1e308", "9223372036854775807"])
        return words.sorted()
    }
}
