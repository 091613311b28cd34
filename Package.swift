// swift-tools-version:6.2
import PackageDescription
import Foundation

// The engine's small-matrix kernels work on 8-wide vectors. Where the build machine has
// AVX-512, release builds target it (Skylake-AVX512: one 512-bit register per vector); with AVX2
// and FMA they target Haswell (two 256-bit registers); like -march=native, the binary is for
// this kind of processor. Elsewhere, or with DNNSCRIPT_PORTABLE=1, the code stays portable.
let cpuFlags: Set<String> = {
    #if arch(x86_64) && os(Linux)
    if ProcessInfo.processInfo.environment["DNNSCRIPT_PORTABLE"] == "1" { return [] }
    guard let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
    return Set(cpu.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
    #else
    return []
    #endif
}()
let avx512 = cpuFlags.isSuperset(of: ["avx512f", "avx512dq", "avx512vl", "avx512bw", "avx512cd", "avx2", "fma"])
let avx2 = cpuFlags.isSuperset(of: ["avx2", "fma"])
let vectorFlags: [String] = avx512 ? ["-target-cpu", "skylake-avx512"] : avx2 ? ["-target-cpu", "haswell"] : []

/// The engine is optimised in debug builds too (with bounds checks), so the test suite's
/// full assignment replays run in seconds, and it is built for the same vector extensions
/// as release, so the tests run the kernels that ship: fused multiply-adds where the
/// processor has them (DNN_FMA), 8-wide dot products with AVX-512 (DNN_AVX512). Release
/// drops the bounds checks.
let engineSettings: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked"] + vectorFlags, .when(configuration: .release)),
    .unsafeFlags(["-O"] + vectorFlags, .when(configuration: .debug)),
] + (vectorFlags.isEmpty ? [] : [.define("DNN_FMA")])
  + (avx512 ? [.define("DNN_AVX512")] : [])

let package = Package(
    name: "dnnscript",
    // InlineArray and integer generic parameters (the engine's kernels) need the Swift 6.2 runtime.
    platforms: [.macOS(.v26)],
    products: [
        .executable(name: "dnnscript", targets: ["dnnscript"]),
        .library(name: "DNNCore", targets: ["DNNCore"]),
        .library(name: "DNNPlot", targets: ["DNNPlot"]),
        .library(name: "DNNScript", targets: ["DNNScript"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Markdown cells of rendered notebooks.
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        // System libraries: OpenBLAS for products, zlib for compressed MAT-file elements,
        // GNU readline for the REPL (executable only).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline",
                       providers: [.apt(["libreadline-dev"])]),

        .target(name: "DNNCore", dependencies: ["CBLAS", "CZlib"],
                swiftSettings: engineSettings),
        .target(name: "DNNPlot"),
        .target(name: "DNNScript", dependencies: ["DNNCore", "DNNPlot",
                                                  .product(name: "Ink", package: "Ink")]),
        .executableTarget(name: "dnnscript", dependencies: [
            "DNNScript", "DNNCore", "DNNPlot", "CReadline",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "dnnbench", dependencies: ["DNNCore"]),
        .executableTarget(name: "plotbench", dependencies: ["DNNPlot"]),
        // The libFuzzer target (scripts/fuzz/run.sh builds it with -sanitize=fuzzer); a plain
        // build replays inputs.
        .executableTarget(name: "dnnfuzz", dependencies: ["DNNScript"]),

        .target(name: "DNNTestSupport", dependencies: ["DNNCore"]),  // imports Testing
        .testTarget(name: "DNNCoreTests", dependencies: ["DNNCore", "DNNTestSupport"]),
        .testTarget(name: "DNNPlotTests", dependencies: ["DNNPlot", "DNNTestSupport"]),
        .testTarget(name: "DNNScriptTests", dependencies: ["DNNScript", "DNNTestSupport"],
                    exclude: ["Golden"]),
        // End-to-end tests of the REPL: they drive the built dnnscript binary through a pseudo-terminal.
        .testTarget(name: "REPLTests", path: "Tests/REPLTests"),
    ]
)
