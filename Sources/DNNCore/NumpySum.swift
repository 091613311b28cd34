/// numpy's `np.add.reduce` of float64 terms, bit for bit: the one summation behind `sum`,
/// `mean`, `var`, `std`, the normalizer, and the engine's costs, penalties and db.
///
/// numpy sums a contiguous run pairwise (`pairwise_sum` in numpy's loops_utils.h.src): a
/// plain loop below 8 terms; up to 128, eight partial sums r[j] = x[j] + x[j+8] + …
/// combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the leftover terms in turn;
/// above 128, the two halves split at n/2 rounded down to a multiple of 8. The reduction
/// starts from the identity 0, so terms that are all −0 sum to +0.

/// The sum of `n` contiguous doubles at x.
func numpySum(_ x: UnsafePointer<Double>, _ n: Int) -> Double {
    0 + pairwiseSum(n) { start, count in blockSum(x + start, count) }
}

/// The sum of n terms that are never stored together: `fill(start, block)` computes terms
/// start ..< start + block.count into `block` (at most 128 at a time).
func numpySum(_ n: Int, terms fill: (Int, UnsafeMutableBufferPointer<Double>) -> Void) -> Double {
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 128) { block -> Double in
        0 + pairwiseSum(n) { start, count in
            fill(start, UnsafeMutableBufferPointer(rebasing: block[0..<count]))
            return blockSum(block.baseAddress!, count)
        }
    }
}

/// numpy's halving down to blocks of at most 128 terms, each summed by `sumBlock(start, count)`.
@inline(__always)
private func pairwiseSum(_ n: Int, _ sumBlock: (Int, Int) -> Double) -> Double {
    func sum(_ start: Int, _ count: Int) -> Double {
        if count <= 128 { return sumBlock(start, count) }
        var half = count / 2
        half -= half % 8
        return sum(start, half) + sum(start + half, count - half)
    }
    return sum(0, n)
}

/// numpy's sum of one block of at most 128 terms, without the identity.
@inline(__always)
private func blockSum(_ x: UnsafePointer<Double>, _ n: Int) -> Double {
    if n < 8 {
        var acc = 0.0
        for i in 0..<n { acc += x[i] }
        return acc
    }
    // numpy's eight partial sums r[0…7] are the lanes of two 4-wide vectors: the same
    // additions in the same order, so the same bits.
    let raw = UnsafeRawPointer(x)
    let stride = MemoryLayout<Double>.stride
    var lo = raw.loadUnaligned(as: SIMD4<Double>.self)
    var hi = raw.loadUnaligned(fromByteOffset: 4 * stride, as: SIMD4<Double>.self)
    var i = 8
    while i < n - n % 8 {
        lo += raw.loadUnaligned(fromByteOffset: i * stride, as: SIMD4<Double>.self)
        hi += raw.loadUnaligned(fromByteOffset: (i + 4) * stride, as: SIMD4<Double>.self)
        i += 8
    }
    var acc = ((lo[0] + lo[1]) + (lo[2] + lo[3])) + ((hi[0] + hi[1]) + (hi[2] + hi[3]))
    while i < n { acc += x[i]; i += 1 }
    return acc
}
