// dnnbench CASE [--data PATH] [--iterations N] [--step-times] [--optimizer NAME]: one
// benchmark case through the engine, the same work as scripts/bench/numpy_ref.py CASE.
// Prints the final cost and the train accuracy so both sides can be compared; --step-times
// adds the fastest and the median microseconds per step over blocks of 250 steps (a
// steadier measure of the engine than a whole process's time on a shared machine);
// --optimizer gd|momentum|rmsprop|adam trains with the lecture's defaults instead of the
// case's gradient descent (a4: its epochs are --iterations).
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
        throw Failure(description: "usage: dnnbench CASE [--data PATH] [--iterations N] [--step-times] [--optimizer NAME]\ncases: \(BenchCase.allCases.map(\.rawValue).joined(separator: " "))")
    }
    guard let benchCase = BenchCase(rawValue: name) else { throw Failure(description: "unknown case '\(name)'") }
    let iterations = value(after: "--iterations", in: args).flatMap(Int.init)
    let data = value(after: "--data", in: args) ?? "../shared/course-data/data.mat"
    let stepTimes = args.contains("--step-times")
    var optimizer: Optimizer? = nil
    if let name = value(after: "--optimizer", in: args) {
        let known: [String: Optimizer] = ["gd": .gd, "momentum": .momentum(), "rmsprop": .rmsprop(), "adam": .adam()]
        guard let chosen = known[name] else { throw Failure(description: "unknown optimizer '\(name)'") }
        optimizer = chosen
    }
    let start = monotonicSeconds()
    let result = try benchCase.run(iterations: iterations, dataPath: data, stepBlocks: stepTimes ? 250 : nil, optimizer: optimizer)
    let seconds = monotonicSeconds() - start
    print("final cost: \(result.finalCost)")
    print("train accuracy: \(result.trainAccuracy)")
    if !result.accuracies.isEmpty {
        print("train accuracies: \(result.accuracies.map { "\($0)" }.joined(separator: " "))")
        print("seconds: \((seconds * 1000).rounded() / 1000)")
    }
    if stepTimes, !result.stepSeconds.isEmpty {
        let sorted = result.stepSeconds.sorted()
        let micro = { (s: Double) in String(Int((s * 1e7).rounded())).paddedTenths }
        print("step µs: fastest \(micro(sorted[0])) median \(micro(sorted[sorted.count / 2])) (\(sorted.count) blocks of 250)")
    }
}

OpenBLASCore.chooseKernel()
do {
    print("kernels: \(try KernelPath.fromEnvironment())")
    try run()
} catch {
    var standardError = FileHandleOutputStream()
    print("dnnbench: \(error)", to: &standardError)
    // A bad DNNSCRIPT_KERNELS is a usage error (EX_USAGE), a missing OpenBLAS EX_UNAVAILABLE.
    exit(error is KernelPathError ? 64 : error is OpenBLASUnavailable ? 69 : 1)
}

extension String {
    /// "1234" → "123.4": tenths written as an integer.
    var paddedTenths: String {
        let digits = count < 2 ? String(repeating: "0", count: 2 - count) + self : self
        return digits.dropLast() + "." + digits.suffix(1)
    }
}

struct FileHandleOutputStream: TextOutputStream {
    mutating func write(_ string: String) { _ = string.withCString { fputs($0, stderrStream()) } }
}

func stderrStream() -> UnsafeMutablePointer<FILE> { fdopen(2, "w") }
