// swift-tools-version:6.2
import PackageDescription

// The engine is portable: no flag names a processor model and none removes safety checks,
// so a binary runs on any x86-64 (or arm64) processor and the public API keeps its bounds checks.
// The small-matrix training kernels that gain from wide vectors live in the C target
// CDNNKernels, compiled once per instruction set with target attributes on those functions
// only (generic, AVX2+FMA, AVX-512), and chosen once at run time from cpuid
// (docs/engine.md, "Speed"; DNNSCRIPT_KERNELS forces a lower path).
//
// Debug builds (the test suite) optimise the engine and its kernels too, with bounds checks,
// so the full assignment replays of the tests run in seconds.
let engineSettings: [SwiftSetting] = [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]
let kernelSettings: [CSetting] = [
    .unsafeFlags(["-O2"], .when(configuration: .debug)),
]

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
        // HMAC-SHA256 signatures of the Jupyter kernel's messages.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
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
        // cmark-gfm, GitHub's CommonMark library, for markdown cells of rendered notebooks.
        .systemLibrary(name: "CCMark", path: "Sources/CCMark",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        // libzmq for the Jupyter kernel's sockets (executable only).
        .systemLibrary(name: "CZMQ", path: "Sources/CZMQ",
                       providers: [.apt(["libzmq3-dev"])]),

        .target(name: "CDNNKernels", cSettings: kernelSettings),
        .target(name: "DNNCore", dependencies: ["CBLAS", "CZlib", "CDNNKernels"],
                swiftSettings: engineSettings),
        .target(name: "DNNPlot"),
        .target(name: "DNNScript", dependencies: ["DNNCore", "DNNPlot", "CCMark"]),
        // The Jupyter kernel: messaging protocol 5.3 over ZeroMQ (docs/jupyter.md).
        .target(name: "DNNKernel", dependencies: ["DNNScript", "DNNPlot", "CZMQ",
                                                  .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(name: "dnnscript", dependencies: [
            "DNNScript", "DNNCore", "DNNPlot", "DNNKernel", "CReadline",
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
        .testTarget(name: "DNNKernelTests", dependencies: ["DNNKernel", "DNNScript"]),
        .testTarget(name: "DNNScriptTests", dependencies: ["DNNScript", "DNNTestSupport"],
                    exclude: ["Golden"]),
        // End-to-end tests of the REPL: they drive the built dnnscript binary through a pseudo-terminal.
        .testTarget(name: "REPLTests", path: "Tests/REPLTests"),
    ]
)
