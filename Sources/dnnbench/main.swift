// dnnbench CASE [--data PATH] [--iterations N]: one benchmark case through the engine,
// the same work as scripts/bench/numpy_ref.py CASE. Prints the final cost and the train
// accuracy so both sides can be compared.
import DNNCore

#if canImport(Glibc)
import Glibc
#endif

struct Failure: Error, CustomStringConvertible { let description: String }

func value(after flag: String, in args: [String]) -> String? {
    guard let i = args.firstIndex(of: flag), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func run() throws {
    let args = Array(CommandLine.arguments.dropFirst())
    guard let name = args.first else {
        throw Failure(description: "usage: dnnbench CASE [--data PATH] [--iterations N]\ncases: \(BenchCase.allCases.map(\.rawValue).joined(separator: " "))")
    }
    guard let benchCase = BenchCase(rawValue: name) else { throw Failure(description: "unknown case '\(name)'") }
    let iterations = value(after: "--iterations", in: args).flatMap(Int.init)
    let data = value(after: "--data", in: args) ?? "../shared/course-data/data.mat"
    let result = try benchCase.run(iterations: iterations, dataPath: data)
    print("final cost: \(result.finalCost)")
    print("train accuracy: \(result.trainAccuracy)")
}

OpenBLASCore.relaunchWithFasterKernelIfNeeded()
do {
    try run()
} catch {
    var standardError = FileHandleOutputStream()
    print("dnnbench: \(error)", to: &standardError)
    exit(1)
}

struct FileHandleOutputStream: TextOutputStream {
    mutating func write(_ string: String) { _ = string.withCString { fputs($0, stderrStream()) } }
}

func stderrStream() -> UnsafeMutablePointer<FILE> { fdopen(2, "w") }
