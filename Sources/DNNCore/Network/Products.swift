import CBLAS
import CDNNKernels

/// The three products of forward and backward propagation on a lane's raw row-major
/// buffers, each with the elementwise work that follows it fused in.
///
/// Buffers hold `width` examples in rows of `ld` columns (`ld` = width rounded up to 8,
/// ``paddedWidth(_:)``); the padding columns are kept at zero in every activation and
/// gradient buffer, so the kernels run whole 8-column blocks and sums over a row are not
/// disturbed by them.
///
/// Products go to OpenBLAS (`dgemm`), except small ones — the course's networks, with 2 to
/// 20 units per layer — where dgemm's packing and dispatch cost more than the arithmetic
/// (docs/performance.md): those run in the register-blocked kernels of the processor's
/// ``KernelPath`` (Sources/CDNNKernels), which keep several independent sums in flight.
/// Both paths compute the same sums up to rounding order; after OpenBLAS the same
/// elementwise work runs as a separate pass.
enum Products {
    /// Products with at most this many multiply-adds take the small-matrix path.
    static let smallLimit = 1 << 16

    /// `n` rounded up to the kernels' block of 8 columns.
    static func paddedWidth(_ n: Int) -> Int { (n + 7) & ~7 }

    /// Forward propagation through one layer:
    /// `out = g(W · input + b)`, then dropout's `out · D / keep` when `mask` is given.
    /// `out` is rows × ld, `w` rows × k, `input` k × ld (its padding zero); the padding of
    /// `out` is left zero.
    static func forward(_ kernels: Kernels, _ out: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>,
                        _ w: UnsafePointer<Double>, _ input: UnsafePointer<Double>, rows: Int, k: Int, width: Int, ld: Int,
                        activation: Activation, mask: UnsafePointer<Double>?, keep: Double) {
        // ReLU and leaky ReLU are fused into the product; the bounded activations are
        // applied after it (the padding stays finite until it is cleared), then dropout.
        let fused: Int32?
        switch activation {
        case .relu: fused = Int32(DNN_FINISH_RELU)
        case .leakyRelu: fused = Int32(DNN_FINISH_LEAKY_RELU)
        case .linear: fused = Int32(DNN_FINISH_LINEAR)
        case .sigmoid, .tanh, .softmax: fused = nil
        }
        let linear = Int32(DNN_FINISH_LINEAR)
        let (finish, productMask, productKeep) = fused.map { ($0, mask, keep) } ?? (linear, nil, 1)
        if rows * width * k > smallLimit {
            for r in 0..<rows { (out + r * ld).update(repeating: bias[r], count: ld) }
            BLASGate.dgemm(CblasNoTrans, CblasNoTrans, rows, width, k, 1.0, w, k, input, ld, 1.0, out, ld)
            kernels.forwardFinish(out, rows, width, ld, finish, productMask, productKeep)
        } else {
            kernels.forward(out, bias, w, input, rows, k, width, ld, finish, productMask, productKeep)
        }
        if fused == nil {
            activation.applyInPlace(out, rows: rows, cols: ld, kernels: kernels)
            kernels.forwardFinish(out, rows, width, ld, linear, mask, keep)
        }
    }

    /// Backward propagation into the layer below:
    /// `prev = (Wᵀ · dZ) · D / keep ⊙ g'(A_prev)` (the mask only when given), with the
    /// padding columns zero, and `db[c] = Σ_j prev[c, j]` (the layer below's db).
    /// `w` is m × k, `dz` m × ld, `prev` and `aPrev` k × ld.
    static func backward(_ kernels: Kernels, _ prev: UnsafeMutablePointer<Double>, _ w: UnsafePointer<Double>,
                         _ dz: UnsafePointer<Double>, m: Int, k: Int, width: Int, ld: Int, activation: Activation,
                         aPrev: UnsafePointer<Double>, mask: UnsafePointer<Double>?, keep: Double,
                         db: UnsafeMutablePointer<Double>) {
        let finish: Int32
        switch activation {
        case .relu: finish = Int32(DNN_FINISH_RELU)
        case .leakyRelu: finish = Int32(DNN_FINISH_LEAKY_RELU)
        case .tanh: finish = Int32(DNN_FINISH_TANH)
        case .sigmoid: finish = Int32(DNN_FINISH_SIGMOID)
        // A hidden softmax's derivative is taken as 1, as the scalar path's.
        case .linear, .softmax: finish = Int32(DNN_FINISH_LINEAR)
        }
        if m * width * k > smallLimit {
            BLASGate.dgemm(CblasTrans, CblasNoTrans, k, width, m, 1.0, w, k, dz, ld, 0.0, prev, ld)
            kernels.backwardFinish(prev, k, width, ld, finish, aPrev, mask, keep, db)
        } else {
            kernels.backward(prev, w, dz, m, k, width, ld, finish, aPrev, mask, keep, db)
        }
    }

    /// dW (m × k) = dZ (m × ld) · A_prevᵀ (A_prev k × ld), over the padded rows (their
    /// padding is zero in both).
    static func weightGradient(_ kernels: Kernels, _ dw: UnsafeMutablePointer<Double>, _ dz: UnsafePointer<Double>,
                               _ input: UnsafePointer<Double>, m: Int, k: Int, width: Int, ld: Int) {
        if m * width * k > smallLimit {
            BLASGate.dgemm(CblasNoTrans, CblasTrans, m, k, width, 1.0, dz, ld, input, ld, 0.0, dw, k)
        } else {
            kernels.weightGradient(dw, dz, input, m, k, ld)
        }
    }

    /// Sets the padding columns width ..< ld of every row to zero.
    static func clearPadding(_ p: UnsafeMutablePointer<Double>, rows: Int, width: Int, ld: Int) {
        guard ld > width else { return }
        for r in 0..<rows { (p + r * ld + width).update(repeating: 0, count: ld - width) }
    }
}
