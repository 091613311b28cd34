// The engine's small-matrix training kernels, compiled once per instruction set and
// chosen at run time (Sources/DNNCore/Network/KernelPath.swift; docs/engine.md, "Speed").
#ifndef DNN_KERNELS_H
#define DNN_KERNELS_H

/// The slope of leaky ReLU for negative inputs (Activation.leakySlope).
#define DNN_LEAKY_SLOPE 0.01

/// The elementwise work fused into a product: the activation (forward) or its derivative
/// through the activation's output (backward).
enum {
    DNN_FINISH_RELU = 0,
    DNN_FINISH_LEAKY_RELU = 1,
    DNN_FINISH_TANH = 2,      // backward only: 1 − a²
    DNN_FINISH_SIGMOID = 3,   // backward only: a(1 − a)
    DNN_FINISH_LINEAR = 4,
};

/// The loss whose terms `loss_terms` computes.
enum {
    DNN_LOSS_BINARY_CROSS_ENTROPY = 0,
    DNN_LOSS_SOFTMAX_CROSS_ENTROPY = 1,
    DNN_LOSS_MEAN_SQUARED_ERROR = 2,
};

/// One build of the kernels. Buffers are row-major with `ld` columns (a multiple of 8) of
/// which the first `width` are examples; padding columns are read as zero and written zero.
typedef struct dnn_kernels {
    /// out (rows × ld) = finish(W · input + bias); W rows × k, input k × ld.
    /// `mask` (rows × ld, or NULL) applies inverted dropout: · mask / keep.
    void (*forward)(double *out, const double *bias, const double *w, const double *input,
                    long rows, long k, long width, long ld, int finish, const double *mask, double keep);
    /// The same finish applied in place to a rows × ld product OpenBLAS wrote.
    void (*forward_finish)(double *out, long rows, long width, long ld, int finish,
                           const double *mask, double keep);
    /// prev (k × ld) = derivative(Wᵀ · dz · mask / keep, a_prev); W m × k, dz m × ld;
    /// db[c] = the sum of row c of prev.
    void (*backward)(double *prev, const double *w, const double *dz, long m, long k, long width, long ld,
                     int finish, const double *a_prev, const double *mask, double keep, double *db);
    /// The same finish (and row sums) applied in place to a k × ld product OpenBLAS wrote.
    void (*backward_finish)(double *prev, long rows, long width, long ld, int finish, const double *a_prev,
                            const double *mask, double keep, double *db);
    /// dw (m × k) = dz (m × ld) · inputᵀ (input k × ld).
    void (*weight_gradient)(double *dw, const double *dz, const double *input, long m, long k, long ld);
    /// p[i] = e^p[i] for i < n (fdlibm's algorithm, within an ulp; the same bits on every path).
    void (*exp)(double *p, long n);
    /// p[i] = ln p[i] for i < n (fdlibm's algorithm, within an ulp; the same bits on every path).
    void (*log)(double *p, long n);
    /// p[i] = 1 / (1 + e^−p[i]) for i < n.
    void (*sigmoid)(double *p, long n);
    /// out[i] = the term of the loss (DNN_LOSS_*) for output a[i] and target y[i], i < n.
    void (*loss_terms)(const double *a, const double *y, long n, double *out, int loss);
} dnn_kernels;

/// The fastest kernel level this processor and operating system run:
/// 0 generic, 1 AVX2 with FMA, 2 AVX-512 (F, DQ, CD, BW, VL).
int dnn_processor_level(void);

/// The kernels of a level, or NULL when this build has none for it (AVX on arm64).
const dnn_kernels *dnn_kernels_for_level(int level);

#endif
