import CardTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A batch killed part-way and run again: the rest is finished, nothing is queued twice.
@Suite(.serialized)
struct BatchResumeTests {
    static let cards = ScanCLITests.root.appendingPathComponent("TestImages/cards")

    /// Reads a child's stdout on a thread, so the test can wait for a line without blocking.
    private final class Collected: @unchecked Sendable {
        // Unchecked: guarded by `lock`.
        private let lock = NSLock()
        private var text = ""
        func append(_ data: Data) {
            lock.lock()
            text += String(decoding: data, as: UTF8.self)
            lock.unlock()
        }
        var value: String {
            lock.lock()
            defer { lock.unlock() }
            return text
        }
    }

    private func queueCount(db: URL) throws -> (candidates: Int, scans: Set<Int>, sources: [String]) {
        let out = try CardscanProcess.run(["queue", "list", "--status", "all", "--json", "--db", db.path])
        #expect(out.status == 0, "\(out.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]])
        return (rows.count, Set(rows.compactMap { $0["scan_id"] as? Int }), rows.compactMap { $0["source_path"] as? String })
    }

    @Test("kill -9 in the middle of a batch, then the same command again: every file queued exactly once")
    func killAndRerun() throws {
        let folder = try TemporaryDirectory()
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.cards.path)
            .filter { $0.hasSuffix("-clean.png") || $0.hasSuffix("-scan.jpg") }.sorted().prefix(8)
        #expect(names.count == 8)
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("in"), withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(
                at: Self.cards.appendingPathComponent(name), to: folder.url.appendingPathComponent("in/\(name)"))
        }
        let db = folder.url.appendingPathComponent("store/cards.sqlite")
        let arguments = ["scan", "--jobs", "1", "--json", "--db", db.path, folder.url.appendingPathComponent("in").path]

        // First run: kill -9 as soon as two cards have been queued.
        let process = Process()
        process.executableURL = CardscanProcess.executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_THREAD_LIMIT"] = "1"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let collected = Collected()
        pipe.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while collected.value.components(separatedBy: "\"queued\"").count - 1 < 2, process.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        pipe.fileHandleForReading.readabilityHandler = nil
        let partial = try queueCount(db: db)
        #expect(partial.candidates >= 2)
        #expect(partial.candidates < 8, "the kill should land before the batch ends")

        // Second run: the same command finishes the rest; known files are duplicates, not re-queued.
        let rerun = try CardscanProcess.run(arguments)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("duplicate"))
        let final = try queueCount(db: db)
        #expect(final.candidates == 8)
        #expect(final.scans.count == 8)
        #expect(Set(final.sources).count == 8)

        // A third run queues nothing at all.
        let third = try CardscanProcess.run(arguments)
        #expect(third.status == 0)
        #expect(try queueCount(db: db).candidates == 8)
    }
}
