import Foundation
import Synchronization

/// A second thread that runs one lane's share of each training step while the caller's
/// thread runs the other's.
///
/// A step is tiny (microseconds), so the hand-off spins on two atomic counters instead of
/// sleeping; after a few hundred idle spins the waiter yields the processor, so a busy
/// machine is not starved. The thread lives for one training run: `finish()` ends it.
final class LaneWorker: @unchecked Sendable {
    private let requested = Atomic<Int>(0)
    private let completed = Atomic<Int>(0)
    private let quit = Atomic<Bool>(false)
    private let exited = DispatchSemaphore(value: 0)
    private var generation = 0
    /// The work of one step, fixed at creation; the worker runs it once per `start()`.
    private let work: () -> Void

    init(work: @escaping () -> Void) {
        self.work = work
        let thread = Thread { [self] in self.loop() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func loop() {
        var seen = 0
        while true {
            var spins = 0
            while requested.load(ordering: .acquiring) == seen {
                if quit.load(ordering: .relaxed) {
                    exited.signal()
                    return
                }
                spins += 1
                if spins > 256 { sched_yield() }
            }
            seen += 1
            work()
            completed.store(seen, ordering: .releasing)
        }
    }

    /// Starts one step on the worker.
    func start() {
        generation += 1
        requested.store(generation, ordering: .releasing)
    }

    /// Waits until the step started last has finished.
    func wait() {
        var spins = 0
        while completed.load(ordering: .acquiring) != generation {
            spins += 1
            if spins > 256 { sched_yield() }
        }
    }

    /// Ends the thread (after any step in flight) and waits for it to exit.
    func finish() {
        wait()
        quit.store(true, ordering: .relaxed)
        exited.wait()
    }
}
