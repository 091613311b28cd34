import CBLAS
import Synchronization

/// The one door to OpenBLAS's product and its thread pool.
///
/// Stopping the pool (so its spin-waiting threads leave the processor to a second lane)
/// must not race with a product running on another thread, so every `dgemm` of the engine
/// and every stop of the pool passes through one lock. Products on this path are large
/// (small ones never reach OpenBLAS), so the lock costs nothing measurable.
enum BLASGate {
    private static let lock = Mutex<Void>(())

    /// Row-major `C = alpha·op(A)·op(B) + beta·C`.
    static func dgemm(_ transA: CBLAS_TRANSPOSE, _ transB: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int,
                      _ alpha: Double, _ a: UnsafePointer<Double>?, _ lda: Int, _ b: UnsafePointer<Double>?, _ ldb: Int,
                      _ beta: Double, _ c: UnsafeMutablePointer<Double>?, _ ldc: Int) {
        lock.withLock { _ in
            cblas_dgemm(CblasRowMajor, transA, transB, blasint(m), blasint(n), blasint(k),
                        alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
        }
    }

    /// Ends OpenBLAS's server threads; its next threaded product starts them again.
    static func stopThreadPool() {
        lock.withLock { _ in _ = blas_thread_shutdown_() }
    }
}
