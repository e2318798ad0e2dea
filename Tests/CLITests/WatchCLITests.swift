import CardStore
import CardTestSupport
import Foundation
import Logging
import Testing

/// End-to-end tests of `cardscan watch` (the real binary, real Tesseract) on temporary drop folders.
@Suite(.serialized)
struct WatchCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let images = root.appendingPathComponent("TestImages")

    /// A drop folder and a store, removed afterwards.
    final class Setup {
        let temp: TemporaryDirectory
        let drop: URL
        let database: String

        init() throws {
            temp = try TemporaryDirectory()
            drop = temp.url.appendingPathComponent("drop")
            try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
            database = temp.url.appendingPathComponent("store/cards.sqlite").path
        }

        /// Copies a TestImages file (`samples/clean.png`) into the drop folder as `name`.
        func drop(_ image: String, as name: String) throws {
            try FileManager.default.copyItem(
                at: WatchCLITests.images.appendingPathComponent(image), to: drop.appendingPathComponent(name))
        }

        func names(_ sub: String = "") -> Set<String> {
            Set(
                (try? FileManager.default.contentsOfDirectory(atPath: drop.appendingPathComponent(sub).path))
                    ?? [])
        }

        func store() throws -> SQLiteCardStore {
            try SQLiteCardStore(
                url: URL(fileURLWithPath: database),
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        }

        func watch(_ extra: [String] = []) throws -> CardscanProcess.Output {
            try CardscanProcess.run(["watch", drop.path, "--db", database, "--jobs", "1"] + extra)
        }

        /// Starts a long-running watcher whose output goes to a log file in the temp folder.
        ///
        /// `unprivileged`: when the tests run as root (who reads any file whatever its mode), run the
        /// watcher as `nobody` through setpriv(1), so file permissions apply to it.
        func start(
            _ extra: [String] = [], log: String = "watch.log",
            environment extraEnvironment: [String: String] = [:],
            unprivileged: Bool = false
        ) throws -> Process {
            let process = Process()
            let arguments = ["watch", drop.path, "--db", database, "--jobs", "1"] + extra
            if unprivileged && getuid() == 0 {
                // nobody must be able to enter the temp folder, write the drop folder and create the store.
                let storeFolder = URL(fileURLWithPath: database).deletingLastPathComponent()
                try FileManager.default.createDirectory(at: storeFolder, withIntermediateDirectories: true)
                for folder in [temp.url, drop, storeFolder] { chmod(folder.path, 0o777) }
                process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
                process.arguments =
                    ["--reuid=65534", "--regid=65534", "--clear-groups", CardscanProcess.executable.path]
                    + arguments
            } else {
                process.executableURL = CardscanProcess.executable
                process.arguments = arguments
            }
            var environment = ProcessInfo.processInfo.environment
            environment["OMP_THREAD_LIMIT"] = "1"
            for (key, value) in extraEnvironment { environment[key] = value }
            process.environment = environment
            let logURL = temp.url.appendingPathComponent(log)
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
            let handle = try FileHandle(forWritingTo: logURL)
            try handle.seekToEnd()
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            return process
        }

        func log(_ name: String = "watch.log") -> String {
            (try? String(contentsOf: temp.url.appendingPathComponent(name), encoding: .utf8)) ?? ""
        }
    }

    /// Waits up to `seconds` for `condition`, checking every 50 ms.
    static func wait(seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    @Test(
        "watch --once: good, duplicate, broken and oddly named files each end in processed/ or failed/ with a reason"
    )
    func onceOverMixedInputs() throws {
        let s = try Setup()
        try s.drop("samples/clean.png", as: "Zoë Müller 名片.png")
        try s.drop("samples/clean.png", as: "-copy of card.png")
        try s.drop("cards/128-lowdpi.png", as: "card two.png")
        try s.drop("broken/empty.jpg", as: "empty.jpg")
        try s.drop("broken/truncated.jpg", as: "truncated.jpg")
        try s.drop("broken/truncated.png", as: "truncated.png")
        try s.drop("broken/not-an-image.jpg", as: "not-an-image.jpg")
        // A TIFF header whose first image directory lies beyond the end of the file.
        try Data([0x49, 0x49, 0x2A, 0x00, 0x00, 0x10, 0x00, 0x00, 0x01, 0x02]).write(
            to: s.drop.appendingPathComponent("cut.tif"))
        let ignored: Set = [".DS_Store", "._Zoë.png", "upload.jpg.part", "scan.png~", "download.crdownload"]
        for name in ignored { try s.drop("samples/clean.png", as: name) }

        let out = try s.watch(["--once", "--settle", "0.3"])
        #expect(out.status == 1, "\(out.stderr)")
        #expect(s.names("processed") == ["Zoë Müller 名片.png", "-copy of card.png", "card two.png"])
        let failed = ["empty.jpg", "truncated.jpg", "truncated.png", "not-an-image.jpg", "cut.tif"]
        #expect(s.names("failed") == Set(failed + failed.map { $0 + ".error.txt" }))
        #expect(
            s.names() == ignored.union(["processed", "failed"]), "ignored files stay, nothing else remains")
        for name in failed {
            let note = try String(
                contentsOf: s.drop.appendingPathComponent("failed/\(name).error.txt"), encoding: .utf8)
            #expect(note.contains("reason: "), "\(name)")
        }
        let notes = try ["empty.jpg", "truncated.jpg", "cut.tif", "not-an-image.jpg"].map {
            try String(contentsOf: s.drop.appendingPathComponent("failed/\($0).error.txt"), encoding: .utf8)
        }
        #expect(notes[0].contains("empty"))
        #expect(notes[1].contains("FFD9"))
        #expect(notes[2].contains("TIFF"))
        #expect(notes[3].contains("not an image"))

        // stdout: one result line per file; the two copies of one card: one queued, one duplicate.
        let lines = out.stdout.split(separator: "\n")
        #expect(lines.count == 8)
        #expect(lines.filter { $0.hasPrefix("queued\t") }.count == 2)
        #expect(lines.filter { $0.hasPrefix("duplicate\t") }.count == 1)
        // The store holds each card once and each failure once.
        let store = try s.store()
        let candidates = try store.candidates(status: CandidateStatus.allCases, limit: nil)
        #expect(Set(candidates.map(\.scanID)).count == 2)
        #expect(try store.failures().count == failed.count)
        // Logs name files and states, never card contents.
        #expect(out.stderr.contains("file.state=queued"))
        #expect(!out.stderr.contains("@"), "no email address in the logs")
    }

    @Test("a slow writer (chunks with pauses longer than the settle time) is taken only once complete")
    func slowWriter() throws {
        let s = try Setup()
        let bytes = try Data(contentsOf: Self.images.appendingPathComponent("samples/clean.png"))
        let target = s.drop.appendingPathComponent("slow scan.png")
        let chunks = 5
        let chunkSize = (bytes.count + chunks - 1) / chunks
        try bytes.prefix(chunkSize).write(to: target)
        let writer = Thread {
            guard let handle = try? FileHandle(forWritingTo: target) else { return }
            for index in 1..<chunks {
                // Longer than --settle: size and mtime are stable between chunks, only the PNG's
                // missing IEND says the file is not done.
                Thread.sleep(forTimeInterval: 0.8)
                _ = try? handle.seekToEnd()
                try? handle.write(
                    contentsOf: bytes[(index * chunkSize)..<min(bytes.count, (index + 1) * chunkSize)])
            }
            try? handle.close()
        }
        writer.start()
        let out = try s.watch(["--once", "--settle", "0.5", "--incomplete-wait", "10"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("queued\t"))
        #expect(s.names("processed") == ["slow scan.png"])
        #expect(try Data(contentsOf: s.drop.appendingPathComponent("processed/slow scan.png")) == bytes)
        #expect(try s.store().failures().isEmpty)
    }

    @Test(
        "SIGTERM finishes the card in flight and exits 0; a second watcher on the folder is refused; --once finishes the rest"
    )
    func sigtermAndSingleWatcher() throws {
        let s = try Setup()
        let inputs = [
            "a.png": "cards/128-lowdpi.png", "b.png": "cards/074-lowdpi.png", "c.jpg": "cards/066-noisy.jpg",
        ]
        for (name, image) in inputs { try s.drop(image, as: name) }
        let watcher = try s.start(["--settle", "0.2"])
        defer { if watcher.isRunning { kill(watcher.processIdentifier, SIGKILL) } }
        #expect(Self.wait(seconds: 10) { s.log().contains("watching drop folder") })
        let second = try s.watch(["--once"])
        #expect(second.status == 5)
        #expect(second.stderr.contains("already"))
        #expect(Self.wait(seconds: 30) { !s.names("processed").isEmpty })
        kill(watcher.processIdentifier, SIGTERM)
        watcher.waitUntilExit()
        #expect(watcher.terminationReason == .exit && watcher.terminationStatus == 0, "\(s.log())")
        // Everything is either untouched in the drop folder or stored and moved: nothing in between.
        let processed = s.names("processed")
        let waiting = s.names().subtracting(["processed", "failed"])
        #expect(processed.union(waiting) == Set(inputs.keys))
        #expect(processed.isDisjoint(with: waiting))
        #expect(
            Set(try s.store().candidates(status: CandidateStatus.allCases, limit: nil).map(\.scanID)).count
                == processed.count)

        let rest = try s.watch(["--once", "--settle", "0.2"])
        #expect(rest.status == 0, "\(rest.stderr)")
        #expect(s.names("processed") == Set(inputs.keys))
    }

    @Test(
        "a file without read permission is retried with backoff, then fails as 'permission denied'; the next file is still queued"
    )
    func unreadableFails() throws {
        let s = try Setup()
        try s.drop("cards/128-lowdpi.png", as: "locked.png")
        try s.drop("cards/074-lowdpi.png", as: "good.png")
        chmod(s.drop.appendingPathComponent("locked.png").path, 0)
        let watcher = try s.start(["--once", "--settle", "0.2"], unprivileged: true)
        watcher.waitUntilExit()
        #expect(watcher.terminationStatus == 1, "\(s.log())")
        #expect(s.names("processed") == ["good.png"])
        #expect(s.names("failed") == ["locked.png", "locked.png.error.txt"])
        let note = try String(
            contentsOf: s.drop.appendingPathComponent("failed/locked.png.error.txt"), encoding: .utf8)
        #expect(note.contains("permission denied"))
        #expect(
            s.log().components(separatedBy: "will try again").count - 1 == 2, "two retries before failing")
    }

    @Test("a file unreadable only for a moment is queued once it is readable again, not failed")
    func brieflyUnreadable() throws {
        let s = try Setup()
        try s.drop("cards/128-lowdpi.png", as: "card.png")
        let path = s.drop.appendingPathComponent("card.png").path
        chmod(path, 0)
        let watcher = try s.start(["--settle", "0.3"], unprivileged: true)
        defer { if watcher.isRunning { kill(watcher.processIdentifier, SIGKILL) } }
        #expect(Self.wait(seconds: 20) { s.log().contains("will try again") }, "\(s.log())")
        chmod(path, 0o644)
        #expect(Self.wait(seconds: 20) { s.names("processed") == ["card.png"] }, "\(s.log())")
        kill(watcher.processIdentifier, SIGTERM)
        watcher.waitUntilExit()
        #expect(watcher.terminationStatus == 0)
        #expect(s.names("failed").isEmpty)
        #expect(try s.store().failures().isEmpty)
        #expect(try s.store().candidates(status: CandidateStatus.allCases, limit: nil).count == 1)
    }

    @Test("a long-running watcher keeps its open file descriptors flat while it processes files")
    func descriptorsStayFlat() throws {
        let s = try Setup()
        let watcher = try s.start(["--settle", "0.2"])
        defer { if watcher.isRunning { kill(watcher.processIdentifier, SIGKILL) } }
        #expect(Self.wait(seconds: 10) { s.log().contains("watching drop folder") })
        let fdFolder = "/proc/\(watcher.processIdentifier)/fd"
        func openDescriptors() -> Int {
            (try? FileManager.default.contentsOfDirectory(atPath: fdFolder).count) ?? -1
        }
        // One file first, so lazily opened things (the store, tessdata) are open before counting.
        try s.drop("cards/128-lowdpi.png", as: "first.png")
        #expect(Self.wait(seconds: 20) { s.names("processed").count == 1 })
        let before = openDescriptors()
        let images = [
            "cards/074-lowdpi.png", "cards/066-noisy.jpg", "broken/not-an-image.jpg", "cards/110-lowdpi.png",
        ]
        for (index, image) in images.enumerated() {
            try s.drop(image, as: "file \(index).\(image.split(separator: ".").last ?? "")")
        }
        // 4 processed (first + three cards) and the broken file with its note in failed/.
        #expect(Self.wait(seconds: 30) { s.names("processed").count + s.names("failed").count == 4 + 2 })
        let after = openDescriptors()
        kill(watcher.processIdentifier, SIGTERM)
        watcher.waitUntilExit()
        #expect(before > 0)
        #expect(after == before, "open descriptors \(before) -> \(after)")
    }

    @Test(
        "kill -9 after the store commit and before the move: the restart moves the file to processed/ as a duplicate, the card stays single"
    )
    func killBetweenCommitAndMove() throws {
        let s = try Setup()
        try s.drop("cards/128-lowdpi.png", as: "card.png")
        let watcher = try s.start(
            ["--settle", "0.2"], environment: ["CARDSCAN_TEST_PAUSE_BEFORE_MOVE": "30"])
        defer { if watcher.isRunning { kill(watcher.processIdentifier, SIGKILL) } }
        #expect(Self.wait(seconds: 30) { s.log().contains("pausing before the move") }, "\(s.log())")
        kill(watcher.processIdentifier, SIGKILL)
        watcher.waitUntilExit()
        #expect(s.names() == ["card.png", "processed", "failed"], "killed before the move")
        let before = try s.store().candidates(status: CandidateStatus.allCases, limit: nil)
        #expect(!before.isEmpty, "committed before the kill")

        let out = try s.watch(["--once", "--settle", "0.2"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("duplicate\t"))
        #expect(s.names("processed") == ["card.png"])
        #expect(try s.store().candidates(status: CandidateStatus.allCases, limit: nil) == before)
    }

    @Test(
        "crash loop: kill -9 at random moments, restart, then --once: every input in exactly one place, nothing stored twice"
    )
    func crashLoop() throws {
        let s = try Setup()
        let inputs: [String: String] = [
            "01 card.png": "cards/128-lowdpi.png", "02-card.png": "cards/074-lowdpi.png",
            "03 card.jpg": "cards/066-noisy.jpg", "04 card.jpg": "cards/131-skewed.jpg",
            "05 card.png": "cards/110-lowdpi.png", "06 card.png": "cards/155-lowdpi.png",
            "07 carte é.jpg": "cards/147-noisy.jpg", "08 copy of 01.png": "cards/128-lowdpi.png",
            "09 broken.jpg": "broken/not-an-image.jpg", "10 empty.jpg": "broken/empty.jpg",
        ]
        for (name, image) in inputs { try s.drop(image, as: name) }
        // Reference: how many cards the distinct images hold (a dry run stores nothing).
        let distinct = Set(inputs.values.filter { $0.hasPrefix("cards/") })
        let reference = try CardscanProcess.run(
            ["scan", "--dry-run", "--json", "--jobs", "1"]
                + distinct.map { Self.images.appendingPathComponent($0).path })
        let expectedCards = reference.stdout.split(separator: "\n").count
        #expect(expectedCards >= distinct.count)

        var delays: [Double] = []
        for round in 0..<4 {
            // Odd rounds poll only (as on a network share), even rounds use inotify.
            let mode = round % 2 == 1 ? ["--poll"] : []
            let watcher = try s.start(
                ["--settle", "0.2", "--incomplete-wait", "1"] + mode, log: "round\(round).log")
            let delay = Double.random(in: 0.3...3.0)
            delays.append(delay)
            Thread.sleep(forTimeInterval: delay)
            kill(watcher.processIdentifier, SIGKILL)
            watcher.waitUntilExit()
            #expect(
                watcher.terminationReason == .uncaughtSignal,
                "round \(round) ended by itself: \(s.log("round\(round).log"))")
        }
        let final = try s.watch(["--once", "--settle", "0.2", "--incomplete-wait", "1"])
        #expect(final.status == 0 || final.status == 1, "\(final.stderr)")

        let processed = s.names("processed")
        let failed = s.names("failed").filter { !$0.hasSuffix(".error.txt") }
        let notes = s.names("failed").filter { $0.hasSuffix(".error.txt") }
        let context = "kill delays \(delays); processed \(processed); failed \(failed)"
        #expect(s.names() == ["processed", "failed"], "drop folder empty: \(context)")
        #expect(processed.isDisjoint(with: failed), "\(context)")
        #expect(
            processed.union(failed) == Set(inputs.keys),
            "each input in exactly one place, no extra copies: \(context)")
        #expect(failed == ["09 broken.jpg", "10 empty.jpg"], "\(context)")
        #expect(notes == Set(failed.map { $0 + ".error.txt" }), "\(context)")
        let store = try s.store()
        let candidates = try store.candidates(status: CandidateStatus.allCases, limit: nil)
        #expect(candidates.count == expectedCards, "no card queued twice: \(context)")
        #expect(
            Set(candidates.map(\.scanID)).count == distinct.count, "one scan per distinct image: \(context)")
        #expect(try store.failures().count == 2, "\(context)")
    }
}
