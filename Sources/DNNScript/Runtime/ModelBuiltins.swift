import DNNCore

/// Builtins over models: construction, accuracy, parameters (bridged to the engine).
enum ModelBuiltins {
    static var all: [Builtin] { [] }
}
