extension Dataset {
    /// Splits the examples into parts by ratios, e.g. `[0.6, 0.2, 0.2]` for train/dev/test.
    ///
    /// The ratios are divided by their sum. Part sizes are `floor(m·rᵢ)`; the examples left
    /// over by the floors go to the first part — with or without stratification. Draw order:
    /// without stratification, one `rng.permutation(m)` whose consecutive runs form the
    /// parts. With stratification, for each class 0, 1, … in turn its examples (in dataset
    /// order) are permuted by `rng.permutation(m_c)` and cut into runs of the sizes
    /// ``classShares(_:_:)`` gives, so every part keeps the class proportions to about an
    /// example; then each part's order is shuffled by one more `rng.permutation` per part.
    /// Parts of two or three are named train, (dev,) test.
    /// - Parameters:
    ///   - ratios: the relative sizes (each > 0).
    ///   - stratified: keep the class proportions in every part (labels must be class indices).
    ///   - rng: the generator, advanced by the draws above.
    /// - Returns: one dataset per ratio.
    /// - Throws: ``DatasetError/invalidArgument(_:)`` for no ratios, a ratio ≤ 0 or not finite,
    ///   or stratifying labels that are not class indices.
    public func split(ratios: [Double], stratified: Bool = false, rng: inout NumPyRandom) throws -> [Dataset] {
        guard !ratios.isEmpty else { throw DatasetError.invalidArgument("split needs at least one ratio") }
        for r in ratios where !(r > 0 && r.isFinite) {
            throw DatasetError.invalidArgument("split ratios must be positive numbers, got \(r)")
        }
        let total = ratios.reduce(0, +)
        let fractions = ratios.map { $0 / total }
        var parts = [[Int]](repeating: [], count: ratios.count)
        if stratified {
            var byClass: [Int: [Int]] = [:]
            for (j, label) in Y.values.enumerated() {
                guard label >= 0, label == label.rounded(), label < Double(Int32.max) else {
                    throw DatasetError.invalidArgument(
                        "stratified split needs class labels 0, 1, …; example \(j) has label \(label)")
                }
                byClass[Int(label), default: []].append(j)
            }
            let classes = byClass.keys.sorted()
            let shares = Self.classShares(classes.map { byClass[$0]?.count ?? 0 }, Self.partSizes(count, fractions))
            for (c, sizes) in zip(classes, shares) {
                let members = byClass[c] ?? []
                let order = rng.permutation(members.count).map { members[$0] }
                for (i, run) in Self.cut(order, sizes: sizes).enumerated() { parts[i] += run }
            }
            parts = parts.map { part in rng.permutation(part.count).map { part[$0] } }
        } else {
            parts = Self.cut(rng.permutation(count), fractions)
        }
        let names = ratios.count == 2 ? ["train", "test"]
            : ratios.count == 3 ? ["train", "dev", "test"]
            : (1...ratios.count).map { "\(name) part \($0)" }
        return try parts.enumerated().map { try uncheckedSubset($1, name: names[$0]) }
    }

    /// The examples in the order of one `rng.permutation(m)`.
    public func shuffled(rng: inout NumPyRandom) throws -> Dataset {
        try uncheckedSubset(rng.permutation(count))
    }

    /// Cuts `items` into runs of `floor(n·fᵢ)`, the remainder added to the first run.
    static func cut(_ items: [Int], _ fractions: [Double]) -> [[Int]] {
        cut(items, sizes: partSizes(items.count, fractions))
    }

    /// The part sizes of n examples: `floor(n·fᵢ)`, the remainder added to the first part.
    static func partSizes(_ n: Int, _ fractions: [Double]) -> [Int] {
        var sizes = fractions.map { min(n, Int((Double(n) * $0).rounded(.down))) }
        sizes[0] += max(0, n - sizes.reduce(0, +))
        return sizes
    }

    /// Consecutive runs of `items` of the given sizes.
    static func cut(_ items: [Int], sizes: [Int]) -> [[Int]] {
        var runs: [[Int]] = []
        var start = 0
        for size in sizes {
            let end = min(items.count, start + size)
            runs.append(Array(items[start..<end]))
            start = end
        }
        return runs
    }

    /// How many examples of each class go to each part, so that the parts have exactly
    /// `partSizes` examples (those of the unstratified split) and each class is spread in
    /// proportion. Class by class, its count is apportioned over the parts by largest
    /// remainder (Hamilton's method) in proportion to the room each part has left; ties go to
    /// the earlier part. Each part's room only shrinks to zero, so the last class fills the
    /// parts exactly.
    /// - Parameters:
    ///   - classCounts: the examples of each class (their sum is the parts' sum).
    ///   - partSizes: the examples each part gets.
    /// - Returns: one row of part counts per class, each summing to the class's count.
    public static func classShares(_ classCounts: [Int], _ partSizes: [Int]) -> [[Int]] {
        var room = partSizes
        return classCounts.map { count in
            let total = room.reduce(0, +)
            guard total > 0 else { return room.map { _ in 0 } }
            let quotas = room.map { Double(count) * Double($0) / Double(total) }
            var shares = quotas.map { Int($0.rounded(.down)) }
            let byRemainder = quotas.indices.sorted { a, b in
                let (ra, rb) = (quotas[a] - Double(shares[a]), quotas[b] - Double(shares[b]))
                return ra != rb ? ra > rb : a < b
            }
            for i in byRemainder.prefix(count - shares.reduce(0, +)) { shares[i] += 1 }
            for i in room.indices { room[i] -= shares[i] }
            return shares
        }
    }
}
