import Foundation

/// A clock that moves only when a test calls `advance(by:)` (Hummingbird's and SwiftNIO's style):
/// code waiting "two seconds" is tested without sleeping.
///
/// Sleeps resume when the clock is advanced past their deadline. They ignore task cancellation.
public final class TestClock: Clock, @unchecked Sendable {
    // Unchecked: `current` and `sleepers` are read and written only while `lock` is held.

    /// A point on the test clock: the time advanced since it was created.
    public struct Instant: InstantProtocol, Sendable {
        /// Time advanced since the clock was created.
        public var offset: Duration

        /// The instant `offset` after the clock's start.
        public init(offset: Duration) { self.offset = offset }

        /// The instant `duration` later.
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        /// The time from this instant to `other`.
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        /// Earlier instants are smaller.
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var sleepers: [(deadline: Instant, continuation: CheckedContinuation<Void, Never>)] = []

    /// A clock standing at offset zero.
    public init() {}

    /// The current instant: moves only with `advance(by:)`.
    public var now: Instant {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Any duration can be advanced.
    public var minimumResolution: Duration { .zero }

    /// Tasks currently sleeping on this clock.
    public var sleeperCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return sleepers.count
    }

    /// Suspends until the clock is advanced to `deadline` (returns at once if it is there already).
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if deadline <= current {
                lock.unlock()
                continuation.resume()
                return
            }
            sleepers.append((deadline, continuation))
            lock.unlock()
        }
    }

    /// Moves the clock forward and wakes every sleeper whose deadline has passed.
    public func advance(by duration: Duration) {
        lock.lock()
        current = current.advanced(by: duration)
        let now = current
        let due = sleepers.filter { $0.deadline <= now }
        sleepers.removeAll { $0.deadline <= now }
        lock.unlock()
        for sleeper in due { sleeper.continuation.resume() }
    }
}
