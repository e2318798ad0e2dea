import CardModel
import CardStore
import Foundation
import Logging

/// A stop request that a signal handler (any thread) can raise and the watcher polls.
public final class WatcherStop: @unchecked Sendable {
    // Unchecked: `requested` is read and written only while `lock` is held.
    private let lock = NSLock()
    private var requested = false

    /// Creates a stop request that has not been raised.
    public init() {}

    /// Asks the watcher to stop once the cards in flight are stored and moved.
    public func request() {
        lock.lock()
        requested = true
        lock.unlock()
    }

    /// True once `request()` was called.
    public var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }
}

/// Watches a drop folder: takes each file once it is stable and complete, queues its cards in the
/// store, then moves it to `processed/` (or to `failed/` with a `.error.txt` saying why).
///
/// Exactly once, across crashes: the store commit happens before the move, and the pipeline's
/// preflight turns bytes the store already holds into a duplicate that skips OCR, so a file found
/// again after a crash between commit and move is simply moved to `processed/`. The folder is
/// listed at start and on every rescan; inotify, where available, only makes a listing come
/// sooner. See `Watcher.md` for the design.
///
/// Not thread-safe: one task calls `tick()` or `run(once:onOutcome:)`. `stop` may be raised from
/// anywhere.
public final class DropFolderWatcher<C: Clock> where C.Duration == Duration {
    /// How the watcher waits, rescans and batches.
    public struct Configuration: Sendable {
        /// Size and mtime must stay unchanged this long before a file is taken.
        public var settle: Duration
        /// A stable file that is still empty or incomplete fails after this long (default 10 x settle).
        public var incompleteWait: Duration?
        /// Full listing of the folder at least this often, whatever inotify says.
        public var rescanInterval: Duration
        /// Time between two looks at the pending files (and, when polling, two listings).
        public var pollInterval: Duration
        /// List the folder on every poll instead of waiting for inotify (network shares).
        public var forcePolling: Bool
        /// Files read at once (the pipeline's worker count): at most this many are in flight.
        public var jobs: Int
        /// Reads of a file that cannot be read before it fails (transient errors are retried).
        public var maxAttempts: Int
        /// Test-only fault injection: seconds to block between the store commit and the move, so a
        /// crash test can kill the process exactly there. Nil in production.
        public var pauseBeforeMove: Double?
        /// With a shared store: the name every station uses for this drop folder (default: its
        /// absolute path, which must then be the same mount point on every station).
        public var sharedFolderID: String?
        /// With a shared store: how long a file stays this watcher's; a watcher that dies mid-file
        /// loses it after this and another takes it.
        public var claimLease: TimeInterval = 600

        /// The defaults: 2 s settle, 30 s rescan, inotify where available, one file at a time, 3 reads.
        public init(
            settle: Duration = .seconds(2), incompleteWait: Duration? = nil,
            rescanInterval: Duration = .seconds(30),
            pollInterval: Duration? = nil, forcePolling: Bool = false, jobs: Int = 1, maxAttempts: Int = 3
        ) {
            self.settle = settle
            self.incompleteWait = incompleteWait
            self.rescanInterval = rescanInterval
            // A quarter of the settle time keeps the pick-up delay near `settle`, capped so a long
            // settle time still notices new files within half a second.
            self.pollInterval = pollInterval ?? max(.milliseconds(10), min(.milliseconds(500), settle / 4))
            self.forcePolling = forcePolling
            self.jobs = max(1, jobs)
            self.maxAttempts = max(1, maxAttempts)
        }
    }

    /// Where a file ended.
    public enum State: String, Sendable, Hashable {
        /// Its cards were queued for review; the original is in `processed/`.
        case queued
        /// The store already holds these bytes (a second copy, or a restart after a crash); in `processed/`.
        case duplicate
        /// It could not be processed; it is in `failed/` with a `.error.txt` beside it.
        case failed
    }

    /// What happened to one file.
    public struct Outcome: Sendable, Hashable {
        /// The file's name in the drop folder.
        public var name: String
        /// Where it ended.
        public var state: State
        /// The scan holding its cards (queued, duplicate).
        public var scanID: Int64?
        /// Candidates queued for review from it.
        public var cards: Int
        /// Where the original went, relative to the drop folder (`processed/x.jpg`).
        public var destination: String
        /// Why it failed.
        public var reason: String?
    }

    /// Counts over a run.
    public struct Summary: Sendable, Hashable {
        /// Files whose cards were queued.
        public var queued = 0
        /// Files whose bytes the store already held.
        public var duplicates = 0
        /// Files moved to `failed/`.
        public var failed = 0

        /// All counts zero.
        public init() {}

        mutating func add(_ outcome: Outcome) {
            switch outcome.state {
            case .queued: queued += 1
            case .duplicate: duplicates += 1
            case .failed: failed += 1
            }
        }
    }

    /// Raise to stop after the files in flight (SIGTERM, SIGINT).
    public let stop = WatcherStop()
    /// The drop folder (absolute, standardized).
    public var folderPath: String { folder.path }
    /// True when inotify hints are in use; false when polling only.
    public var usesInotify: Bool { events != nil }
    /// Files seen and not yet taken (still settling, incomplete, or waiting for a retry).
    public var pending: [String] { tracker.pending }

    private let folder: DropFolder
    private let pipeline: ScanPipeline
    private let writer: QueueWriter
    private let logger: Logger
    private let clock: C
    private let configuration: Configuration
    private var tracker: StabilityTracker<C>
    private let events: FolderEvents?
    private var nextRescan: C.Instant?
    private var attempts: [String: Int] = [:]
    /// Files whose last read failed: not tried again before this instant (backoff).
    private var retryAt: [String: C.Instant] = [:]
    private var ignoredNames: Set<String> = []
    /// Set when the store is shared: the folder's ID and this watcher's name in file claims.
    private let sharing: (folderID: String, holder: String)?
    /// Names of the files this watcher holds a claim on (renewed by the heartbeat while they wait
    /// for their batch and while they are read).
    private let held = HeldClaims()

    /// Opens the drop folder (creating `processed/` and `failed/`) and takes its lock.
    ///
    /// - Throws: ``IngestError/dropFolderUnusable(_:reason:)`` or
    ///   ``IngestError/watcherAlreadyRunning(_:)`` (another watcher holds the folder).
    public init(
        folder path: String, pipeline: ScanPipeline, writer: QueueWriter, logger: Logger, clock: C,
        configuration: Configuration = Configuration()
    ) throws(IngestError) {
        // A shared store splits the folder's files between the watchers of several stations by
        // claims in the database; a store on one machine keeps the one-watcher flock.
        folder = try DropFolder(path: path, exclusive: !writer.sharesWork)
        if writer.sharesWork {
            let host = ProcessInfo.processInfo.hostName
            sharing = (
                configuration.sharedFolderID ?? folder.path,
                "\(host):\(getpid()):\(UUID().uuidString.prefix(8))"
            )
        } else {
            sharing = nil
        }
        self.pipeline = pipeline
        self.writer = writer
        self.logger = logger
        self.clock = clock
        self.configuration = configuration
        tracker = StabilityTracker(
            clock: clock,
            settings: .init(settle: configuration.settle, incompleteWait: configuration.incompleteWait))
        events = configuration.forcePolling ? nil : FolderEvents(path: folder.path)
    }

    // MARK: - Running

    /// Runs until stopped (or, with `once`, until every file present has ended in one state).
    ///
    /// - Parameter onOutcome: called for each file as it ends, on the watcher's task.
    /// - Throws: when the store cannot be written, a file cannot be moved, or no OCR engine can be
    ///   created: problems no retry can fix, for the service manager to report and restart.
    @discardableResult
    public func run(once: Bool = false, onOutcome: (Outcome) -> Void = { _ in }) async throws -> Summary {
        var summary = Summary()
        logger.info(
            "watching drop folder",
            metadata: [
                "folder.path": "\(folder.path)",
                "watch.mode": "\(usesInotify ? "inotify+rescan" : "polling")",
                "watch.settle_seconds": "\(Self.seconds(configuration.settle))",
                "watch.rescan_seconds": "\(Self.seconds(configuration.rescanInterval))",
            ])
        while !stop.isRequested {
            for outcome in try await tick(listAll: once) {
                summary.add(outcome)
                onOutcome(outcome)
            }
            if once && tracker.pending.isEmpty { break }
            if stop.isRequested { break }
            try await clock.sleep(for: configuration.pollInterval)
        }
        logger.info(
            "watcher stopped",
            metadata: [
                "files.queued": "\(summary.queued)", "files.duplicate": "\(summary.duplicates)",
                "files.failed": "\(summary.failed)", "files.pending": "\(tracker.pending.count)",
            ])
        return summary
    }

    /// One pass: looks at the folder (or only at the pending files), then processes, stores and
    /// moves every file that is ready; returns what happened to each file that ended.
    ///
    /// - Parameter listAll: list the folder even when no rescan is due and inotify reported nothing.
    public func tick(listAll: Bool = false) async throws -> [Outcome] {
        let now = clock.now
        var list = listAll || events == nil || nextRescan.map { now >= $0 } ?? true
        if let events, events.drain() { list = true }
        var paths = tracker.pending
        if list {
            nextRescan = now.advanced(by: configuration.rescanInterval)
            paths = Array(Set(paths).union(listFolder())).sorted()
        }
        var outcomes: [Outcome] = []
        var ready: [(path: String, snapshot: FileSnapshot)] = []
        for path in paths {
            let snapshot = FileSnapshot.take(path)
            if snapshot?.kind == .directory {
                tracker.forget(path)
                noteIgnored(
                    (path as NSString).lastPathComponent,
                    reason: "subfolder (only files directly in the drop folder are read)")
                continue
            }
            switch tracker.observe(path, snapshot: snapshot) {
            case .ready(let snapshot):
                if let due = retryAt[path], now < due { continue }
                guard try claim(path, snapshot: snapshot) else { continue }
                ready.append((path, snapshot))
            case .waiting(let reason):
                logger.trace(
                    "waiting",
                    metadata: ["file.name": "\((path as NSString).lastPathComponent)", "reason": "\(reason)"])
            case .failed(let reason):
                guard try claim(path, snapshot: snapshot) else { continue }
                defer { release(path) }
                if let outcome = try giveUp(path, snapshot: snapshot, reason: reason) { outcomes.append(outcome) }
            case .gone:
                attempts[path] = nil
                retryAt[path] = nil
            }
        }
        // Oldest first, so a burst is handled in the order it arrived.
        ready.sort { ($0.snapshot.modifiedNanoseconds, $0.path) < ($1.snapshot.modifiedNanoseconds, $1.path) }
        // Reading a file (a 50-page PDF, a slow machine) or waiting for its batch may take longer
        // than the lease: renew every claim held at a third of the lease until this pass ends.
        let heartbeat = ready.isEmpty ? nil : startHeartbeat()
        defer { heartbeat?.stop() }
        var start = 0
        while start < ready.count, !stop.isRequested {
            let batch = Array(ready[start..<min(ready.count, start + configuration.jobs)])
            start += batch.count
            let results: [FileResult]
            do {
                results = try await recognize(batch.map(\.path))
            } catch {
                for taken in batch { release(taken.path) }
                throw error
            }
            for (result, taken) in zip(results, batch) {
                defer { release(taken.path) }
                if let outcome = try finish(result, taken: taken.snapshot) { outcomes.append(outcome) }
            }
        }
        // Claimed but not reached (stop requested): give them back.
        for taken in ready[start...] { release(taken.path) }
        return outcomes
    }

    // MARK: - Sharing a folder between stations

    /// With a shared store, claims the file for this watcher; true when it is ours and still the
    /// same file (another watcher may have moved it away just before we claimed it).
    private func claim(_ path: String, snapshot: FileSnapshot?) throws -> Bool {
        guard let sharing else { return true }
        let name = (path as NSString).lastPathComponent
        guard
            try writer.claimFile(
                folder: sharing.folderID, name: name, holder: sharing.holder, lease: configuration.claimLease)
        else {
            logger.trace("another station holds the file", metadata: ["file.name": "\(name)"])
            return false
        }
        held.insert(name)
        guard FileSnapshot.take(path) == snapshot else {
            release(path)
            if FileSnapshot.take(path) == nil { tracker.forget(path) }
            return false
        }
        return true
    }

    private func release(_ path: String) {
        guard let sharing else { return }
        let name = (path as NSString).lastPathComponent
        held.remove(name)
        writer.releaseFile(folder: sharing.folderID, name: name, holder: sharing.holder)
    }

    /// This watcher's claim on a file of a shared folder (nil with a store on one machine).
    private func fileClaim(_ path: String) -> FileClaim? {
        sharing.map {
            FileClaim(
                folder: $0.folderID, name: (path as NSString).lastPathComponent, holder: $0.holder,
                lease: configuration.claimLease)
        }
    }

    /// Renews the claims in `held` every third of the lease, on a thread of its own.
    private func startHeartbeat() -> ClaimHeartbeat? {
        guard let sharing else { return nil }
        let (writer, held, logger, lease) = (self.writer, self.held, self.logger, configuration.claimLease)
        return ClaimHeartbeat(interval: ClaimHeartbeat.interval(forLease: lease)) {
            for name in held.names {
                let claim = FileClaim(folder: sharing.folderID, name: name, holder: sharing.holder, lease: lease)
                do {
                    if try !writer.renewFileClaim(claim) {
                        logger.warning(
                            "the claim on a file lapsed before it was renewed; another station may take it",
                            metadata: ["file.name": "\(name)"])
                    }
                } catch {
                    // The store's own check at the end still refuses a second copy.
                    logger.warning("cannot renew a file claim", metadata: ["file.name": "\(name)", "reason": "\(error)"])
                }
            }
        }
    }

    /// Logs that another station took the file while this watcher read it; the file settles again
    /// here (the other station moves it away, or, if that one dies too, its lease ends).
    private func claimLost(_ path: String, logger: Logger) {
        tracker.restart(path)
        attempts[path] = nil
        retryAt[path] = nil
        logger.warning(
            """
            another station took the file while this watcher read it (the claim's lease ended); nothing stored \
            or moved here: the other station stores it. Raise --claim-seconds if reading takes longer.
            """)
    }

    // MARK: - Steps

    /// The names directly in the folder that the rules do not ignore, as paths.
    private func listFolder() -> [String] {
        // Names as bytes, in display form: a name that is not UTF-8 (`Ren\xe9e.png` from an old
        // scanner) is seen and processed like any other (issue 11, item 2).
        guard let names = PathBytes.listFolder(folder.path) else {
            // A share that blinks: keep the pending files, the next listing tries again.
            logger.warning(
                "cannot list the drop folder",
                metadata: ["folder.path": "\(folder.path)", "reason": "\(String(cString: strerror(errno)))"])
            return []
        }
        // Forget ignored names that went away, so a new file of that name is logged again.
        ignoredNames.formIntersection(names)
        var paths: [String] = []
        for name in names {
            if let reason = DropFolderRules.ignoreReason(forName: name) {
                noteIgnored(name, reason: reason)
            } else {
                paths.append(folder.path + "/" + name)
            }
        }
        return paths
    }

    private func noteIgnored(_ name: String, reason: String) {
        guard !ignoredNames.contains(name) else { return }
        ignoredNames.insert(name)
        if name != DropFolderRules.processedFolder && name != DropFolderRules.failedFolder {
            logger.debug("ignored", metadata: ["file.name": "\(name)", "reason": "\(reason)"])
        }
    }

    /// Runs the pipeline on `paths` on a thread of its own (OCR blocks; the task only awaits).
    private func recognize(_ paths: [String]) async throws -> [FileResult] {
        let pipeline = self.pipeline
        let preflight = writer.preflight
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                var results: [FileResult] = []
                do {
                    try pipeline.run(files: paths, preflight: preflight) { results.append($0) }
                    continuation.resume(returning: results)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    /// Stores one pipeline result, then moves the file; nil when the file is to be tried again.
    private func finish(_ result: FileResult, taken: FileSnapshot) throws -> Outcome? {
        let path = result.path
        let name = (path as NSString).lastPathComponent
        var logger = self.logger
        logger[metadataKey: "file.name"] = "\(name)"
        guard let current = FileSnapshot.take(path) else {
            tracker.forget(path)
            attempts[path] = nil
            retryAt[path] = nil
            logger.info("file removed before it was stored; nothing recorded")
            return nil
        }
        guard current == taken else {
            // Bytes read may not be the bytes now there: never store or move a file mid-change.
            tracker.restart(path)
            logger.info("file changed while it was read; waiting for it to settle again")
            return nil
        }
        if case .failed = result.status, result.retryable {
            let attempt = attempts[path, default: 0] + 1
            if attempt < configuration.maxAttempts {
                attempts[path] = attempt
                tracker.restart(path)
                // Back off: settle x 2, x 4, ... so a share or lock that blinks has time to recover.
                let delay = configuration.settle * (1 << attempt)
                retryAt[path] = clock.now.advanced(by: delay)
                logger.info(
                    "cannot read the file yet; will try again",
                    metadata: [
                        "attempt": "\(attempt)", "attempts.max": "\(configuration.maxAttempts)",
                        "retry.seconds": "\(Self.seconds(delay))",
                    ])
                return nil
            }
        }
        // Commit first, then move: a crash in between leaves a file whose bytes the store holds,
        // which the preflight turns into a duplicate on the next run. With a shared folder the
        // store writes only while the claim is still ours (checked in its transaction), and a
        // duplicate is moved only while it is: a watcher whose claim lapsed stores and moves nothing.
        let claim = fileClaim(path)
        let stored: FileResult
        do {
            stored = try writer.persist(result, claim: claim)
            if let claim, case .duplicate = stored.status, try !writer.renewFileClaim(claim) {
                throw StoreError.fileClaimLost(name: claim.name)
            }
        } catch StoreError.fileClaimLost {
            claimLost(path, logger: logger)
            return nil
        }
        attempts[path] = nil
        retryAt[path] = nil
        tracker.forget(path)
        if let pause = configuration.pauseBeforeMove {
            logger.info("committed; pausing before the move (test fault injection)")
            Thread.sleep(forTimeInterval: pause)
        }
        let outcome: Outcome
        switch stored.status {
        case .queued(let scanID, let candidateIDs):
            outcome = Outcome(
                name: name, state: .queued, scanID: scanID, cards: candidateIDs.count,
                destination: try folder.moveToProcessed(name), reason: nil)
        case .duplicate(let scanID):
            outcome = Outcome(
                name: name, state: .duplicate, scanID: scanID, cards: 0,
                destination: try folder.moveToProcessed(name), reason: nil)
        case .failed(let reason):
            outcome = Outcome(
                name: name, state: .failed, scanID: nil, cards: 0,
                destination: try folder.moveToFailed(name, reason: reason), reason: reason)
        case .recognized:
            // persist() leaves `.recognized` only for a result without a content hash, which the
            // pipeline never produces for a file it read; fail it visibly rather than lose it.
            let reason =
                "\(path): the result could not be stored (no content hash). This is a bug; please report it."
            _ = try writer.persist(
                FileResult(
                    inputIndex: 0, path: path, contentHash: nil, cards: [], status: .failed(reason: reason)))
            outcome = Outcome(
                name: name, state: .failed, scanID: nil, cards: 0,
                destination: try folder.moveToFailed(name, reason: reason), reason: reason)
        }
        log(outcome, modified: taken.modified, logger: logger)
        return outcome
    }

    /// Records a file the tracker gave up on (empty, incomplete, not a regular file) and moves it to
    /// `failed/`; nil when another station took the file meanwhile.
    private func giveUp(_ path: String, snapshot: FileSnapshot?, reason: String) throws -> Outcome? {
        let name = (path as NSString).lastPathComponent
        var logger = self.logger
        logger[metadataKey: "file.name"] = "\(name)"
        attempts[path] = nil
        retryAt[path] = nil
        // Hash only a regular, non-empty file: all empty files share one hash, and a link is never followed.
        let hash: String? =
            snapshot.map { $0.kind == .regular && $0.size > 0 } == true
            ? try? ContentHash.sha256(of: URL(fileURLWithPath: path)) : nil
        let fullReason = "\(path): \(reason)"
        do {
            _ = try writer.persist(
                FileResult(
                    inputIndex: 0, path: path, contentHash: hash, cards: [], status: .failed(reason: fullReason)),
                claim: fileClaim(path))
        } catch StoreError.fileClaimLost {
            claimLost(path, logger: logger)
            return nil
        }
        let outcome = Outcome(
            name: name, state: .failed, scanID: nil, cards: 0,
            destination: try folder.moveToFailed(name, reason: fullReason), reason: fullReason)
        log(outcome, modified: snapshot?.modified, logger: logger)
        return outcome
    }

    private func log(_ outcome: Outcome, modified: Date?, logger: Logger) {
        var metadata: Logger.Metadata = [
            "file.state": "\(outcome.state.rawValue)", "file.destination": "\(outcome.destination)",
        ]
        if let scanID = outcome.scanID { metadata["scan.id"] = "\(scanID)" }
        if outcome.state == .queued { metadata["scan.cards"] = "\(outcome.cards)" }
        if let modified {
            // Pick-up latency: last write of the file -> stored and moved (wall clock, as the mtime is).
            metadata["pickup.seconds"] = "\(String(format: "%.2f", Date().timeIntervalSince(modified)))"
        }
        if let reason = outcome.reason { metadata["reason"] = "\(reason)" }
        logger.info("file \(outcome.state.rawValue)", metadata: metadata)
    }

    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%g", Double(seconds) + Double(attoseconds) / 1e18)
    }
}

/// The names of the files a watcher holds claims on, shared with its heartbeat thread.
final class HeldClaims: @unchecked Sendable {
    // Unchecked: `set` is read and written only while `lock` is held.
    private let lock = NSLock()
    private var set: Set<String> = []

    func insert(_ name: String) { lock.withLock { _ = set.insert(name) } }
    func remove(_ name: String) { lock.withLock { _ = set.remove(name) } }
    var names: [String] { lock.withLock { set.sorted() } }
}
