import CBLAS
#if canImport(Glibc)
import Glibc
#endif

/// The training kernel: a network's parameters and every forward/backward buffer in raw
/// memory allocated once, so a step allocates nothing.
///
/// The batch's examples are split between one or two ``Lane``s: two when the batch is big
/// enough to share and the products small enough to stay off OpenBLAS's own threads. The
/// split depends only on the network and the batch size, so results are the same bits
/// however the lanes run: on a machine with a processor to spare, a ``LaneWorker`` thread
/// runs the second lane while the caller runs the first; otherwise (one processor, a
/// machine already busy, or DNNSCRIPT_THREADS=1) the caller runs both in turn.
final class Workspace {
    let sizes: [Int]
    let activations: [Activation]
    let keepProbs: [Double]
    let loss: Loss
    let capacity: Int
    var depth: Int { activations.count }

    private(set) var w: [UnsafeMutablePointer<Double>] = []
    private(set) var b: [UnsafeMutablePointer<Double>] = []
    private let lanes: [Lane]
    private var worker: LaneWorker? = nil
    /// How many lanes share a batch, and whether a second thread runs one (for tests).
    var laneCount: Int { lanes.count }
    var threaded: Bool { worker != nil }
    /// The whole batch's width and the flags of the step the worker runs.
    private var batchWidth = 0
    private var dropoutActive = false
    /// The batch's loss terms, summed in numpy's order over the whole batch whatever the
    /// split, so the printed costs are the course's to the last digit.
    private let terms: UnsafeMutablePointer<Double>

    /// The optimizer's state over the blocks W1, b1, W2, b2, … and their gradients.
    private let optimizerState: OptimizerState
    private let parameterBlocks: [UnsafeMutablePointer<Double>]
    private let gradientBlocks: [UnsafeMutablePointer<Double>]
    /// The last batch's cost times its width (the terms' sum without the 1/m, plus width ×
    /// penalty): the batch's share of the course's `cost_total`.
    private(set) var batchTotal = 0.0
    /// The last pass's cost split in two: the data loss (the 1/m-scaled terms) and the
    /// regularizer's penalty; the cost ``pass(dropout:regularizer:)`` returns is their sum.
    private(set) var lastLoss = 0.0
    private(set) var lastPenalty = 0.0

    /// The smallest batch split between two lanes.
    static let parallelMinimum = 128

    /// - Parameters:
    ///   - capacity: the largest batch width.
    ///   - parallel: allow a second lane on its own thread when it pays.
    ///   - threads: force the second thread on or off (tests); nil decides by the machine.
    ///   - optimizer: what ``update(learningRate:)`` does; its state is allocated here.
    ///   - kernels: the build of the small-matrix kernels to run (tests compare them).
    /// - Throws: ``OpenBLASUnavailable`` when a layer is large enough for OpenBLAS and it
    ///   cannot be opened.
    init(network: Network, capacity: Int, parallel: Bool = false, threads: Bool? = nil, optimizer: Optimizer = .gd,
         kernels: KernelPath = .active) throws(OpenBLASUnavailable) {
        sizes = network.sizes
        activations = network.activations
        keepProbs = network.keepProbs
        loss = network.loss
        self.capacity = Swift.max(capacity, 1)
        for l in 0..<network.depth {
            w.append(Lane.alloc(sizes[l + 1] * sizes[l]))
            b.append(Lane.alloc(sizes[l + 1]))
        }
        let cap = self.capacity
        terms = Lane.alloc(sizes[sizes.count - 1] * cap)
        let largestLayer = zip(sizes, sizes.dropFirst()).map { $0 * $1 }.max() ?? 0
        let share = parallel && cap >= Workspace.parallelMinimum
            && largestLayer * ((cap + 1) / 2) <= Products.smallLimit
        let table = kernels.kernels
        let make = { (c: Int) in Lane(sizes: network.sizes, activations: network.activations,
                                      keepProbs: network.keepProbs, loss: network.loss, capacity: c, kernels: table) }
        lanes = share ? [make((cap + 1) / 2), make((cap + 1) / 2)] : [make(cap)]
        var parameters: [UnsafeMutablePointer<Double>] = [], gradients = parameters, counts: [Int] = []
        for l in 0..<network.depth {
            parameters += [w[l], b[l]]
            gradients += [lanes[0].dw[l], lanes[0].db[l]]
            counts += [sizes[l + 1] * sizes[l], sizes[l + 1]]
        }
        (parameterBlocks, gradientBlocks) = (parameters, gradients)
        optimizerState = OptimizerState(optimizer, counts: counts)
        load(network)
        // Products over Products.smallLimit go to OpenBLAS: open it now, where a missing
        // library can be reported, not in the middle of a step.
        if largestLayer * lanes[0].capacity > Products.smallLimit {
            try BLASGate.require()
        }
        // OpenBLAS's own threads spin-wait after each call and at start-up; when no product
        // of this network goes to OpenBLAS they would only take the processor the second
        // lane needs, so they are kept to one for the run.
        if share {
            BLASGate.keepThreadPoolStopped()
        }
        if share && (threads ?? Workspace.threadsAllowed()) {
            let second = lanes[1]
            worker = LaneWorker { [unowned self] in
                if second.width > 0 {
                    second.run(w: self.w, b: self.b, dropout: self.dropoutActive, terms: self.terms,
                               offset: self.lanes[0].width, total: self.batchWidth)
                }
            }
        }
    }

    /// A second thread only with two processors or more, one of them idle now (fewer
    /// runnable threads on the machine than processors, counting this one): two spinning
    /// threads on a busy machine are slower than one. DNNSCRIPT_THREADS=1 never starts
    /// it, DNNSCRIPT_THREADS=2 always does (results are the same bits either way).
    static func threadsAllowed() -> Bool {
        switch ProcessInfoLite.environment("DNNSCRIPT_THREADS") {
        case "1": return false
        case "2": return true
        default: break
        }
        let processors = ProcessInfoLite.processorCount
        guard processors >= 2 else { return false }
        // Up to four looks a millisecond apart, so a passing thread is not mistaken for a
        // busy machine; the first look that finds a processor idle settles it.
        for look in 0..<4 {
            if look > 0 { usleep(1000) }
            guard let runnable = ProcessInfoLite.runnableThreads else { return true }
            if runnable < processors { return true }
        }
        return false
    }

    deinit {
        worker?.finish()
        for p in w + b { p.deallocate() }
        terms.deallocate()
    }

    /// Copies the network's parameters in.
    func load(_ network: Network) {
        for l in 0..<depth {
            network.weights[l].values.withUnsafeBufferPointer { w[l].update(from: $0.baseAddress!, count: $0.count) }
            network.biases[l].values.withUnsafeBufferPointer { b[l].update(from: $0.baseAddress!, count: $0.count) }
        }
    }

    /// Copies the parameters out into the network.
    func store(into network: inout Network) {
        for l in 0..<depth {
            network.weights[l].values.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: w[l], count: $0.count) }
            network.biases[l].values.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: b[l], count: $0.count) }
        }
    }

    /// Sets the batch: every column of (x, y) in order (`columns` nil), or the chosen ones.
    func setBatch(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, total: Int, columns: ArraySlice<Int>? = nil) {
        let count = columns?.count ?? total
        batchWidth = count
        let firstWidth = lanes.count == 2 ? (count + 1) / 2 : count
        if let columns {
            lanes[0].gather(x, y, total: total, columns: columns.prefix(firstWidth))
            if lanes.count == 2 { lanes[1].gather(x, y, total: total, columns: columns.dropFirst(firstWidth)) }
        } else {
            lanes[0].load(x, y, total: total, start: 0, count: firstWidth)
            if lanes.count == 2 { lanes[1].load(x, y, total: total, start: firstWidth, count: count - firstWidth) }
        }
    }

    /// Draws fresh dropout masks for the whole batch, D1 then D2 …, each row by row across
    /// all the batch's columns — the order numpy's `rand(n, m)` gives — into the lanes.
    func drawMasks(_ rng: inout NumPyRandom) {
        for l in 0..<depth where keepProbs[l] < 1 {
            let keep = keepProbs[l]
            for r in 0..<sizes[l + 1] {
                for lane in lanes {
                    guard let d = lane.mask[l] else { continue }
                    let row = d + r * lane.ld
                    for j in 0..<lane.width { row[j] = rng.rand() < keep ? 1 : 0 }
                }
            }
        }
    }

    /// One forward and backward pass over the batch: returns the cost (with the penalty)
    /// and leaves dW, db (with the penalty's gradient) in ``gradient(layer:)``.
    func pass(dropout: Bool, regularizer: Regularizer) -> Double {
        dropoutActive = dropout
        if let worker {
            worker.start()
            lanes[0].run(w: w, b: b, dropout: dropout, terms: terms, offset: 0, total: batchWidth)
            worker.wait()
        } else {
            var offset = 0
            for lane in lanes where lane.width > 0 {
                lane.run(w: w, b: b, dropout: dropout, terms: terms, offset: offset, total: batchWidth)
                offset += lane.width
            }
        }
        let termSum = numpySum(terms, sizes[depth] * batchWidth)
        // An empty second lane (a batch of one example) ran nothing: its buffers still
        // hold an earlier batch's gradients.
        if lanes.count == 2 && lanes[1].width > 0 {
            for l in 0..<depth {
                let (d0, d1) = (lanes[0].dw[l], lanes[1].dw[l])
                for i in 0..<(sizes[l + 1] * sizes[l]) { d0[i] += d1[i] }
                let (e0, e1) = (lanes[0].db[l], lanes[1].db[l])
                for i in 0..<sizes[l + 1] { e0[i] += e1[i] }
            }
        }
        for l in 0..<depth {
            regularizer.addGradient(w[l], into: lanes[0].dw[l], count: sizes[l + 1] * sizes[l], examples: batchWidth)
        }
        let penalty = penalty(regularizer, m: batchWidth)
        batchTotal = loss.scale(examples: 1) * termSum + Double(batchWidth) * penalty
        lastLoss = loss.scale(examples: batchWidth) * termSum
        lastPenalty = penalty
        return lastLoss + penalty
    }

    /// The regularizer's penalty on the current weights.
    func penalty(_ regularizer: Regularizer, m: Int) -> Double {
        if regularizer == .none { return 0 }
        var total = 0.0
        for l in 0..<depth { total += regularizer.blockSum(w[l], count: sizes[l + 1] * sizes[l]) }
        return regularizer.penalty(total: total, examples: m)
    }

    /// One step of the workspace's optimizer with the gradients of the last ``pass(dropout:regularizer:)``
    /// (gradient descent: W −= lr·dW, b −= lr·db).
    func update(learningRate lr: Double) {
        optimizerState.step(parameters: parameterBlocks, gradients: gradientBlocks, learningRate: lr)
    }

    /// The gradients as matrices (dW1, db1, …) after `pass`.
    func gradients() -> (dW: [Matrix], db: [Matrix]) {
        var gw: [Matrix] = [], gb: [Matrix] = []
        for l in 0..<depth {
            let (rows, cols) = (sizes[l + 1], sizes[l])
            gw.append(Matrix(unchecked: rows, cols, Array(UnsafeBufferPointer(start: lanes[0].dw[l], count: rows * cols))))
            gb.append(Matrix(unchecked: rows, 1, Array(UnsafeBufferPointer(start: lanes[0].db[l], count: rows))))
        }
        return (gw, gb)
    }
}
