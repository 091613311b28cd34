import DNNScript
import Foundation

/// The libFuzzer target: every input is a script, run as `dnnscript run` would run it, with a
/// host that keeps no output, writes no plot and interrupts the script once its time budget
/// is spent (interrupts are polled in every loop, training step and gradient-check probe), so
/// slow inputs end instead of timing out. Any trap, abort or sanitizer report is a finding.
///
/// Built with `-sanitize=fuzzer` (scripts/fuzz/run.sh) libFuzzer supplies `main`; in a plain
/// build `main` below replays files given on the command line through the same function.
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

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.run(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    return 0
}

#if !DNNFUZZ_LIBFUZZER
/// Replays inputs (crash files, a corpus) without libFuzzer: `dnnfuzz FILE…` prints each
/// file's exit code.
@main
enum Replay {
    static func main() {
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
#endif
