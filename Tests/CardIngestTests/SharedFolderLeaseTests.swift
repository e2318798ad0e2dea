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

/// Counts the files read across recognizers (one per watcher), then reads them slowly.
final class ReadLog: @unchecked Sendable {
    // Unchecked: `names` is read and written only while `lock` is held.
    private let lock = NSLock()
    private var names: [String] = []
    func add(_ name: String) { lock.withLock { names.append(name) } }
    var reads: [String] { lock.withLock { names } }
    private var finished = false
    func finish() { lock.withLock { finished = true } }
    var isFinished: Bool { lock.withLock { finished } }
}

final class SlowRecognizer: TextRecognizer {
    let log: ReadLog
    let inner: FakeRecognizer
    init(log: ReadLog, seconds: Double) {
        self.log = log
        inner = FakeRecognizer(defaultText: "Jane Doe\nAcme GmbH\njane@acme.example", delay: seconds)
    }
    func recognizeCards(inFileAt url: URL) throws -> [RecognizedCard] {
        log.add(url.lastPathComponent)
        return try inner.recognizeCards(inFileAt: url)
    }
    func recognizePages(inFileAt url: URL) throws -> [PageResult] { [.cards(try recognizeCards(inFileAt: url))] }
}

@Suite("Shared drop folder on PostgreSQL: claim leases")
struct SharedFolderLeaseTests {
    @Test("A file whose reading outlasts the claim lease is read by one watcher only: the claim is renewed while it is read")
    func slowReadKeepsItsClaim() async throws {
        let database = try TestPostgresDatabase()
        let drop = try TemporaryDirectory()
        let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let log = ReadLog()
        func watcher() throws -> DropFolderWatcher<ContinuousClock> {
            let store = try PostgresCardStore(address: try PostgresAddress(parsing: database.url), logger: quiet)
            // Reading takes 5 s, more than three times the 1.5 s lease.
            let pipeline = ScanPipeline(
                options: .init(jobs: 1), extractor: FieldExtractor(phoneNumbers: LibPhoneNumber()), logger: quiet
            ) { _ in SlowRecognizer(log: log, seconds: 5) }
            var configuration = DropFolderWatcher<ContinuousClock>.Configuration(
                settle: .milliseconds(100), rescanInterval: .seconds(30), pollInterval: .milliseconds(50),
                forcePolling: true)
            configuration.sharedFolderID = "office"
            configuration.claimLease = 1.5
            return try DropFolderWatcher(
                folder: drop.url.path, pipeline: pipeline, writer: QueueWriter(store: store, logger: quiet),
                logger: quiet, clock: ContinuousClock(), configuration: configuration)
        }
        let first = try watcher()
        let second = try watcher()
        _ = try drop.write(Data(jpegHead + Array("slow card".utf8) + jpegEnd), to: "slow.jpg")
        // The first watcher takes the file alone; the second looks at the folder from the moment
        // the read is under way until the first is done. (Generous limits: on a loaded machine
        // with the whole suite running, tasks wait long for a thread.)
        let started = ContinuousClock.now
        let firstRun = Task {
            defer { log.finish() }
            var outcomes: [DropFolderWatcher<ContinuousClock>.Outcome] = []
            while outcomes.isEmpty, ContinuousClock.now - started < .seconds(600) {
                outcomes += try await first.tick(listAll: true)
                try await Task.sleep(for: .milliseconds(50))
            }
            return outcomes
        }
        while log.reads.isEmpty, !log.isFinished, ContinuousClock.now - started < .seconds(600) {
            try await Task.sleep(for: .milliseconds(20))
        }
        var secondOutcomes: [DropFolderWatcher<ContinuousClock>.Outcome] = []
        repeat {
            secondOutcomes += try await second.tick(listAll: true)
            try await Task.sleep(for: .milliseconds(100))
        } while !log.isFinished && ContinuousClock.now - started < .seconds(600)
        secondOutcomes += try await second.tick(listAll: true)
        let firstOutcomes = try await firstRun.value
        #expect(log.reads == ["slow.jpg"], "read \(log.reads.count) times")
        #expect(firstOutcomes.map(\.state) == [.queued])
        #expect(secondOutcomes.isEmpty)
        #expect(try database.psql("SELECT count(*) FROM scan") == "1")
        #expect(try database.psql("SELECT count(*) FROM file_claim") == "0")
        #expect(FileManager.default.fileExists(atPath: drop.url.appendingPathComponent("processed/slow.jpg").path))
    }
}
