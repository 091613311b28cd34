// swift-tools-version:6.0
import PackageDescription
import Foundation

// The engine's small-matrix kernels are written with 4-wide vectors. Where the build machine
// has AVX2 and FMA, release builds target them (like -march=native: the binary is for this
// kind of processor); elsewhere, or with DNNSCRIPT_PORTABLE=1, the code stays portable.
let vectorFlags: [String] = {
    #if arch(x86_64) && os(Linux)
    if ProcessInfo.processInfo.environment["DNNSCRIPT_PORTABLE"] == "1" { return [] }
    guard let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
    let flags = Set(cpu.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
    return flags.contains("avx2") && flags.contains("fma") ? ["-target-cpu", "haswell"] : []
    #else
    return []
    #endif
}()

/// The engine is optimised in debug builds too (with bounds checks), so the test suite's
/// full assignment replays run in seconds; release drops the checks and, on AVX2/FMA
/// machines, uses fused multiply-adds in the small-matrix kernels (DNN_FMA).
let engineSettings: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked"] + vectorFlags, .when(configuration: .release)),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
] + (vectorFlags.isEmpty ? [] : [.define("DNN_FMA", .when(configuration: .release))])

let package = Package(
    name: "dnnscript",
    platforms: [.macOS(.v13)],
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

        .target(name: "DNNTestSupport", dependencies: ["DNNCore"]),  // imports Testing
        .testTarget(name: "DNNCoreTests", dependencies: ["DNNCore", "DNNTestSupport"]),
        .testTarget(name: "DNNPlotTests", dependencies: ["DNNPlot", "DNNTestSupport"]),
        .testTarget(name: "DNNScriptTests", dependencies: ["DNNScript", "DNNTestSupport"],
                    exclude: ["Golden"]),
        // End-to-end tests of the REPL: they drive the built dnnscript binary through a pseudo-terminal.
        .testTarget(name: "REPLTests", path: "Tests/REPLTests"),
    ]
)
