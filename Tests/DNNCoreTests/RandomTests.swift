import Testing
@testable import DNNCore

extension RandomFixtures {
    /// FNV-1a 64 over 8 little-endian bytes per value; the same hash scripts/reference/random_fixtures.py computes.
    static func fnv1a(_ values: [UInt64]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in values {
            for k in 0..<8 {
                h ^= (v >> (8 * UInt64(k))) & 0xff
                h = h &* 0x100_0000_01b3
            }
        }
        return h
    }
}

/// Draws the fixture's sequence from a fresh generator, as bit patterns.
private func draw(_ s: RandomFixtures.Sequence) -> [UInt64] {
    var rng = NumPyRandom(seed: s.seed)
    let n = s.count
    func doubles(_ f: (inout NumPyRandom) -> Double) -> [UInt64] {
        (0..<n).map { _ in f(&rng).bitPattern }
    }
    func ints(_ xs: [Int]) -> [UInt64] { xs.map { UInt64(bitPattern: Int64($0)) } }
    switch s.kind {
    case "raw": return (0..<n).map { _ in UInt64(rng.nextUInt32()) }
    case "rand": return doubles { $0.rand() }
    case "randn": return doubles { $0.randn() }
    case "mixed":
        return (0..<n).map { i in (i % 3 == 1 ? rng.rand() : rng.randn()).bitPattern }
    case "normal": return doubles { $0.normal(loc: Double(s.a), scale: Double(s.b)) }
    case "uniform": return doubles { $0.uniform(low: Double(s.a), high: Double(s.b)) }
    case "randint": return ints((0..<n).map { _ in rng.randint(s.a, s.b) })
    case "shuffle":
        var xs = Array(0..<s.a)
        rng.shuffle(&xs)
        return ints(xs)
    case "permutation": return ints(rng.permutation(s.a))
    default: return []
    }
}

@Suite("NumPyRandom")
struct RandomTests {
    // docs/course-reference.md §5: np.random.seed(3); np.random.randn(4)
    @Test func courseSeed3Randn() {
        var rng = NumPyRandom(seed: 3)
        #expect(rng.randn() == 1.7886284734303186)
        #expect(rng.randn() == 0.43650985051198943)
        #expect(rng.randn() == 0.09649746807200862)
        #expect(rng.randn() == -1.8634927033644908)
    }

    // docs/course-reference.md §5: np.random.seed(1); np.random.randn(3) and np.random.rand(3)
    @Test func courseSeed1() {
        var rng = NumPyRandom(seed: 1)
        #expect(rng.randn() == 1.6243453636632417)
        #expect(rng.randn() == -0.6117564136500754)
        #expect(rng.randn() == -0.5281717522634557)
        rng.seed(1)
        #expect(rng.rand() == 0.417022004702574)
        #expect(rng.rand() == 0.7203244934421581)
        #expect(rng.rand() == 0.00011437481734488664)
    }

    // docs/course-reference.md §2: he for [2, 4, 1] after seed 3: W1 = randn(4, 2) * sqrt(2/2), filled row by row.
    @Test func matrixFillsRowByRow() throws {
        var rng = NumPyRandom(seed: 3)
        let w1 = try rng.randn(4, 2)
        #expect(w1.shape == Shape(4, 2))
        #expect(w1[0, 1] == 0.43650985051198943)
        #expect(w1[1, 0] == 0.09649746807200862)
        var again = NumPyRandom(seed: 1)
        let r = try again.rand(1, 3)
        #expect(r.values == [0.417022004702574, 0.7203244934421581, 0.00011437481734488664])
    }

    /// Reseeding clears the cached Gaussian, as np.random.seed does.
    /// A fill of several chunks (with an odd count, so a cached Gaussian crosses a chunk
    /// boundary) draws exactly what one-by-one draws do, and stops when its checkpoint throws.
    @Test func chunkedFillsDrawInOrderAndStop() throws {
        struct Stop: Error {}
        let entries = 2 * NumPyRandom.checkpointEntries + 3
        var chunked = NumPyRandom(seed: 5), single = NumPyRandom(seed: 5)
        var checkpoints = 0
        let m = try chunked.randn(1, entries, checkpoint: { checkpoints += 1 })
        #expect(checkpoints == 2)
        #expect(m.values == (0..<entries).map { _ in single.randn() })
        #expect(chunked.randn() == single.randn())
        let u = try chunked.rand(entries, 1)
        #expect(u.values == (0..<entries).map { _ in single.rand() })
        #expect(throws: Stop.self) { try chunked.randn(entries, 1, checkpoint: { throw Stop() }) }
    }

    @Test func seedClearsCachedGaussian() {
        var rng = NumPyRandom(seed: 1)
        _ = rng.randn()  // caches the pair's second value
        rng.seed(1)
        #expect(rng.randn() == 1.6243453636632417)
    }

    /// Every fixture sequence (7 seeds × 20 kinds, up to 10,000 draws each) matches numpy exactly.
    @Test(arguments: RandomFixtures.sequences.indices)
    func matchesNumPySequence(_ index: Int) {
        let s = RandomFixtures.sequences[index]
        let got = draw(s)
        #expect(got.count == s.count)
        #expect(Array(got.prefix(5)) == s.first, "\(s.kind)(\(s.a), \(s.b)) seed \(s.seed): first values")
        #expect(got.last == s.last, "\(s.kind)(\(s.a), \(s.b)) seed \(s.seed): last value")
        #expect(RandomFixtures.fnv1a(got) == s.hash, "\(s.kind)(\(s.a), \(s.b)) seed \(s.seed): hash over all values")
    }

    // np.random.seed(1); a = np.arange(300); np.random.shuffle(a)
    @Test func shuffle300() {
        var rng = NumPyRandom(seed: 1)
        var xs = Array(0..<300)
        rng.shuffle(&xs)
        #expect(xs == RandomFixtures.shuffle300Seed1)
        var rng2 = NumPyRandom(seed: 1)
        #expect(rng2.permutation(300) == RandomFixtures.shuffle300Seed1)
    }

    /// Block fills equal scalar draws (which the fixtures pin to numpy), also when a double
    /// straddles two MT blocks (odd position) and when a cached Gaussian is pending.
    @Test(arguments: [0, 1, 623, 624])
    func fillsMatchScalarDraws(_ skip: Int) throws {
        var a = NumPyRandom(seed: 7), b = NumPyRandom(seed: 7)
        for _ in 0..<skip { _ = a.nextUInt32(); _ = b.nextUInt32() }
        var m = try Matrix(rows: 3, cols: 700)
        a.fillRand(&m)
        #expect(m.values == (0..<2100).map { _ in b.rand() })
        _ = a.randn(); _ = b.randn()  // leaves a cached value in both
        var values = [Double](repeating: 0, count: 1001)
        a.fillRandn(&values)
        #expect(values == (0..<1001).map { _ in b.randn() })
        #expect(a == b)
        #expect(try a.rand(2, 3) == b.rand(2, 3) && a.randn(2, 3) == b.randn(2, 3))
    }

    @Test func edgeCases() throws {
        var rng = NumPyRandom(seed: 5)
        let before = rng
        #expect(rng.randint(4, 4) == 4)  // empty range: no draw
        #expect(rng.permutation(0) == [])
        #expect(rng.permutation(-3) == [])
        var empty: [Int] = []
        rng.shuffle(&empty)
        #expect(rng == before)
        #expect(try rng.rand(0, 3).shape == Shape(0, 3))
        // randint(Int.min, Int.max) spans 2^64 - 1 values and must not trap
        _ = rng.randint(Int.min, Int.max)
    }
}
