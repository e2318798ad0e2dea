import ArgumentParser
import CardIngest
import CardStore
import Dispatch
import Foundation
import Logging

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch a scanner drop folder and queue every card dropped into it.",
        discussion: """
            Takes each file in DIR once it is stable (size and modification time unchanged for \
            --settle seconds) and complete (JPEG, PNG, PDF, TIFF, WebP and BMP end markers), queues \
            its cards for review, then moves it to DIR/processed/; a file that cannot be read goes \
            to DIR/failed/ with a <name>.error.txt giving the reason. Hidden and temporary files \
            (.*, ._*, *.part, *.tmp, *~, *.crdownload) are left alone. The folder is listed at \
            start and every --rescan seconds; inotify, where available, makes new files noticed \
            sooner (--poll turns it off, for network shares). The store is written before a file \
            is moved, so a crash or restart never loses or doubles a card. SIGTERM or SIGINT \
            stops after the cards in flight. Logs (stderr) name each file and what happened to \
            it, never what is on the card. With a PostgreSQL store (--db postgres://...), several \
            stations may watch one shared folder: each file is claimed in the database by one \
            watcher (with a lease: a watcher that dies loses its file after --claim-seconds).
            """)

    @Argument(help: ArgumentHelp("The drop folder.", valueName: "dir"))
    var folder: String

    @Flag(
        help:
            "Process the files that are there (waiting for them to settle), then exit; status 1 if any failed."
    )
    var once = false

    @Flag(help: "List the folder on every poll instead of relying on inotify (network shares).")
    var poll = false

    @Option(
        help: ArgumentHelp(
            "Seconds a file's size and mtime must stay unchanged before it is taken.", valueName: "seconds"))
    var settle: Double = 2

    @Option(help: ArgumentHelp("Seconds between full listings of the folder.", valueName: "seconds"))
    var rescan: Double = 30

    @Option(
        name: .customLong("incomplete-wait"),
        help: ArgumentHelp(
            "Seconds an empty or incomplete (truncated) file may stay unchanged before it fails (default: 10 x --settle).",
            valueName: "seconds"))
    var incompleteWait: Double?

    @Option(
        name: .customLong("folder-id"),
        help: ArgumentHelp(
            "With a PostgreSQL store: the name all stations give this shared folder (default: its absolute path).",
            valueName: "name"))
    var folderID: String?

    @Option(
        name: .customLong("claim-seconds"),
        help: ArgumentHelp(
            "With a PostgreSQL store: how long a file stays this watcher's before another station may take it.",
            valueName: "seconds"))
    var claimSeconds: Double = 600

    @OptionGroup(title: "Reading")
    var ocr: OCROptionGroup

    @OptionGroup(title: "Context")
    var context: CardContextOptions

    @OptionGroup(title: "Store")
    var store: StoreOptions

    @Flag(name: .long, help: "Log debugging detail (stderr; file names and states, never card contents).")
    var debug = false

    func validate() throws {
        guard settle.isFinite, settle >= 0 else {
            throw ValidationError("--settle must be 0 or more seconds.")
        }
        guard rescan.isFinite, rescan > 0 else {
            throw ValidationError("--rescan must be more than 0 seconds.")
        }
        guard claimSeconds.isFinite, claimSeconds > 0 else {
            throw ValidationError("--claim-seconds must be more than 0.")
        }
        if let incompleteWait {
            guard incompleteWait.isFinite, incompleteWait >= 0 else {
                throw ValidationError("--incomplete-wait must be 0 or more seconds.")
            }
        }
    }

    func run() throws {
        // A service logs what happens to each file by default (info); --debug adds the waits.
        var logger = Logger(label: "cardscan.watch") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = debug ? .debug : .info
        // The pipeline and writer log per file too; the watcher's own line says it all at info.
        var quiet = logger
        quiet.logLevel = debug ? .debug : .notice

        guard FileSnapshot.take(folder) != nil else {
            printError("\(IngestError.dropFolderUnusable(folder, reason: "it does not exist"))")
            throw ExitCode.notFound
        }
        let writer = QueueWriter(store: try store.open(), logger: quiet, note: context.note, event: context.event)
        var configuration = DropFolderWatcher<ContinuousClock>.Configuration(
            settle: .milliseconds(Int64(settle * 1000)),
            incompleteWait: incompleteWait.map { .milliseconds(Int64($0 * 1000)) },
            rescanInterval: .milliseconds(Int64(rescan * 1000)), forcePolling: poll, jobs: ocr.jobs)
        // Test-only: block between the store commit and the move so a test can kill -9 right there.
        configuration.sharedFolderID = folderID
        configuration.claimLease = claimSeconds
        configuration.pauseBeforeMove = ProcessInfo.processInfo.environment["CARDSCAN_TEST_PAUSE_BEFORE_MOVE"]
            .flatMap(Double.init)
        let watcher: DropFolderWatcher<ContinuousClock>
        do {
            watcher = try DropFolderWatcher(
                folder: folder, pipeline: PipelineFactory.make(ocr: ocr, logger: quiet), writer: writer,
                logger: logger, clock: ContinuousClock(), configuration: configuration)
        } catch {
            printError("\(error)")
            throw ExitCode.environment
        }
        let signals = SignalStop(stop: watcher.stop, logger: logger)
        let once = self.once
        let finished = RunResult()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                let summary = try await watcher.run(once: once) { outcome in
                    if once { output(Self.line(outcome)) }
                }
                finished.set(.success(summary))
            } catch {
                finished.set(.failure(error))
            }
            done.signal()
        }
        done.wait()
        withExtendedLifetime(signals) {}
        switch finished.value {
        case .success(let summary)?:
            StandardError.line(
                "\(summary.queued) queued, \(summary.duplicates) duplicate\(summary.duplicates == 1 ? "" : "s"), "
                    + "\(summary.failed) failed")
            if once && summary.failed > 0 { throw ExitCode.someInputsFailed }
        case .failure(let error as StoreError)?:
            printError(error.description)
            printError(
                "The watcher stopped: the store cannot be written. Files not yet moved stay in the drop folder; restart the watcher to finish them."
            )
            throw ExitCode(exitStatus(for: error))
        case .failure(let error)?:
            printError("\(error)")
            throw ExitCode.environment
        case nil:
            throw ExitCode.internalError
        }
    }

    /// One result line on stdout for `--once`: state, scan, destination (tab-separated).
    static func line(_ outcome: DropFolderWatcher<ContinuousClock>.Outcome) -> String {
        let scan = outcome.scanID.map { "scan \($0)" } ?? "-"
        return "\(outcome.state.rawValue)\t\(scan)\t\(outcome.destination)"
    }
}

/// The watcher's result, handed from its task to the waiting main thread.
private final class RunResult: @unchecked Sendable {
    // Unchecked: `result` is written once by the task before `done.signal()` and read after `done.wait()`,
    // both under `lock`.
    private let lock = NSLock()
    private var result: Result<DropFolderWatcher<ContinuousClock>.Summary, any Error>?

    func set(_ value: Result<DropFolderWatcher<ContinuousClock>.Summary, any Error>) {
        lock.lock()
        result = value
        lock.unlock()
    }

    var value: Result<DropFolderWatcher<ContinuousClock>.Summary, any Error>? {
        lock.lock()
        defer { lock.unlock() }
        return result
    }
}

/// SIGTERM and SIGINT: the first asks the watcher to stop after the cards in flight; a second one
/// exits at once (safe: the store is always written before a file is moved).
private final class SignalStop {
    private let sources: [any DispatchSourceSignal]

    init(stop: WatcherStop, logger: Logger) {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            // The default action would kill the process mid-card; the dispatch source sees the signal instead.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if stop.isRequested {
                    logger.notice("second signal: exiting now", metadata: ["signal": "\(number)"])
                    exit(128 + number)
                }
                logger.notice(
                    "signal received: stopping after the cards in flight", metadata: ["signal": "\(number)"])
                stop.request()
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
