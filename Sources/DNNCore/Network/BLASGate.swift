import CBLAS
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one door to OpenBLAS: its product, its thread pool, and the loading of the library.
///
/// OpenBLAS is not linked; it is opened (`dlopen`) when the first product needs it, so a
/// program that only trains small networks — whose products never reach it — does not pay
/// for loading and starting it. Opening late also lets the executable choose OpenBLAS's
/// kernel at start-up (``OpenBLASCore``). A library that cannot be opened is a thrown
/// ``OpenBLASUnavailable``, raised where a product first needs it (``require()``).
///
/// Stopping the pool (so its spin-waiting threads leave the processor to a second lane)
/// must not race with a product running on another thread, so every `dgemm` of the engine,
/// the opening and every stop of the pool pass through one lock. Products on this path are
/// large (small ones never reach OpenBLAS), so the lock costs nothing measurable.
enum BLASGate {
    typealias Dgemm = @convention(c) (CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, blasint, blasint, blasint, Double,
                                      UnsafePointer<Double>?, blasint, UnsafePointer<Double>?, blasint, Double,
                                      UnsafeMutablePointer<Double>?, blasint) -> Void
    typealias Shutdown = @convention(c) () -> Int32
    typealias CoreName = @convention(c) () -> UnsafeMutablePointer<CChar>?

    struct Library {
        let dgemm: Dgemm
        /// `blas_thread_shutdown_`: ends the server threads; the next threaded call starts
        /// them again (OpenBLAS does this itself around fork()). Not in every build.
        let shutdown: Shutdown?
        let coreName: CoreName?
    }

    /// The library once opened, and whether its thread pool is to be stopped as soon as
    /// it is (a stop asked for before OpenBLAS was loaded).
    private struct State {
        var library: Library?
        var stopPoolWhenOpened = false
    }

    private static let lock = Mutex(State())

    /// The shared-library names tried, in order.
    static let candidates = ["libopenblas.so.0", "libopenblas.so", "libopenblas.0.dylib", "libopenblas.dylib",
                             "/opt/homebrew/opt/openblas/lib/libopenblas.dylib", "/usr/local/opt/openblas/lib/libopenblas.dylib"]

    /// Opens OpenBLAS unless it is open. Every path that can reach ``dgemm`` calls it first
    /// (a workspace with a large layer when it is made, a matrix product before it runs), so
    /// a missing library is an error its caller reports, never the end of the process.
    /// - Throws: ``OpenBLASUnavailable`` when no candidate library can be opened.
    static func require() throws(OpenBLASUnavailable) {
        try lock.withLock { (state: inout State) throws(OpenBLASUnavailable) in _ = try opened(&state) }
    }

    /// Row-major `C = alpha·op(A)·op(B) + beta·C`, on the library ``require()`` opened.
    static func dgemm(_ transA: CBLAS_TRANSPOSE, _ transB: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int,
                      _ alpha: Double, _ a: UnsafePointer<Double>?, _ lda: Int, _ b: UnsafePointer<Double>?, _ ldb: Int,
                      _ beta: Double, _ c: UnsafeMutablePointer<Double>?, _ ldc: Int) {
        lock.withLock { state in
            guard let blas = state.library else {
                preconditionFailure("an OpenBLAS product before BLASGate.require()")
            }
            blas.dgemm(CblasRowMajor, transA, transB, blasint(m), blasint(n), blasint(k),
                       alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
        }
    }

    /// Ends OpenBLAS's server threads now if it is loaded, else as soon as it is (loading
    /// starts them); its next threaded product starts them again.
    static func keepThreadPoolStopped() {
        lock.withLock { state in
            if let library = state.library { _ = library.shutdown?() } else { state.stopPoolWhenOpened = true }
        }
    }

    /// The kernel OpenBLAS runs ("SkylakeX", "Haswell", "Prescott", …), opening it if needed.
    static func coreName() throws(OpenBLASUnavailable) -> String {
        try lock.withLock { (state: inout State) throws(OpenBLASUnavailable) -> String in
            guard let name = try opened(&state).coreName?() else { return "" }
            return String(cString: name)
        }
    }

    /// The library, opened on first use. OPENBLAS_CORETYPE, which steers the kernel it
    /// loads, was set at start-up by the executable (``OpenBLASCore/chooseKernel()``).
    private static func opened(_ state: inout State) throws(OpenBLASUnavailable) -> Library {
        if let library = state.library { return library }
        let loaded = try load(candidates)
        state.library = loaded
        if state.stopPoolWhenOpened { _ = loaded.shutdown?() }
        return loaded
    }

    /// The first of `names` that opens and has `cblas_dgemm`.
    /// - Throws: ``OpenBLASUnavailable`` with the first reason a name failed.
    static func load(_ names: [String]) throws(OpenBLASUnavailable) -> Library {
        var errors: [String] = []
        for name in names {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
                if let message = dlerror() { errors.append(String(cString: message)) }
                continue
            }
            guard let dgemm = dlsym(handle, "cblas_dgemm") else {
                errors.append("\(name) has no cblas_dgemm")
                continue
            }
            return Library(dgemm: unsafeBitCast(dgemm, to: Dgemm.self),
                           shutdown: dlsym(handle, "blas_thread_shutdown_").map { unsafeBitCast($0, to: Shutdown.self) },
                           coreName: dlsym(handle, "openblas_get_corename").map { unsafeBitCast($0, to: CoreName.self) })
        }
        throw OpenBLASUnavailable(reason: errors.first ?? "not found")
    }
}

/// OpenBLAS could not be opened, so matrix products (`@`, layers too large for the
/// engine's own kernels) cannot run. The executable exits with EX_UNAVAILABLE (69) when a
/// script ends on it; a REPL or notebook session reports it and goes on.
public struct OpenBLASUnavailable: Error, Equatable, Sendable, CustomStringConvertible {
    /// Why the first candidate library did not open (dlerror's message).
    public let reason: String

    public var description: String {
        "cannot load OpenBLAS, which matrix products need (install libopenblas0, e.g. apt-get install libopenblas-dev): \(reason)"
    }
}

/// Which OpenBLAS kernel the process runs.
///
/// OpenBLAS picks its kernels once, when it loads, from the processor's model number. On a
/// processor it does not know (virtual machines report a generic "Intel Xeon Processor"),
/// Debian's OpenBLAS 0.3.21 falls back to "Prescott", its SSE3 kernels — five times slower
/// than the AVX-512 ones at MNIST size. Its choice can only be steered before it loads,
/// through OPENBLAS_CORETYPE, so the executables set that variable at start-up from the
/// processor's vector extensions as cpuid reports them (the kernel OpenBLAS itself uses for
/// processors it knows with the same extensions). A value the user set is left alone.
public enum OpenBLASCore {
    /// The kernel OpenBLAS runs ("SkylakeX", "Haswell", "Prescott", …). Reading it opens
    /// OpenBLAS if no product has yet.
    /// - Throws: ``OpenBLASUnavailable`` when OpenBLAS cannot be opened.
    public static var current: String {
        get throws(OpenBLASUnavailable) { try BLASGate.coreName() }
    }

    /// The kernel to ask for on a processor whose fastest engine path is `path` (from cpuid,
    /// not /proc/cpuinfo, which an emulator or container may copy from another machine):
    /// SkylakeX with AVX-512, Haswell with AVX2 and FMA; nil leaves the choice to OpenBLAS.
    public static func preferred(for path: KernelPath) -> String? {
        switch path {
        case .avx512: return "SkylakeX"
        case .avx2: return "Haswell"
        case .generic: return nil
        }
    }

    /// Sets OPENBLAS_CORETYPE from the processor unless it is set. The executables call it
    /// once, first thing, while they have one thread (setenv is not safe alongside other
    /// threads); the engine never sets it itself. A program using DNNCore as a library calls
    /// it at start-up too, or leaves the choice to OpenBLAS.
    public static func chooseKernel() {
        guard getenv("OPENBLAS_CORETYPE") == nil, let choice = preferred(for: KernelPath.processor) else { return }
        setenv("OPENBLAS_CORETYPE", choice, 1)
    }
}
