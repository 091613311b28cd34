import CDNNKernels

/// Which build of the small-matrix training kernels runs (Sources/CDNNKernels).
///
/// The kernels are compiled once per instruction set, each with its own target attribute,
/// and the engine picks one when it first trains: the fastest the processor runs (from
/// cpuid, with the operating system's support for the registers), or a lower one named by
/// `DNNSCRIPT_KERNELS`. The paths with fused multiply-adds (`avx2`, `avx512`) give the same
/// bits as each other; `generic` rounds each multiply-add of the products twice, so its
/// results differ from theirs in the last bits (docs/engine.md, "Speed").
public enum KernelPath: Int, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    /// Baseline vectors (SSE2 on x86-64, NEON on arm64), multiply then add.
    case generic = 0
    /// AVX2 with fused multiply-adds: an 8-wide block in two 256-bit registers.
    case avx2 = 1
    /// AVX-512 F/DQ/CD/BW/VL with fused multiply-adds: an 8-wide block in one 512-bit register.
    case avx512 = 2

    /// The environment variable that forces a lower path.
    public static let variable = "DNNSCRIPT_KERNELS"

    /// The name `DNNSCRIPT_KERNELS` takes.
    public var description: String {
        switch self {
        case .generic: return "generic"
        case .avx2: return "avx2"
        case .avx512: return "avx512"
        }
    }

    /// The fastest path this processor runs.
    public static let processor: KernelPath = {
        let level = Int(dnn_processor_level())
        return allCases.last { $0.rawValue <= level && dnn_kernels_for_level(Int32($0.rawValue)) != nil } ?? .generic
    }()

    /// Every path this processor runs, generic first.
    public static var available: [KernelPath] { allCases.filter { $0 <= processor } }

    /// The path the engine runs, chosen once: `DNNSCRIPT_KERNELS` when it names one the
    /// processor runs, else the processor's fastest. The executables call
    /// ``fromEnvironment()`` at start-up so that a bad value is an error, not ignored.
    public static let active: KernelPath = (try? fromEnvironment()) ?? processor

    /// The path `DNNSCRIPT_KERNELS` asks for (the processor's fastest when it is unset or empty).
    /// - Throws: ``KernelPathError`` for a value that names no path, or a path above the processor's.
    public static func fromEnvironment() throws(KernelPathError) -> KernelPath {
        try requested(ProcessInfoLite.environment(variable), processor: processor)
    }

    /// The path a value of `DNNSCRIPT_KERNELS` asks for on a processor whose fastest path is `processor`.
    /// - Throws: ``KernelPathError`` for a value that names no path, or a path above `processor`.
    public static func requested(_ value: String?, processor: KernelPath) throws(KernelPathError) -> KernelPath {
        guard let value, !value.isEmpty else { return processor }
        guard let path = allCases.first(where: { $0.description == value.lowercased() }) else {
            throw .unknown(value)
        }
        guard path <= processor else { throw .unsupported(path, processor: processor) }
        return path
    }

    public static func < (a: KernelPath, b: KernelPath) -> Bool { a.rawValue < b.rawValue }

    /// The kernels of this path; only for paths in ``available`` (a faster one would stop
    /// the process with an illegal instruction at its first use).
    var kernels: Kernels {
        guard self <= KernelPath.processor, let table = dnn_kernels_for_level(Int32(rawValue)) else {
            preconditionFailure("the \(self) kernels do not run on this processor")
        }
        return Kernels(table.pointee)
    }
}

/// A value of `DNNSCRIPT_KERNELS` the engine cannot follow.
public enum KernelPathError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A value that names no path.
    case unknown(String)
    /// A path faster than the processor runs.
    case unsupported(KernelPath, processor: KernelPath)

    public var description: String {
        let names = KernelPath.allCases.map(\.description).joined(separator: ", ")
        switch self {
        case .unknown(let value):
            return "\(KernelPath.variable)='\(value)' names no kernel path (use one of: \(names))"
        case let .unsupported(path, processor):
            return "\(KernelPath.variable)=\(path) asks for kernels this processor cannot run (its fastest is \(processor))"
        }
    }
}

/// One path's kernel functions, unwrapped once from the C table.
struct Kernels {
    let forward: @convention(c) (UnsafeMutablePointer<Double>?, UnsafePointer<Double>?, UnsafePointer<Double>?,
                                 UnsafePointer<Double>?, Int, Int, Int, Int, Int32, UnsafePointer<Double>?, Double) -> Void
    let forwardFinish: @convention(c) (UnsafeMutablePointer<Double>?, Int, Int, Int, Int32, UnsafePointer<Double>?, Double) -> Void
    let backward: @convention(c) (UnsafeMutablePointer<Double>?, UnsafePointer<Double>?, UnsafePointer<Double>?, Int, Int, Int, Int,
                                  Int32, UnsafePointer<Double>?, UnsafePointer<Double>?, Double, UnsafeMutablePointer<Double>?) -> Void
    let backwardFinish: @convention(c) (UnsafeMutablePointer<Double>?, Int, Int, Int, Int32, UnsafePointer<Double>?,
                                        UnsafePointer<Double>?, Double, UnsafeMutablePointer<Double>?) -> Void
    let weightGradient: @convention(c) (UnsafeMutablePointer<Double>?, UnsafePointer<Double>?, UnsafePointer<Double>?,
                                        Int, Int, Int) -> Void
    /// In place on n doubles: e^x, ln x, 1 / (1 + e^−x).
    let exp, log, sigmoid: @convention(c) (UnsafeMutablePointer<Double>?, Int) -> Void
    let lossTerms: @convention(c) (UnsafePointer<Double>?, UnsafePointer<Double>?, Int, UnsafeMutablePointer<Double>?, Int32) -> Void

    /// The kernels of ``KernelPath/active``.
    static let active = KernelPath.active.kernels

    init(_ table: dnn_kernels) {
        guard let forward = table.forward, let forwardFinish = table.forward_finish, let backward = table.backward,
              let backwardFinish = table.backward_finish, let weightGradient = table.weight_gradient,
              let exp = table.exp, let log = table.log, let sigmoid = table.sigmoid, let lossTerms = table.loss_terms else {
            preconditionFailure("an incomplete kernel table")
        }
        (self.forward, self.forwardFinish, self.backward) = (forward, forwardFinish, backward)
        (self.backwardFinish, self.weightGradient) = (backwardFinish, weightGradient)
        (self.exp, self.log, self.sigmoid, self.lossTerms) = (exp, log, sigmoid, lossTerms)
    }
}
