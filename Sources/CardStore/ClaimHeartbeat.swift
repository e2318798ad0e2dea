import Foundation

/// Renews claims with a lease while their work goes on: calls `beat` every `interval` seconds on
/// a thread of its own until ``stop()`` (which the owner must call: the thread keeps it alive).
///
/// A watcher reading a 50-page PDF, or a reviewer who keeps a card on screen, can take longer than
/// any lease; without renewal another station or reviewer takes the same work while the first
/// still does it. The interval is a fraction of the lease (a third), so one late beat still
/// renews in time. A beat that runs after `stop()` (it had already started) is harmless: every
/// renewal only extends a claim its holder still has.
public final class ClaimHeartbeat: @unchecked Sendable {
    // Unchecked: `stopped` is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var stopped = false

    /// Starts beating at once; the first beat comes after `interval`.
    public init(interval: TimeInterval, beat: @escaping @Sendable () -> Void) {
        let interval = max(0.01, interval)
        let thread = Thread { [condition] in
            while true {
                condition.lock()
                let deadline = Date().addingTimeInterval(interval)
                while !self.stopped && Date() < deadline { _ = condition.wait(until: deadline) }
                let done = self.stopped
                condition.unlock()
                if done { return }
                beat()
            }
        }
        thread.name = "claim heartbeat"
        thread.start()
    }

    /// The interval for a lease: a third of it.
    public static func interval(forLease lease: TimeInterval) -> TimeInterval { lease / 3 }

    /// Stops beating (a beat in progress finishes).
    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
