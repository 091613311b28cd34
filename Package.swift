// swift-tools-version:6.0
import PackageDescription

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

        // The engine is optimised in debug builds too (with bounds checks), so the test
        // suite's full assignment replays run in seconds; release drops the checks.
        .target(name: "DNNCore", dependencies: ["CBLAS", "CZlib"],
                swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release)),
                                .unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "DNNPlot"),
        .target(name: "DNNScript", dependencies: ["DNNCore", "DNNPlot"]),
        .executableTarget(name: "dnnscript", dependencies: [
            "DNNScript", "DNNCore", "DNNPlot", "CReadline",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "dnnbench", dependencies: ["DNNCore"]),
        .executableTarget(name: "plotbench", dependencies: ["DNNPlot"]),

        .target(name: "DNNTestSupport", dependencies: ["DNNCore"]),  // imports Testing
        .testTarget(name: "DNNCoreTests", dependencies: ["DNNCore", "DNNTestSupport"]),
        .testTarget(name: "DNNPlotTests", dependencies: ["DNNPlot", "DNNTestSupport"]),
        .testTarget(name: "DNNScriptTests", dependencies: ["DNNScript", "DNNTestSupport"]),
    ]
)
