import CardExtraction
import CardModel
import CardOCR
import CardPhone
import CardStore
import CardTestSupport
import Foundation
import Logging
import Testing

@testable import CardIngest

/// The watcher on a real folder and a real SQLite store, with a fake recognizer and a test clock:
/// every wait is a clock advance, not a sleep.
struct DropFolderWatcherTests {
    final class Fixture {
        let drop: TemporaryDirectory
        let storeDir: TemporaryDirectory
        let store: SQLiteCardStore
        let clock = TestClock()
        let watcher: DropFolderWatcher<TestClock>

        init(
            jobs: Int = 1, maxAttempts: Int = 3, forcePolling: Bool = true,
            recognizer: @escaping @Sendable () -> any TextRecognizer = {
                FakeRecognizer(defaultText: "Jane Doe\nAcme GmbH\njane@acme.example")
            }
        ) throws {
            drop = try TemporaryDirectory()
            storeDir = try TemporaryDirectory()
            store = try SQLiteCardStore(
                url: storeDir.url.appendingPathComponent("cards.sqlite"), logger: Logger(label: "test"))
            let pipeline = ScanPipeline(
                options: .init(jobs: jobs), extractor: FieldExtractor(phoneNumbers: LibPhoneNumber()),
                logger: Logger(label: "test")
            ) { _ in recognizer() }
            watcher = try DropFolderWatcher(
                folder: drop.url.path, pipeline: pipeline,
                writer: QueueWriter(store: store, logger: Logger(label: "test")),
                logger: Logger(label: "test"), clock: clock,
                configuration: .init(
                    settle: .seconds(2), incompleteWait: .seconds(20), rescanInterval: .seconds(30),
                    forcePolling: forcePolling,
                    jobs: jobs, maxAttempts: maxAttempts))
        }

        func contents(_ sub: String = "") throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: drop.url.appendingPathComponent(sub).path)
                .sorted()
        }

        func image(_ name: String, _ payload: String = "card") throws {
            try drop.write(Data(jpegHead + Array(payload.utf8) + jpegEnd), to: name)
        }
    }

    @Test("a new file is taken only after the settle time, then queued and moved to processed/")
    func settleThenQueue() async throws {
        let f = try Fixture()
        try f.image("card one.jpg")
        #expect(try await f.watcher.tick().isEmpty)
        f.clock.advance(by: .seconds(1))
        #expect(try await f.watcher.tick().isEmpty)
        f.clock.advance(by: .seconds(1))
        let outcomes = try await f.watcher.tick()
        #expect(outcomes.map(\.state) == [.queued])
        #expect(outcomes.first?.destination == "processed/card one.jpg")
        #expect(try f.contents("processed") == ["card one.jpg"])
        #expect(try f.contents() == ["failed", "processed"])
        #expect(try f.store.candidates(status: [.pending], limit: nil).count == 1)
    }

    @Test("with inotify a file created between rescans is noticed at the next tick, not at the next rescan")
    func inotifyHint() async throws {
        let f = try Fixture(forcePolling: false)
        #expect(f.watcher.usesInotify)
        #expect(try await f.watcher.tick().isEmpty)
        try f.image("new.jpg")
        _ = try await f.watcher.tick()
        #expect(f.watcher.pending.count == 1)
        f.clock.advance(by: .seconds(2))
        #expect(try await f.watcher.tick().map(\.state) == [.queued])
    }

    @Test("polling alone notices a new file at the next tick")
    func pollingAlone() async throws {
        let f = try Fixture(forcePolling: true)
        #expect(!f.watcher.usesInotify)
        _ = try await f.watcher.tick()
        try f.image("new.jpg")
        _ = try await f.watcher.tick()
        #expect(f.watcher.pending.count == 1)
    }

    @Test("bytes already queued (a crash between commit and move) are moved to processed/ without OCR")
    func restartAfterCommitBeforeMove() async throws {
        // A recognizer that fails every file: reaching OCR would end in failed/.
        let f = try Fixture(recognizer: { FakeRecognizer() })
        try f.image("card.jpg")
        let url = f.drop.url.appendingPathComponent("card.jpg")
        let hash = try ContentHash.sha256(of: url)
        guard
            case .queued(let scanID, _) = try f.store.enqueue(
                NewScan(sourcePath: url.path, contentHash: hash, sourceFile: url, candidates: []))
        else {
            Issue.record("setup: expected a queued scan")
            return
        }
        _ = try await f.watcher.tick()
        f.clock.advance(by: .seconds(2))
        let outcomes = try await f.watcher.tick()
        #expect(outcomes.map(\.state) == [.duplicate])
        #expect(outcomes.first?.scanID == scanID)
        #expect(try f.contents("processed") == ["card.jpg"])
    }

    @Test(
        "the same bytes under two names: one queued, one duplicate, both in processed/, one scan in the store"
    )
    func sameBytesTwice() async throws {
        let f = try Fixture(jobs: 2)
        try f.image("a.jpg", "same")
        try f.image("b copy.jpg", "same")
        _ = try await f.watcher.tick()
        f.clock.advance(by: .seconds(2))
        let outcomes = try await f.watcher.tick()
        #expect(Set(outcomes.map(\.state)) == [.queued, .duplicate])
        #expect(try f.contents("processed") == ["a.jpg", "b copy.jpg"])
        #expect(try f.store.candidates(status: [.pending], limit: nil).count == 1)
    }

    @Test("a name already in processed/ gets a suffix; nothing is overwritten")
    func nameClash() async throws {
        let f = try Fixture()
        try f.drop.write(Data("earlier file".utf8), to: "processed/card.jpg")
        try f.image("card.jpg", "new")
        _ = try await f.watcher.tick()
        f.clock.advance(by: .seconds(2))
        let outcomes = try await f.watcher.tick()
        #expect(outcomes.first?.destination == "processed/card-2.jpg")
        #expect(
            try String(contentsOf: f.drop.url.appendingPathComponent("processed/card.jpg"), encoding: .utf8)
                == "earlier file")
    }

    @Test(
        "a recognizer failure ends in failed/ with a .error.txt naming the reason, and is recorded in the store"
    )
    func failureGoesToFailed() async throws {
        let f = try Fixture(recognizer: {
            FakeRecognizer(
                errors: ["bad.jpg": OCRError.unsupportedFormat(path: "bad.jpg", detected: .text)],
                defaultText: "Jane Doe")
        })
        try f.image("bad.jpg")
        _ = try await f.watcher.tick()
        f.clock.advance(by: .seconds(2))
        let outcomes = try await f.watcher.tick()
        #expect(outcomes.map(\.state) == [.failed])
        #expect(try f.contents("failed") == ["bad.jpg", "bad.jpg.error.txt"])
        let note = try String(
            contentsOf: f.drop.url.appendingPathComponent("failed/bad.jpg.error.txt"), encoding: .utf8)
        #expect(note.contains("file: bad.jpg"))
        #expect(note.contains("reason: "))
        #expect(try f.store.failures().count == 1)
    }

    @Test("an empty file fails as empty after the incomplete wait; the watcher goes on with the next file")
    func emptyFails() async throws {
        let f = try Fixture()
        try f.drop.write(Data(), to: "empty.jpg")
        try f.image("good.jpg")
        _ = try await f.watcher.tick()
        f.clock.advance(by: .seconds(2))
        #expect(try await f.watcher.tick().map(\.name) == ["good.jpg"])
        f.clock.advance(by: .seconds(18))
        let outcomes = try await f.watcher.tick()
        #expect(outcomes.map(\.name) == ["empty.jpg"])
        #expect(outcomes.first?.reason?.contains("empty") == true)
        #expect(try f.contents("failed") == ["empty.jpg", "empty.jpg.error.txt"])
    }

    @Test("a symbolic link goes to failed/ unfollowed with a reason; a subfolder is left alone")
    func linksFailFoldersStay() async throws {
        let f = try Fixture()
        let outside = try TemporaryDirectory()
        let target = try outside.write(Data(jpegHead + jpegEnd), to: "elsewhere.jpg")
        try FileManager.default.createSymbolicLink(
            at: f.drop.url.appendingPathComponent("link.jpg"), withDestinationURL: target)
        try f.image("sub/inside.jpg")
        let outcomes = try await f.watcher.tick()
        #expect(outcomes.map(\.state) == [.failed])
        #expect(outcomes.first?.reason?.contains("not a regular file") == true)
        #expect(try f.contents("failed") == ["link.jpg", "link.jpg.error.txt"])
        f.clock.advance(by: .seconds(60))
        #expect(try await f.watcher.tick().isEmpty)
        #expect(try f.contents("sub") == ["inside.jpg"])
        #expect(FileManager.default.fileExists(atPath: target.path), "the link's target is untouched")
    }

    @Test("temporary and hidden files are left where they are, untouched")
    func ignoredStay() async throws {
        let f = try Fixture()
        for name in [".hidden.jpg", "._card.jpg", "card.jpg.part", "card.tmp", "card.jpg~", ".DS_Store"] {
            try f.image(name)
        }
        _ = try await f.watcher.tick()
        f.clock.advance(by: .seconds(60))
        #expect(try await f.watcher.tick().isEmpty)
        #expect(f.watcher.pending.isEmpty)
        #expect(try f.contents("processed").isEmpty)
        #expect(try f.contents("failed").isEmpty)
    }

    @Test("a file that changes while it is being read is not stored; it settles again and is stored once")
    func changedWhileRead() async throws {
        let flag = StopBox()
        let f = try Fixture(recognizer: { AppendingRecognizer(done: flag) })
        try f.image("card.jpg")
        _ = try await f.watcher.tick()
        f.clock.advance(by: .seconds(2))
        #expect(try await f.watcher.tick().isEmpty)
        #expect(try f.store.candidates(status: [.pending], limit: nil).isEmpty)
        #expect(f.watcher.pending.count == 1)
        f.clock.advance(by: .seconds(2))
        #expect(try await f.watcher.tick().map(\.state) == [.queued])
        #expect(try f.store.candidates(status: [.pending], limit: nil).count == 1)
    }

    @Test("after a stop request no further batch starts; the rest stay in the drop folder for the next run")
    func stopBetweenBatches() async throws {
        let stopBox = StopBox()
        let f = try Fixture(jobs: 1, recognizer: { StoppingRecognizer(stop: stopBox) })
        stopBox.stop = f.watcher.stop
        for name in ["a.jpg", "b.jpg", "c.jpg"] { try f.image(name, name) }
        _ = try await f.watcher.tick()
        f.clock.advance(by: .seconds(2))
        let outcomes = try await f.watcher.tick()
        #expect(outcomes.count == 1)
        #expect(try f.contents("processed").count == 1)
        #expect(try f.contents().filter { $0.hasSuffix(".jpg") }.count == 2)
    }

    @Test("a second watcher on the same folder refuses to start")
    func secondWatcherRefused() throws {
        let f = try Fixture()
        let pipeline = ScanPipeline(
            options: .init(jobs: 1), extractor: FieldExtractor(phoneNumbers: LibPhoneNumber()),
            logger: Logger(label: "test")
        ) { _ in FakeRecognizer() }
        #expect(throws: IngestError.self) {
            _ = try DropFolderWatcher(
                folder: f.drop.url.path, pipeline: pipeline,
                writer: QueueWriter(store: f.store, logger: Logger(label: "test")),
                logger: Logger(label: "test"), clock: f.clock)
        }
    }

    @Test(
        "an unreadable file is retried a bounded number of times, then fails with a reason",
        .enabled(if: getuid() != 0, "runs as root: file permissions do not stop root from reading"))
    func unreadableRetriedThenFails() async throws {
        let f = try Fixture(maxAttempts: 2)
        try f.image("locked.jpg")
        let path = f.drop.url.appendingPathComponent("locked.jpg").path
        chmod(path, 0)
        _ = try await f.watcher.tick()
        f.clock.advance(by: .seconds(2))
        #expect(try await f.watcher.tick().isEmpty)
        f.clock.advance(by: .seconds(3))
        #expect(try await f.watcher.tick().isEmpty, "backoff: not before 2 x settle")
        f.clock.advance(by: .seconds(1))
        let outcomes = try await f.watcher.tick()
        #expect(outcomes.map(\.state) == [.failed])
        #expect(outcomes.first?.reason?.contains("permission") == true)
    }
}

/// Appends a byte to the file the first time it is asked to read it (a writer that was not done).
final class AppendingRecognizer: TextRecognizer {
    /// Shared across the recognizers the pipeline makes (one per run): set once the byte was appended.
    let done: StopBox
    init(done: StopBox) { self.done = done }

    func recognizeCards(inFileAt url: URL) throws -> [RecognizedCard] {
        if !done.flag {
            done.flag = true
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data([0]))
            try handle.close()
        }
        return try FakeRecognizer(defaultText: "Jane Doe").recognizeCards(inFileAt: url)
    }
}

/// Requests the watcher's stop while reading the first file (a SIGTERM arriving mid-card).
final class StoppingRecognizer: TextRecognizer {
    let stop: StopBox
    init(stop: StopBox) { self.stop = stop }

    func recognizeCards(inFileAt url: URL) throws -> [RecognizedCard] {
        stop.stop?.request()
        return try FakeRecognizer(defaultText: "Jane Doe").recognizeCards(inFileAt: url)
    }
}

final class StopBox: @unchecked Sendable {
    // Unchecked: the tests run one file at a time (jobs 1); each value is set before it is read.
    var stop: WatcherStop?
    var flag = false
}
