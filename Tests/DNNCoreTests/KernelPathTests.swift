import Testing
@testable import DNNCore
import DNNTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The kernel paths chosen at run time (Sources/CDNNKernels): every path this processor
/// runs against the generic one on the kernel-shape cases, and the choice itself.
///
/// docs/engine.md promises: the paths with fused multiply-adds (avx2, avx512) give the same
/// bits; generic rounds each multiply-add of the products twice, so it agrees with them to
/// rounding — within the tolerances KernelShapeTests holds every path to against a plain
/// loop-by-loop backprop (rtol 1e-10, atol 1e-13 for gradients, rtol 1e-12 for the cost).
@Suite struct KernelPathTests {
    /// One pass over a batch on the given path: the cost and the gradients.
    struct Pass: Equatable {
        let cost: Double
        let dW: [[Double]]
        let db: [[Double]]

        /// Every number's bits, for comparisons where −0 and +0 or two NaNs must not pass as equal.
        var bits: [UInt64] { ([cost] + dW.flatMap { $0 } + db.flatMap { $0 }).map(\.bitPattern) }
    }

    static func pass(_ net: Network, x: Matrix, labels: Matrix, maskSeed: UInt32?, path: KernelPath,
                     parallel: Bool = false) throws -> Pass {
        let targets = try net.targets(forLabels: labels)
        let space = try Workspace(network: net, capacity: x.cols, parallel: parallel, threads: false, kernels: path)
        var rng = maskSeed.map { NumPyRandom(seed: $0) }
        let cost = x.values.withUnsafeBufferPointer { px in
            targets.values.withUnsafeBufferPointer { py in
                space.setBatch(px.baseAddress!, py.baseAddress!, total: x.cols)
                if rng != nil { space.drawMasks(&rng!) }
                return space.pass(dropout: rng != nil && net.usesDropout, regularizer: .none)
            }
        }
        let (dW, db) = space.gradients()
        return Pass(cost: cost, dW: dW.map(\.values), db: db.map(\.values))
    }

    /// Expects `got` within the kernel-shape tolerances of `generic`.
    static func expectAgrees(_ got: Pass, _ generic: Pass, _ what: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        expectClose(got.cost, generic.cost, rtol: 1e-12, atol: 1e-14, "\(what) cost", sourceLocation: sourceLocation)
        for l in got.dW.indices {
            for (g, e) in zip(got.dW[l], generic.dW[l]) {
                expectClose(g, e, rtol: 1e-10, atol: 1e-13, "\(what) dW\(l + 1)", sourceLocation: sourceLocation)
            }
            for (g, e) in zip(got.db[l], generic.db[l]) {
                expectClose(g, e, rtol: 1e-10, atol: 1e-13, "\(what) db\(l + 1)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Runs every available path on the 60 kernel-shape cases: each agrees with generic to
    /// rounding; avx2 and avx512 give the same bits. At least one case must differ in its
    /// bits between generic and a fused path, or the paths did not really run different code.
    @Test func everyPathAgreesWithGenericOnTheShapeCases() throws {
        var differing = 0
        for case_ in 0..<60 {
            let c = try KernelShapeTests.shapeCase(case_)
            let seed: UInt32? = c.net.usesDropout ? 7 : nil
            let generic = try Self.pass(c.net, x: c.x, labels: c.labels, maskSeed: seed, path: .generic)
            var fused: [Pass] = []
            for path in KernelPath.available where path != .generic {
                let got = try Self.pass(c.net, x: c.x, labels: c.labels, maskSeed: seed, path: path)
                Self.expectAgrees(got, generic, "case \(case_), \(path)")
                fused.append(got)
            }
            if let first = fused.first {
                if first.bits != generic.bits { differing += 1 }
                for other in fused.dropFirst() { #expect(other.bits == first.bits, "case \(case_): avx2 and avx512 differ") }
            }
        }
        if KernelPath.available.count > 1 {
            #expect(differing > 0, "generic and the fused paths gave the same bits in all 60 cases")
        }
        print("kernel paths on this processor: \(KernelPath.available); cases where generic's bits differ: \(differing) of 60")
    }

    /// Two lanes (≥ 128 examples) and a layer large enough for OpenBLAS (40 × 40 at 45
    /// examples, so the finishing passes after dgemm run on each path).
    @Test(arguments: [([2, 7, 5, 1], 211), ([30, 40, 40, 1], 45)])
    func everyPathAgreesOnLanesAndOpenBLAS(_ sizes: [Int], _ m: Int) throws {
        var rng = NumPyRandom(seed: 21)
        let net = try Network(inputSize: sizes[0], layers: [LayerSpec(units: sizes[1], activation: .relu, keepProb: 0.8),
                                                            LayerSpec(units: sizes[2], activation: .tanh, keepProb: 0.9),
                                                            LayerSpec(units: sizes[3], activation: .sigmoid)],
                              initializer: .he, rng: &rng)
        let x = try rng.randn(sizes[0], m)
        let labels = Matrix(row: (0..<m).map { _ in rng.rand() < 0.5 ? 0 : 1 })
        let generic = try Self.pass(net, x: x, labels: labels, maskSeed: 3, path: .generic, parallel: true)
        var fused: [Pass] = []
        for path in KernelPath.available where path != .generic {
            let got = try Self.pass(net, x: x, labels: labels, maskSeed: 3, path: path, parallel: true)
            Self.expectAgrees(got, generic, "\(sizes) at \(m), \(path)")
            fused.append(got)
        }
        for other in fused.dropFirst() { #expect(other.bits == fused[0].bits) }
    }

    /// exp, log, the sigmoid and the loss terms have no fused multiply-adds: every path
    /// gives generic's bits, on inputs of every magnitude and the special values.
    @Test func elementwiseLoopsGiveTheSameBitsOnEveryPath() {
        var rng = NumPyRandom(seed: 17)
        let specials: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, 2.2250738585072014e-308,
                                  709.79, -745.2, 1e-300, 0.5, 1 - 1e-16]
        let inputs = specials + (0..<1000).map { _ in (rng.rand() - 0.5) * pow(10, rng.rand() * 600 - 300) }
            + (0..<1000).map { _ in (rng.rand() - 0.5) * 1500 }
        let probabilities = specials + (0..<1000).map { _ in rng.rand() }
        let labels = probabilities.indices.map { i in [0.0, 1, 0.3, rng.rand()][i % 4] }
        func run(_ kernels: Kernels) -> [[UInt64]] {
            var results: [[Double]] = []
            for op in [kernels.exp, kernels.log, kernels.sigmoid] {
                var v = inputs
                v.withUnsafeMutableBufferPointer { op($0.baseAddress!, $0.count) }
                results.append(v)
            }
            for loss in Loss.allCases {
                var out = [Double](repeating: 0, count: probabilities.count)
                out.withUnsafeMutableBufferPointer { loss.terms(probabilities, labels, count: $0.count, into: $0.baseAddress!, kernels: kernels) }
                results.append(out)
            }
            return results.map { $0.map(\.bitPattern) }
        }
        let generic = run(KernelPath.generic.kernels)
        for path in KernelPath.available where path != .generic {
            let got = run(path.kernels)
            for (name, (g, e)) in zip(["exp", "log", "sigmoid"] + Loss.allCases.map(\.rawValue), zip(got, generic)) {
                #expect(g == e, "\(name) on \(path) differs from generic")
            }
        }
    }

    /// The processor's flags as Linux reports them in /proc/cpuinfo.
    static func cpuFlags() -> Set<String> {
        guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 8192)
        while fgets(&line, Int32(line.count), file) != nil {
            let bytes = line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            let text = String(decoding: bytes, as: UTF8.self)
            if text.hasPrefix("flags") {
                return Set(text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == ":" }).map(String.init))
            }
        }
        return []
    }

    /// cpuid against the kernel's own account of the processor (/proc/cpuinfo flags).
    @Test func processorPathFollowsTheCPUFlags() {
        let flags = Self.cpuFlags()
        guard !flags.isEmpty else { return }  // not Linux
        let expected: KernelPath
        #if arch(x86_64)
        if flags.isSuperset(of: ["avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl", "avx2", "fma"]) {
            expected = .avx512
        } else if flags.isSuperset(of: ["avx2", "fma"]) {
            expected = .avx2
        } else {
            expected = .generic
        }
        #else
        expected = .generic
        #endif
        #expect(KernelPath.processor == expected)
        #expect(KernelPath.available == KernelPath.allCases.filter { $0 <= expected })
    }

    @Test(arguments: [
        (nil, KernelPath.avx512, KernelPath.avx512), ("", .avx2, .avx2), ("generic", .avx512, .generic),
        ("avx2", .avx512, .avx2), ("AVX512", .avx512, .avx512), ("generic", .generic, .generic),
    ] as [(String?, KernelPath, KernelPath)])
    func environmentChoosesAPath(_ value: String?, _ processor: KernelPath, _ expected: KernelPath) throws {
        #expect(try KernelPath.requested(value, processor: processor) == expected)
    }

    @Test(arguments: [
        ("avx3", KernelPath.avx512, "DNNSCRIPT_KERNELS='avx3' names no kernel path (use one of: generic, avx2, avx512)"),
        ("avx512", .avx2, "DNNSCRIPT_KERNELS=avx512 asks for kernels this processor cannot run (its fastest is avx2)"),
        ("avx2", .generic, "DNNSCRIPT_KERNELS=avx2 asks for kernels this processor cannot run (its fastest is generic)"),
    ])
    func environmentRefusesAPath(_ value: String, _ processor: KernelPath, _ message: String) {
        #expect {
            _ = try KernelPath.requested(value, processor: processor)
        } throws: { error in
            (error as? KernelPathError)?.description == message
        }
    }
}
