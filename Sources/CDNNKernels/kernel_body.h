// The body of the kernels, included once per instruction set by kernels_*.c, which define
//   DNN_ISA        the name suffix (generic, avx2, avx512),
//   DNN_FMA        1 to use fused multiply-adds in the products, 0 for multiply then add,
//   DNN_DOT_BLOCK  how many dot products of dW share their loads (registers permitting),
//   DNN_DOT_COLS   at most this many of them along dW's columns,
// and compile it under their instruction set's target attribute.
//
// Every path computes each output element in the same order (the bias, then depth 0, 1, …;
// the eight lanes of a dot product j mod 8, reduced in one fixed tree; row sums lane by
// lane, reduced in the same tree), so paths with fused multiply-adds give the same bits
// whatever the vector width, and the generic path differs from them only by the rounding
// of each multiply-add.
#include "dnn_kernels.h"

#pragma STDC FP_CONTRACT OFF
// The vector helpers below are always inlined, so how a vector would be passed between
// functions of different instruction sets never arises.
#pragma clang diagnostic ignored "-Wpsabi"

#define DNN_PASTE2(a, b) dnn_##a##_##b
#define DNN_PASTE(a, b) DNN_PASTE2(a, b)
#define DNN_NAME(name) DNN_PASTE(DNN_ISA, name)
#define DNN_INLINE static inline __attribute__((always_inline))

typedef double v8 __attribute__((vector_size(64)));
typedef long long m8 __attribute__((vector_size(64)));

DNN_INLINE v8 load8(const double *p) { v8 v; __builtin_memcpy(&v, p, sizeof v); return v; }
DNN_INLINE void store8(double *p, v8 v) { __builtin_memcpy(p, &v, sizeof v); }
DNN_INLINE v8 splat(double x) { return (v8){x, x, x, x, x, x, x, x}; }
/// a where the mask is set, else b.
DNN_INLINE v8 choose(m8 mask, v8 a, v8 b) { return (v8)((mask & (m8)a) | (~mask & (m8)b)); }

DNN_INLINE v8 multiply_add(v8 acc, v8 a, v8 b) {
#if DNN_FMA
    return __builtin_elementwise_fma(a, b, acc);
#else
    return acc + a * b;
#endif
}

/// The eight lanes summed in one fixed order on every path.
DNN_INLINE double sum8(v8 v) {
    return ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
}

/// Columns at or past `width` set to zero.
DNN_INLINE v8 keep_columns(v8 v, long j, long width) {
    if (j + 8 <= width) return v;
    v8 column = (v8){0, 1, 2, 3, 4, 5, 6, 7} + splat((double)j);
    return choose((m8)(column >= splat((double)width)), splat(0), v);
}

/// Inverted dropout as the course: v · D / keep_prob.
DNN_INLINE v8 dropout(v8 v, const double *mask, long offset, double keep) {
    if (!mask) return v;
    return v * load8(mask + offset) / splat(keep);
}

DNN_INLINE v8 activate(v8 z, const int finish) {
    switch (finish) {
    case DNN_FINISH_RELU:  // max(0, z) keeping NaN, as np.maximum(0, z)
        return (v8)((m8)z & ((m8)(z > splat(0)) | (m8)(z != z)));
    case DNN_FINISH_LEAKY_RELU:
        return choose((m8)(z < splat(0)), z * splat(0.01), z);
    default:
        return z;
    }
}

DNN_INLINE v8 derive(v8 da, v8 a, const int finish) {
    switch (finish) {
    case DNN_FINISH_RELU: return (v8)((m8)da & (m8)(a > splat(0)));
    case DNN_FINISH_LEAKY_RELU: return da * choose((m8)(a > splat(0)), splat(1), splat(0.01));
    case DNN_FINISH_TANH: return da * (splat(1) - a * a);
    case DNN_FINISH_SIGMOID: return da * (a * (splat(1) - a));
    default: return da;
    }
}

/// The finished block at buffer offset `offset` (row · ld + j).
DNN_INLINE v8 finish_block(v8 v, const int finish, const int backward, const double *a, const double *mask,
                           long offset, double keep, long j, long width) {
    v8 out = backward ? derive(dropout(v, mask, offset, keep), load8(a + offset), finish)
                      : dropout(activate(v, finish), mask, offset, keep);
    return keep_columns(out, j, width);
}

/// R rows of out = bias ⊕ C · src, finished, where C's entry for row r and depth i is
/// c[r · rs + i · ds]; `first` is the first row's index in the whole buffer.
DNN_INLINE void block_rows(const int R, double *out, const double *bias, const double *c, long rs, long ds,
                           const double *src, long depth, long ld, long width, const int finish, const int backward,
                           const double *a, const double *mask, double keep, double *row_sums, long first) {
    v8 sums[4] = {splat(0), splat(0), splat(0), splat(0)};
    for (long j = 0; j < ld; j += 8) {
        v8 acc[4];
        for (int r = 0; r < R; r++) acc[r] = splat(bias ? bias[r] : 0.0);
        for (long i = 0; i < depth; i++) {
            v8 x = load8(src + i * ld + j);
            for (int r = 0; r < R; r++) acc[r] = multiply_add(acc[r], splat(c[r * rs + i * ds]), x);
        }
        for (int r = 0; r < R; r++) {
            v8 v = finish_block(acc[r], finish, backward, a, mask, (first + r) * ld + j, keep, j, width);
            store8(out + r * ld + j, v);
            sums[r] += v;
        }
    }
    if (row_sums)
        for (int r = 0; r < R; r++) row_sums[r] = sum8(sums[r]);
}

DNN_INLINE void product(double *out, const double *bias, const double *c, long rs, long ds, const double *src,
                        long rows, long depth, long ld, long width, const int finish, const int backward,
                        const double *a, const double *mask, double keep, double *row_sums) {
    for (long r0 = 0; r0 < rows; r0 += 4) {
        double *o = out + r0 * ld;
        const double *b = bias ? bias + r0 : 0;
        const double *w = c + r0 * rs;
        double *sums = row_sums ? row_sums + r0 : 0;
        switch (rows - r0) {
        case 1: block_rows(1, o, b, w, rs, ds, src, depth, ld, width, finish, backward, a, mask, keep, sums, r0); break;
        case 2: block_rows(2, o, b, w, rs, ds, src, depth, ld, width, finish, backward, a, mask, keep, sums, r0); break;
        case 3: block_rows(3, o, b, w, rs, ds, src, depth, ld, width, finish, backward, a, mask, keep, sums, r0); break;
        default: block_rows(4, o, b, w, rs, ds, src, depth, ld, width, finish, backward, a, mask, keep, sums, r0); break;
        }
    }
}

/// The finish applied in place to every block of a rows × ld buffer (and its row sums).
DNN_INLINE void finish_rows(double *out, long rows, long width, long ld, const int finish, const int backward,
                            const double *a, const double *mask, double keep, double *row_sums) {
    for (long r = 0; r < rows; r++) {
        v8 sum = splat(0);
        for (long j = 0; j < ld; j += 8) {
            v8 v = finish_block(load8(out + r * ld + j), finish, backward, a, mask, r * ld + j, keep, j, width);
            store8(out + r * ld + j, v);
            sum += v;
        }
        if (row_sums) row_sums[r] = sum8(sum);
    }
}

// One instance per finish, so the finish is a constant inside the loops.
#define DNN_BY_FINISH(call_with_finish)                               \
    switch (finish) {                                                 \
    case DNN_FINISH_RELU: call_with_finish(DNN_FINISH_RELU); break;   \
    case DNN_FINISH_LEAKY_RELU: call_with_finish(DNN_FINISH_LEAKY_RELU); break; \
    case DNN_FINISH_TANH: call_with_finish(DNN_FINISH_TANH); break;   \
    case DNN_FINISH_SIGMOID: call_with_finish(DNN_FINISH_SIGMOID); break; \
    default: call_with_finish(DNN_FINISH_LINEAR); break;              \
    }

static void DNN_NAME(forward)(double *out, const double *bias, const double *w, const double *input,
                              long rows, long k, long width, long ld, int finish, const double *mask, double keep) {
#define DNN_CALL(F) product(out, bias, w, k, 1, input, rows, k, ld, width, F, 0, 0, mask, keep, 0)
    DNN_BY_FINISH(DNN_CALL)
#undef DNN_CALL
}

static void DNN_NAME(forward_finish)(double *out, long rows, long width, long ld, int finish,
                                     const double *mask, double keep) {
#define DNN_CALL(F) finish_rows(out, rows, width, ld, F, 0, 0, mask, keep, 0)
    DNN_BY_FINISH(DNN_CALL)
#undef DNN_CALL
}

static void DNN_NAME(backward)(double *prev, const double *w, const double *dz, long m, long k, long width, long ld,
                               int finish, const double *a_prev, const double *mask, double keep, double *db) {
    // Output row r, depth i: the coefficient is W[i][r], a column of W.
#define DNN_CALL(F) product(prev, 0, w, 1, k, dz, k, m, ld, width, F, 1, a_prev, mask, keep, db)
    DNN_BY_FINISH(DNN_CALL)
#undef DNN_CALL
}

static void DNN_NAME(backward_finish)(double *prev, long rows, long width, long ld, int finish, const double *a_prev,
                                      const double *mask, double keep, double *db) {
#define DNN_CALL(F) finish_rows(prev, rows, width, ld, F, 1, a_prev, mask, keep, db)
    DNN_BY_FINISH(DNN_CALL)
#undef DNN_CALL
}

/// out[r · stride + c] = Σ_j a[r][j] · b[c][j] for R × C pairs (rows `ld` apart), j < n.
DNN_INLINE void dots(const int R, const int C, double *out, long stride, const double *a, const double *b,
                     long ld, long n) {
    v8 acc[4][4];
    for (int r = 0; r < R; r++)
        for (int c = 0; c < C; c++) acc[r][c] = splat(0);
    for (long j = 0; j < n; j += 8) {
        v8 bv[4];
        for (int c = 0; c < C; c++) bv[c] = load8(b + c * ld + j);
        for (int r = 0; r < R; r++) {
            v8 av = load8(a + r * ld + j);
            for (int c = 0; c < C; c++) acc[r][c] = multiply_add(acc[r][c], av, bv[c]);
        }
    }
    for (int r = 0; r < R; r++)
        for (int c = 0; c < C; c++) out[r * stride + c] = sum8(acc[r][c]);
}

DNN_INLINE void dots_rows(const int R, long cols, double *out, long stride, const double *a, const double *b,
                          long ld) {
    switch (cols) {
    case 1: dots(R, 1, out, stride, a, b, ld, ld); break;
    case 2: dots(R, 2, out, stride, a, b, ld, ld); break;
    case 3: dots(R, 3, out, stride, a, b, ld, ld); break;
    default: dots(R, 4, out, stride, a, b, ld, ld); break;
    }
}

static void DNN_NAME(weight_gradient)(double *dw, const double *dz, const double *input, long m, long k, long ld) {
    // Blocks of up to DNN_DOT_BLOCK dot products (rows × columns of dW) share their loads.
    long block_cols = k < DNN_DOT_COLS ? k : DNN_DOT_COLS;
    long block_rows_wanted = DNN_DOT_BLOCK / block_cols;
    long block_rows = block_rows_wanted < 1 ? 1 : (block_rows_wanted > 4 ? 4 : block_rows_wanted);
    for (long r0 = 0; r0 < m; r0 += block_rows) {
        long rows = m - r0 < block_rows ? m - r0 : block_rows;
        for (long c0 = 0; c0 < k; c0 += block_cols) {
            long cols = k - c0 < block_cols ? k - c0 : block_cols;
            double *out = dw + r0 * k + c0;
            const double *a = dz + r0 * ld, *b = input + c0 * ld;
            switch (rows) {
            case 1: dots_rows(1, cols, out, k, a, b, ld); break;
            case 2: dots_rows(2, cols, out, k, a, b, ld); break;
            case 3: dots_rows(3, cols, out, k, a, b, ld); break;
            default: dots_rows(4, cols, out, k, a, b, ld); break;
            }
        }
    }
}

const dnn_kernels DNN_NAME(kernels) = {
    DNN_NAME(forward), DNN_NAME(forward_finish), DNN_NAME(backward), DNN_NAME(backward_finish),
    DNN_NAME(weight_gradient),
};
