import DNNScript
import Foundation

/// The libFuzzer target: every input is a script, run as `dnnscript run` would run it, with a
/// host that keeps no output, writes no plot and interrupts the script once its time budget
/// is spent (interrupts are polled in every loop, training step and gradient-check probe), so
/// slow inputs end instead of timing out. Any trap, abort or sanitizer report is a finding.
///
/// Built with `-sanitize=fuzzer -DDNNFUZZ_LIBFUZZER` (scripts/fuzz/run.sh), `main` runs
/// libFuzzer's driver; in a plain build it replays files given on the command line through
/// the same function.
final class FuzzHost: ScriptHost {
    private let deadline: UInt64

    /// - Parameter budget: seconds a script may run before it is interrupted.
    init(budget: Double) {
        deadline = DispatchTime.now().uptimeNanoseconds + UInt64(budget * 1e9)
    }

    func write(_ text: String, to stream: OutputStreamKind) throws {}
    func isInterrupted() -> Bool { DispatchTime.now().uptimeNanoseconds > deadline }
    func savePlot(svg: String, name: String) throws -> String { name }
}

enum FuzzTarget {
    /// Seconds per input; DNNFUZZ_BUDGET overrides.
    static let budget = ProcessInfo.processInfo.environment["DNNFUZZ_BUDGET"].flatMap(Double.init) ?? 1

    /// Runs one input; returns the exit code the command would give.
    @discardableResult
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) -> ExitCode {
        let source = String(decoding: bytes, as: UTF8.self)
        var options = ScriptOptions(seed: 1, quiet: true, plotsEnabled: true)
        options.filesWritable = false
        return ScriptSession(host: FuzzHost(budget: budget), options: options).run(source: source, file: "fuzz.dnn")
    }
}

/// libFuzzer calls this once before the first input: with DNNFUZZ_PRINT_DICTIONARY set it
/// prints the language's words as a libFuzzer dictionary and ends the run (scripts/fuzz/run.sh).
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> Int32 {
    if ProcessInfo.processInfo.environment["DNNFUZZ_PRINT_DICTIONARY"] != nil {
        printDictionary()
        exit(0)
    }
    return 0
}

/// One `"word"` line per word of ``Vocabulary``, escaped as libFuzzer's dictionaries want.
func printDictionary() {
    for word in Vocabulary.words {
        let escaped = word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        print("\"\(escaped)\"")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.run(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    return 0
}

@main
enum Main {
    static func main() {
        #if DNNFUZZ_LIBFUZZER
        runLibFuzzer()
        #else
        replay()
        #endif
    }

    /// Hands the command line to libFuzzer's driver, which calls ``fuzzOneInput(_:_:)``.
    /// (SwiftPM names an executable's entry point itself, so libFuzzer's own `main` cannot
    /// be the program's; its documented `LLVMFuzzerRunDriver` is found at run time.)
    static func runLibFuzzer() {
        typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
        typealias Driver = @convention(c) (UnsafeMutablePointer<Int32>,
            UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>, Callback) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") else {
            print("dnnfuzz: not built with -sanitize=fuzzer (scripts/fuzz/run.sh builds it)")
            exit(1)
        }
        let driver = unsafeBitCast(symbol, to: Driver.self)
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(driver(&argc, &argv, { data, size in fuzzOneInput(data, size) }))
    }

    /// Replays inputs (crash files, a corpus) without libFuzzer: `dnnfuzz FILE…` prints each
    /// file's exit code; `dnnfuzz --dictionary` prints the dictionary.
    static func replay() {
        if CommandLine.arguments.dropFirst().first == "--dictionary" { return printDictionary() }
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot read")
                continue
            }
            let code = data.withUnsafeBytes { FuzzTarget.run($0.bindMemory(to: UInt8.self)) }
            print("\(path): exit \(code.rawValue)")
        }
    }
}
