import Foundation

/// Decides when a file in the drop folder may be taken: stable, structurally complete, regular.
///
/// A file is *stable* once its size, mtime and inode have not changed for `settle` on the injected
/// clock, and *complete* once its format's end marker is there (``FileCompleteness``). A stable but
/// incomplete file keeps waiting; if it stays that way for `incompleteWait` it fails with the
/// reason. A zero-byte file counts as incomplete (scanners create the file before writing it) and
/// fails as empty after `incompleteWait`. Tests pass a manual clock and advance it instead of
/// sleeping (Hummingbird's `MemoryPersistDriver<C: Clock>`).
///
/// Not thread-safe: one watcher owns it.
public struct StabilityTracker<C: Clock> where C.Duration == Duration {
    /// How long the tracker waits.
    public struct Settings: Sendable {
        /// Size and mtime must stay unchanged this long.
        public var settle: Duration
        /// A stable file that is still empty or incomplete fails after this long without change.
        public var incompleteWait: Duration

        /// Waits of `settle` (default 2 s) and `incompleteWait` (default 10 x settle).
        public init(settle: Duration = .seconds(2), incompleteWait: Duration? = nil) {
            self.settle = settle
            self.incompleteWait = incompleteWait ?? settle * 10
        }
    }

    /// The tracker's answer for one file.
    public enum Verdict: Hashable, Sendable {
        /// Take it: stable and complete, as of `snapshot`.
        case ready(FileSnapshot)
        /// Not yet; `reason` says what is awaited (for debug logs).
        case waiting(reason: String)
        /// Give up on it: move it to `failed/` with `reason`.
        case failed(reason: String)
        /// The file is gone (moved away or deleted); the tracker forgot it.
        case gone
    }

    private struct Entry {
        var snapshot: FileSnapshot
        var unchangedSince: C.Instant
        var completeness: FileCompleteness?
    }

    private let clock: C
    /// The waits in use.
    public let settings: Settings
    private var entries: [String: Entry] = [:]

    /// Creates a tracker reading time from `clock`.
    public init(clock: C, settings: Settings = Settings()) {
        self.clock = clock
        self.settings = settings
    }

    /// Paths being watched and not yet taken or given up.
    public var pending: [String] { entries.keys.sorted() }

    /// Looks at the file at `path` now (`lstat`, and once stable its first and last bytes).
    public mutating func observe(_ path: String) -> Verdict {
        observe(path, snapshot: FileSnapshot.take(path))
    }

    /// Records `snapshot` (nil: the file is gone) for `path` and says whether it may be taken.
    public mutating func observe(_ path: String, snapshot: FileSnapshot?) -> Verdict {
        guard let snapshot else {
            entries[path] = nil
            return .gone
        }
        let now = clock.now
        guard snapshot.kind == .regular else {
            entries[path] = nil
            return .failed(
                reason:
                    "not a regular file (a symbolic link, folder, FIFO or device); only plain files are read."
            )
        }
        guard var entry = entries[path], entry.snapshot == snapshot else {
            entries[path] = Entry(snapshot: snapshot, unchangedSince: now, completeness: nil)
            return .waiting(reason: "changing")
        }
        let unchanged = entry.unchangedSince.duration(to: now)
        guard unchanged >= settings.settle else { return .waiting(reason: "settling") }
        if snapshot.size == 0 {
            if unchanged >= settings.incompleteWait {
                entries[path] = nil
                return .failed(
                    reason: "the file is empty (0 bytes) and stayed empty for \(Self.seconds(unchanged)) s. "
                        + "Check the scanner or copy job that wrote it, then drop the file again.")
            }
            return .waiting(reason: "empty")
        }
        // Read the end marker once per unchanged snapshot, not on every tick.
        let completeness = entry.completeness ?? FileCompleteness.check(path: path)
        entry.completeness = completeness
        entries[path] = entry
        switch completeness {
        case .complete, .unknown:
            return .ready(snapshot)
        case .incomplete(let format, let missing):
            if unchanged >= settings.incompleteWait {
                entries[path] = nil
                return .failed(
                    reason:
                        "incomplete \(format) file: the \(missing) is missing and the file did not change for "
                        + "\(Self.seconds(unchanged)) s (truncated, or the copy was interrupted). "
                        + "Copy the file again; if it came from a scanner, scan the card again.")
            }
            return .waiting(reason: "incomplete \(format): no \(missing) yet")
        }
    }

    /// Starts the settle wait for `path` again (after a transient read error or a change while read).
    public mutating func restart(_ path: String) {
        if let snapshot = FileSnapshot.take(path) {
            entries[path] = Entry(snapshot: snapshot, unchangedSince: clock.now, completeness: nil)
        } else {
            entries[path] = nil
        }
    }

    /// Stops tracking `path` (it was taken, moved or deleted).
    public mutating func forget(_ path: String) {
        entries[path] = nil
    }

    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f", Double(seconds) + Double(attoseconds) / 1e18)
    }
}
