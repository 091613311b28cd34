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
typedef unsigned long long u8 __attribute__((vector_size(64)));

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
        return choose((m8)(z < splat(0)), z * splat(DNN_LEAKY_SLOPE), z);
    default:
        return z;
    }
}

DNN_INLINE v8 derive(v8 da, v8 a, const int finish) {
    switch (finish) {
    case DNN_FINISH_RELU: return (v8)((m8)da & (m8)(a > splat(0)));
    case DNN_FINISH_LEAKY_RELU: return da * choose((m8)(a > splat(0)), splat(1), splat(DNN_LEAKY_SLOPE));
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

// MARK: exp and log, eight at a time
//
// The classic fdlibm algorithms (Sun Microsystems, as in musl's e_exp.c and log.c), accurate
// to under one unit in the last place, written branch-free: every lane takes the same path,
// and the special inputs (0, negatives, ±inf, NaN, subnormals, overflow and underflow) are
// patched in at the end with IEEE 754's results. No fused multiply-adds (FP_CONTRACT is off
// and none is written), so every path gives the same bits.

// Cody–Waite split of ln 2: the high part has 32 significant bits, so k · ln2_hi is exact.
#define DNN_LN2_HI 6.93147180369123816490e-01
#define DNN_LN2_LO 1.90821492927058770002e-10
// 1.5 · 2^52: adding it rounds to an integer held in the low bits of the sum.
#define DNN_SHIFTER 6755399441055744.0

/// 2^k for −1022 ≤ k ≤ 1023, built from its exponent bits.
DNN_INLINE v8 power_of_two(m8 k) { return (v8)(((u8)(k + 1023)) << 52); }

DNN_INLINE v8 vector_exp(v8 x) {
    // k = round(x / ln 2); r = x − k ln 2 = hi − lo, |r| ≤ ln 2 / 2.
    v8 shifted = x * splat(1.44269504088896338700e+00) + splat(DNN_SHIFTER);
    v8 k = shifted - splat(DNN_SHIFTER);
    v8 hi = x - k * splat(DNN_LN2_HI);
    v8 lo = k * splat(DNN_LN2_LO);
    v8 r = hi - lo;
    // e^r = 1 + 2r / (2 − c) with c = r − r²·P(r²).
    v8 t = r * r;
    v8 p = t * (splat(1.66666666666666019037e-01) + t * (splat(-2.77777777770155933842e-03)
               + t * (splat(6.61375632143793436117e-05) + t * (splat(-1.65339022054652515390e-06)
               + t * splat(4.13813679705723846039e-08)))));
    v8 c = r - p;
    v8 y = splat(1) - ((lo - (r * c) / (splat(2) - c)) - hi);
    // y · 2^k in two exact halves, so results near overflow and in the subnormal range
    // (k from −1075 to 1024) need no special exponent.
    m8 k_int = (m8)shifted - (m8)splat(DNN_SHIFTER);
    m8 k1 = k_int >> 1;
    m8 k2 = k_int - k1;
    v8 result = y * power_of_two(k1) * power_of_two(k2);
    result = choose((m8)(x > splat(7.09782712893383973096e+02)), splat(__builtin_inf()), result);
    result = choose((m8)(x < splat(-7.45133219101941108420e+02)), splat(0), result);
    return choose((m8)(x != x), x, result);
}

DNN_INLINE v8 vector_log(v8 input) {
    // Subnormals are scaled into the normal range first (and 54 taken off k).
    m8 subnormal = (m8)(input < splat(2.2250738585072014e-308));
    v8 x = choose(subnormal, input * splat(18014398509481984.0), input);
    m8 bits = (m8)x;
    // x = 2^k · m with m in [√2/2, √2): shift the high word so the split falls at √2/2.
    m8 high = (bits >> 32) + (0x3ff00000 - 0x3fe6a09e);
    m8 k = (high >> 20) - 0x3ff;
    k = (m8)choose(subnormal, (v8)(k - 54), (v8)k);
    high = (high & 0x000fffff) + 0x3fe6a09e;
    v8 m = (v8)((m8)((u8)high << 32) | (bits & 0xffffffff));
    v8 f = m - splat(1);
    v8 hfsq = splat(0.5) * f * f;
    v8 s = f / (splat(2) + f);
    v8 z = s * s;
    v8 w = z * z;
    v8 t1 = w * (splat(3.999999999940941908e-01) + w * (splat(2.222219843214978396e-01)
                 + w * splat(1.531383769920937332e-01)));
    v8 t2 = z * (splat(6.666666666666735130e-01) + w * (splat(2.857142874366239149e-01)
                 + w * (splat(1.818357216161805012e-01) + w * splat(1.479819860511658591e-01))));
    v8 r = t2 + t1;
    // k as a double (|k| < 2^51): through the bits of 1.5 · 2^52 + k.
    v8 dk = (v8)(k + (m8)splat(DNN_SHIFTER)) - splat(DNN_SHIFTER);
    v8 result = s * (hfsq + r) + dk * splat(DNN_LN2_LO) - hfsq + f + dk * splat(DNN_LN2_HI);
    result = choose((m8)(input == splat(__builtin_inf())), splat(__builtin_inf()), result);
    result = choose((m8)(input == splat(0)), splat(-__builtin_inf()), result);
    return choose((m8)(input < splat(0)) | (m8)(input != input), splat(__builtin_nan("")), result);
}

/// The first `count` (< 8) doubles at p in a vector, the other lanes `fill`.
DNN_INLINE v8 load_part(const double *p, long count, double fill) {
    v8 v = splat(fill);
    for (long i = 0; i < count; i++) v[i] = p[i];
    return v;
}

DNN_INLINE void store_part(double *p, v8 v, long count) {
    for (long i = 0; i < count; i++) p[i] = v[i];
}

DNN_INLINE v8 sigmoid8(v8 z) { return splat(1) / (splat(1) + vector_exp(-z)); }

// p[i] = op(p[i]) eight at a time; the last partial block filled out with `fill`, a
// harmless input, and stored back only up to n.
#define DNN_MAP(op, fill)                                                   \
    long i = 0;                                                             \
    for (; i + 8 <= n; i += 8) store8(p + i, op(load8(p + i)));             \
    if (i < n) store_part(p + i, op(load_part(p + i, n - i, fill)), n - i);

static void DNN_NAME(exp)(double *p, long n) { DNN_MAP(vector_exp, 0) }
static void DNN_NAME(log)(double *p, long n) { DNN_MAP(vector_log, 1) }
static void DNN_NAME(sigmoid)(double *p, long n) { DNN_MAP(sigmoid8, 0) }

/// Eight terms of a loss, as the course computes them.
DNN_INLINE v8 loss_term(v8 a, v8 y, const int loss) {
    switch (loss) {
    case DNN_LOSS_BINARY_CROSS_ENTROPY: {
        // −log(a)·y − log(1 − a)·(1 − y), with np.nansum's rule that a NaN term (0·∞)
        // counts 0. For a label of exactly 1 (or 0) with a finite other term, that is its
        // one live term: one log instead of two, same bits.
        m8 one = (m8)(y == splat(1)), zero = (m8)(y == splat(0));
        v8 single = -vector_log(choose(zero, splat(1) - a, a));
        v8 t = splat(0);
        m8 labels01 = one | zero;
        int all01 = 1;
        for (int i = 0; i < 8; i++) all01 &= labels01[i] != 0;
        if (!all01) {
            // Labels other than 0 and 1 (soft targets) take the full expression.
            t = -vector_log(a) * y + -vector_log(splat(1) - a) * (splat(1) - y);
            t = choose((m8)(t != t), splat(0), t);
        }
        return choose((one & (m8)(a < splat(1))) | (zero & (m8)(a > splat(0))), single, t);
    }
    case DNN_LOSS_SOFTMAX_CROSS_ENTROPY: {
        v8 t = -y * vector_log(a);
        return choose((m8)(t != t), splat(0), t);
    }
    default:
        return (a - y) * (a - y);
    }
}

DNN_INLINE void loss_terms_of(const double *a, const double *y, long n, double *out, const int loss) {
    long i = 0;
    for (; i + 8 <= n; i += 8) store8(out + i, loss_term(load8(a + i), load8(y + i), loss));
    if (i < n) store_part(out + i, loss_term(load_part(a + i, n - i, 0.5), load_part(y + i, n - i, 1), loss), n - i);
}

static void DNN_NAME(loss_terms)(const double *a, const double *y, long n, double *out, int loss) {
    switch (loss) {
    case DNN_LOSS_BINARY_CROSS_ENTROPY: loss_terms_of(a, y, n, out, DNN_LOSS_BINARY_CROSS_ENTROPY); break;
    case DNN_LOSS_SOFTMAX_CROSS_ENTROPY: loss_terms_of(a, y, n, out, DNN_LOSS_SOFTMAX_CROSS_ENTROPY); break;
    default: loss_terms_of(a, y, n, out, DNN_LOSS_MEAN_SQUARED_ERROR); break;
    }
}

const dnn_kernels DNN_NAME(kernels) = {
    DNN_NAME(forward), DNN_NAME(forward_finish), DNN_NAME(backward), DNN_NAME(backward_finish),
    DNN_NAME(weight_gradient), DNN_NAME(exp), DNN_NAME(log), DNN_NAME(sigmoid), DNN_NAME(loss_terms),
};
