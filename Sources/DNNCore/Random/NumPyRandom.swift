import Foundation

/// numpy's legacy generator (`np.random.seed` / `np.random.RandomState`), bit for bit.
///
/// MT19937 seeded with the reference `init_genrand`, doubles from two 32-bit draws
/// (53 bits), Gaussians by the polar Box–Muller method with numpy's cached second value,
/// bounded integers by masked rejection, and the legacy Fisher–Yates shuffle
/// (docs/course-reference.md §5). It is a value type: copy it to fork a stream, pass it `inout` to draw.
public struct NumPyRandom: Sendable, Equatable {
    private static let stateLength = 624
    private static let shiftLength = 397
    private static let matrixA: UInt32 = 0x9908_b0df
    private static let upperMask: UInt32 = 0x8000_0000
    private static let lowerMask: UInt32 = 0x7fff_ffff

    private var state: [UInt32]
    private var position: Int
    /// The second Box–Muller value kept for the next `randn()`, as numpy's `has_gauss`/`gauss`.
    private var cachedGaussian: Double?

    /// A generator in the state `np.random.seed(seed)` leaves.
    /// - Parameter seed: the seed, 0 ... 2³² − 1 like numpy's.
    public init(seed: UInt32) {
        state = [UInt32](repeating: 0, count: Self.stateLength)
        position = Self.stateLength
        cachedGaussian = nil
        self.seed(seed)
    }

    /// Reseeds like `np.random.seed(seed)`: `init_genrand(seed)` and the cached Gaussian cleared.
    /// - Parameter seed: the seed, 0 ... 2³² − 1.
    public mutating func seed(_ seed: UInt32) {
        state.withUnsafeMutableBufferPointer { s in
            var previous = seed
            s[0] = seed
            for i in 1..<Self.stateLength {
                previous = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(truncatingIfNeeded: i)
                s[i] = previous
            }
        }
        position = Self.stateLength
        cachedGaussian = nil
    }

    /// The next raw 32-bit output of MT19937 (numpy's `next_uint32`).
    public mutating func nextUInt32() -> UInt32 {
        var pos = position
        let y = state.withUnsafeMutableBufferPointer { Self.next($0.baseAddress!, &pos) }
        position = pos
        return y
    }

    /// The next 64-bit output as numpy's MT19937 builds it: high word first.
    public mutating func nextUInt64() -> UInt64 {
        let high = UInt64(nextUInt32())
        return (high << 32) | UInt64(nextUInt32())
    }

    /// One tempered output from the state at `pos`, regenerating the block when used up.
    @inline(__always)
    private static func next(_ s: UnsafeMutablePointer<UInt32>, _ pos: inout Int) -> UInt32 {
        if pos >= stateLength {
            regenerate(s)
            pos = 0
        }
        let y = temper(s[pos])
        pos += 1
        return y
    }

    /// The MT19937 output tempering.
    @inline(__always)
    private static func temper(_ x: UInt32) -> UInt32 {
        var y = x
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// (a·2²⁶ + b) / 2⁵³ from two outputs, numpy's `next_double`.
    @inline(__always)
    private static func double(_ first: UInt32, _ second: UInt32) -> Double {
        // both shifted words fit in Int32, whose conversion to Double vectorises on SSE2
        (Double(Int32(truncatingIfNeeded: first >> 5)) * 67_108_864.0
            + Double(Int32(truncatingIfNeeded: second >> 6))) / 9_007_199_254_740_992.0
    }

    /// `count` doubles in draw order, a whole block of the state at a time (the hot loop
    /// for dropout masks: tempering and conversion vectorise).
    private static func fillDoubles(_ s: UnsafeMutablePointer<UInt32>, _ pos: inout Int,
                                    _ out: UnsafeMutablePointer<Double>, _ count: Int) {
        var k = 0
        while k < count {
            if pos >= stateLength {
                regenerate(s)
                pos = 0
            }
            let pairs = min((stateLength - pos) / 2, count - k)
            if pairs == 0 {
                // one output left in the block: this double straddles two blocks
                out[k] = nextDouble(s, &pos)
                k += 1
                continue
            }
            let src = s + pos, dst = out + k
            for i in 0..<pairs {
                dst[i] = double(temper(src[2 * i]), temper(src[2 * i + 1]))
            }
            pos += 2 * pairs
            k += pairs
        }
    }

    /// A double in [0, 1) from two outputs, numpy's `next_double`.
    @inline(__always)
    private static func nextDouble(_ s: UnsafeMutablePointer<UInt32>, _ pos: inout Int) -> Double {
        let a = next(s, &pos)
        return double(a, next(s, &pos))
    }

    /// The reference MT19937 block regeneration (`mt19937_gen`).
    private static func regenerate(_ s: UnsafeMutablePointer<UInt32>) {
        let n = stateLength, m = shiftLength
        @inline(__always) func twist(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt32 {
            let y = (a & upperMask) | (b & lowerMask)
            return c ^ (y >> 1) ^ ((0 &- (y & 1)) & matrixA)
        }
        for k in 0..<(n - m) { s[k] = twist(s[k], s[k + 1], s[k + m]) }
        for k in (n - m)..<(n - 1) { s[k] = twist(s[k], s[k + 1], s[k + m - n]) }
        s[n - 1] = twist(s[n - 1], s[0], s[m - 1])
    }

    /// A uniform double in [0, 1), like `np.random.rand()`: (a·2²⁶ + b) / 2⁵³ with
    /// a = next32 >> 5, b = next32 >> 6.
    public mutating func rand() -> Double {
        var pos = position
        let x = state.withUnsafeMutableBufferPointer { Self.nextDouble($0.baseAddress!, &pos) }
        position = pos
        return x
    }

    /// Fills `values` with `rand()` draws in order, without allocating (for dropout masks).
    public mutating func fillRand(_ values: inout [Double]) {
        values.withUnsafeMutableBufferPointer { fillRand($0) }
    }

    private mutating func fillRand(_ out: UnsafeMutableBufferPointer<Double>) {
        var pos = position
        state.withUnsafeMutableBufferPointer { s in
            if let target = out.baseAddress { Self.fillDoubles(s.baseAddress!, &pos, target, out.count) }
        }
        position = pos
    }

    /// Fills a matrix with `rand()` draws row by row, in place, like
    /// `np.random.rand(rows, cols)` without allocating.
    public mutating func fillRand(_ matrix: inout Matrix) {
        fillRand(&matrix.values)
    }

    /// Fills `values` with `randn()` draws in order, without allocating.
    public mutating func fillRandn(_ values: inout [Double]) {
        values.withUnsafeMutableBufferPointer { fillRandn($0) }
    }

    private mutating func fillRandn(_ out: UnsafeMutableBufferPointer<Double>) {
        var pos = position, cached = cachedGaussian
        state.withUnsafeMutableBufferPointer { s in
            let base = s.baseAddress!
            for k in out.indices { out[k] = Self.gauss(base, &pos, &cached) }
        }
        position = pos
        cachedGaussian = cached
    }

    /// Draws of a large matrix are made this many at a time, with a checkpoint between
    /// chunks (a 2^28-entry `randn` takes seconds to minutes).
    public static let checkpointEntries = 1 << 20

    /// Fills a matrix with `randn()` draws row by row, in place.
    public mutating func fillRandn(_ matrix: inout Matrix) {
        fillRandn(&matrix.values)
    }

    /// A standard normal draw, like `np.random.randn()` (legacy polar Box–Muller).
    ///
    /// Each accepted pair yields two values: `f·x2` is returned and `f·x1` cached for
    /// the next call, as numpy's legacy `gauss` does.
    public mutating func randn() -> Double {
        var pos = position, cached = cachedGaussian
        let x = state.withUnsafeMutableBufferPointer { Self.gauss($0.baseAddress!, &pos, &cached) }
        position = pos
        cachedGaussian = cached
        return x
    }

    /// numpy's `legacy_gauss` on the raw state.
    @inline(__always)
    private static func gauss(_ s: UnsafeMutablePointer<UInt32>, _ pos: inout Int, _ cached: inout Double?) -> Double {
        if let value = cached {
            cached = nil
            return value
        }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2.0 * nextDouble(s, &pos) - 1.0
            x2 = 2.0 * nextDouble(s, &pos) - 1.0
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1.0 || r2 == 0.0
        let f = (-2.0 * log(r2) / r2).squareRoot()
        cached = f * x1
        return f * x2
    }

    /// A normal draw `loc + scale·randn()`, like `np.random.normal(loc, scale)`.
    public mutating func normal(loc: Double = 0, scale: Double = 1) -> Double {
        loc + scale * randn()
    }

    /// A uniform draw `low + (high − low)·rand()`, like `np.random.uniform(low, high)`.
    public mutating func uniform(low: Double = 0, high: Double = 1) -> Double {
        let range = high - low
        return low + range * rand()
    }

    /// A uniform integer in `[0, max]` by masked rejection (numpy's `random_interval`).
    ///
    /// The mask is the smallest 2ᵏ − 1 ≥ `max`; 32-bit draws are used while
    /// `max` ≤ 2³² − 1, else 64-bit draws.
    /// - Parameter max: the inclusive upper bound (0 returns 0 without drawing).
    public mutating func interval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        var mask = max
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        mask |= mask >> 32
        if max <= UInt64(UInt32.max) {
            let mask32 = UInt32(mask)
            var value: UInt32
            repeat { value = nextUInt32() & mask32 } while UInt64(value) > max
            return UInt64(value)
        }
        var value: UInt64
        repeat { value = nextUInt64() & mask } while value > max
        return value
    }

    /// A uniform integer in `[low, high)`, like legacy `np.random.randint(low, high)`.
    ///
    /// numpy's legacy `randint` draws `low + v` with `v` in `[0, high − 1 − low]` by masked
    /// rejection (it does not use Lemire's method). An empty range returns `low` without
    /// drawing (numpy would raise; callers validate their bounds).
    public mutating func randint(_ low: Int, _ high: Int) -> Int {
        guard high > low else { return low }
        let span = UInt64(bitPattern: Int64(high &- 1 &- low))
        let offset = interval(span)
        return Int(bitPattern: UInt(bitPattern: low) &+ UInt(offset))
    }

    /// A uniform integer in `[0, high)`, like `np.random.randint(high)`.
    public mutating func randint(_ high: Int) -> Int {
        randint(0, high)
    }

    /// Shuffles in place like legacy `np.random.shuffle` on a 1-D array (or on the rows of
    /// a 2-D one): for i from n−1 down to 1, swap element i with `interval(i)`.
    public mutating func shuffle<T>(_ array: inout [T]) {
        var i = array.count - 1
        while i >= 1 {
            let j = Int(interval(UInt64(i)))
            array.swapAt(i, j)
            i -= 1
        }
    }

    /// A random permutation of `0..<n`, like `np.random.permutation(n)`.
    public mutating func permutation(_ n: Int) -> [Int] {
        var indices = Array(0..<max(n, 0))
        shuffle(&indices)
        return indices
    }

    /// A `rows × cols` matrix of `rand()` draws filled row by row, like `np.random.rand(rows, cols)`.
    /// - Throws: ``MatrixError/tooLarge(rows:cols:)`` beyond the size limit.
    /// - Parameter checkpoint: called between chunks of ``checkpointEntries`` draws, so a
    ///   host can stop a long fill by throwing.
    public mutating func rand(_ rows: Int, _ cols: Int, checkpoint: () throws -> Void = {}) throws -> Matrix {
        try Matrix(rows: max(rows, 0), cols: max(cols, 0), chunk: Self.checkpointEntries, checkpoint: checkpoint) {
            fillRand($0)
        }
    }

    /// A `rows × cols` matrix of `randn()` draws filled row by row, like `np.random.randn(rows, cols)`.
    /// - Throws: ``MatrixError/tooLarge(rows:cols:)`` beyond the size limit.
    /// - Parameter checkpoint: called between chunks of ``checkpointEntries`` draws, so a
    ///   host can stop a long fill by throwing.
    public mutating func randn(_ rows: Int, _ cols: Int, checkpoint: () throws -> Void = {}) throws -> Matrix {
        try Matrix(rows: max(rows, 0), cols: max(cols, 0), chunk: Self.checkpointEntries, checkpoint: checkpoint) {
            fillRandn($0)
        }
    }

    /// `count` draws of `randn()` in order, like `np.random.randn(count)`.
    public mutating func randn(count: Int) -> [Double] {
        (0..<max(count, 0)).map { _ in randn() }
    }

    /// `count` draws of `rand()` in order, like `np.random.rand(count)`.
    public mutating func rand(count: Int) -> [Double] {
        (0..<max(count, 0)).map { _ in rand() }
    }
}
