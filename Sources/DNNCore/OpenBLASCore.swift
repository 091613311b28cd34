import CBLAS
#if canImport(Glibc)
import Glibc
#endif

/// Which OpenBLAS kernel the process runs.
///
/// OpenBLAS picks its kernels once, when it loads, from the processor's model number. On a
/// processor it does not know (virtual machines report a generic "Intel Xeon Processor"),
/// Debian's OpenBLAS 0.3.21 falls back to "Prescott", its SSE3 kernels — five times slower
/// than the AVX-512 ones at MNIST size. Its choice can only be changed before it loads,
/// through OPENBLAS_CORETYPE, so the executables call ``relaunchWithFasterKernelIfNeeded()``
/// first thing: it starts the same program again with the variable set, once.
public enum OpenBLASCore {
    /// The kernel OpenBLAS chose ("Haswell", "SkylakeX", "Prescott", …).
    public static var current: String {
        guard let name = openblas_get_corename() else { return "" }
        return String(cString: name)
    }

    /// The kernel to ask for instead of a generic fallback, from the processor's features
    /// (Linux /proc/cpuinfo flags); nil when OpenBLAS's own choice should stand.
    public static func preferred(current: String, cpuFlags: Set<String>) -> String? {
        guard current == "Prescott" || current == "Core2" || current == "Nehalem" else { return nil }
        if cpuFlags.isSuperset(of: ["avx512f", "avx512dq", "avx512vl", "avx512bw"]) { return "SkylakeX" }
        if cpuFlags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// Starts this program again with OPENBLAS_CORETYPE set when OpenBLAS fell back to a
    /// generic kernel on a processor with wider vectors. Does nothing when the variable is
    /// already set (by the user, or by the relaunch), or when the relaunch cannot happen.
    public static func relaunchWithFasterKernelIfNeeded() {
        guard getenv("OPENBLAS_CORETYPE") == nil,
              let choice = preferred(current: current, cpuFlags: cpuFlags()) else { return }
        setenv("OPENBLAS_CORETYPE", choice, 1)
        let args = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) }
        argv.append(nil)
        execv("/proc/self/exe", argv)
        // Only reached when exec failed: carry on with the kernel we have.
        unsetenv("OPENBLAS_CORETYPE")
    }

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
}
