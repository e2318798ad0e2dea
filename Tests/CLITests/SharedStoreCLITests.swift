import CardModel
import CardStore
import CardTestSupport
import Foundation
import Logging
import Testing

/// A fresh database on the private PostgreSQL server of `scripts/test`, dropped when released.
final class SharedDatabase: @unchecked Sendable {
    let name = "cardscan_cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    let server: PostgresAddress

    init() throws {
        guard let url = ProcessInfo.processInfo.environment["CARDSCAN_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw StoreError.cannotOpen(
                path: "CARDSCAN_TEST_POSTGRES_URL",
                reason: "no test PostgreSQL server: run the tests through scripts/test, which starts one")
        }
        server = try PostgresAddress(parsing: url)
        try psql("CREATE DATABASE \(name)", database: server.database)
    }

    deinit { try? psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", database: server.database) }

    /// The `--db` value of this database.
    var url: String { "postgres://\(server.user)@\(server.host):\(server.port)/\(name)?sslmode=disable" }

    @discardableResult
    func psql(_ sql: String, database: String? = nil) throws -> String {
        let folder = ProcessInfo.processInfo.environment["CARDSCAN_TEST_POSTGRES_BIN"] ?? "/usr/bin"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(folder)/psql")
        process.arguments = [
            "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", server.host, "-p", "\(server.port)", "-U",
            server.user, "-d", database ?? name, "-c", sql,
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = LockedData()
        let reader = Thread { errors.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errors.isSet { usleep(1000) }
        guard process.terminationStatus == 0 else {
            throw StoreError.database(operation: "psql", reason: String(decoding: errors.value, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

@Suite("CLI: several stations and reviewers on one PostgreSQL store", .serialized)
struct SharedStoreCLITests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("TestImages/samples")

    struct Listed: Decodable, Hashable {
        var id: Int64
        var scanID: Int64
        var status: String
        var name: String?
        var company: String?
        var email: String?

        enum CodingKeys: String, CodingKey {
            case id, status, name, company, email
            case scanID = "scan_id"
        }
    }

    func listAll(_ db: String) throws -> [Listed] {
        let list = try CLI.run(["queue", "list", "--status", "all", "--json", "--db", db])
        #expect(list.status == 0, "\(list.stderr)")
        return try JSONDecoder().decode([Listed].self, from: Data(list.stdout.utf8))
    }

    @Test(
        "4 scanning processes at once (same files, different orders) queue what 1 process queues into SQLite; 2 racing reviewers decide each card once"
    )
    func stationsAndReviewersRace() throws {
        let shared = try SharedDatabase()
        let folder = try StoreFolder()
        var files = ["clean.png", "flatbed.jpg", "qr-vcard.png", "scan.jpg"].map {
            Self.samples.appendingPathComponent($0).path
        }
        // The same bytes under another name (a station that copied a file twice).
        let copy = folder.url.appendingPathComponent("clean-again.png")
        try FileManager.default.copyItem(atPath: files[0], toPath: copy.path)
        files.append(copy.path)

        // The reference: one process into SQLite.
        let reference = try CLI.run(["scan", "--db", folder.databasePath] + files)
        #expect(reference.status == 0, "\(reference.stderr)")
        let expected = try listAll(folder.databasePath)
        #expect(expected.count >= 5)

        // Four stations started together (they also race to migrate the empty database).
        let orders = [files, files.reversed(), Array(files[2...] + files[..<2]), [files[3], files[0], files[4], files[1], files[2]]]
        let started = try orders.map { try CLI.start(["scan", "--db", shared.url] + $0) }
        let results = started.map(CLI.finish)
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let queued = try listAll(shared.url)
        func cards(_ rows: [Listed]) -> [String] {
            rows.map { "\($0.name ?? "-")|\($0.company ?? "-")|\($0.email ?? "-")" }.sorted()
        }
        #expect(cards(queued) == cards(expected))
        #expect(Set(queued.map(\.scanID)).count == Set(expected.map(\.scanID)).count)
        #expect(try shared.psql("SELECT count(*) FROM scan") == "\(Set(expected.map(\.scanID)).count)")
        #expect(try shared.psql("SELECT count(*) FROM image") == "\(Set(expected.map(\.scanID)).count)")

        // Two reviewers race over every candidate, in the same order: one decision each.
        let ids = queued.map(\.id).sorted()
        func reviewer(_ name: String) throws -> (Process, Pipe, Pipe) {
            let script = """
                for id in \(ids.map(String.init).joined(separator: " ")); do
                    "$CARDSCAN" queue accept "$id" --keep-separate --reviewer \(name) --db '\(shared.url)' >/dev/null 2>>"$ERRORS"
                    echo "$id $?"
                done
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", script]
            process.environment = CLI.environment([
                "CARDSCAN": CLI.executable.path,
                "ERRORS": folder.url.appendingPathComponent("\(name).err").path,
            ])
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            return (process, out, err)
        }
        let racing = try [reviewer("alice"), reviewer("bob")]
        let outputs = racing.map(CLI.finish)
        var statuses: [Int64: [Int32]] = [:]
        for output in outputs {
            for line in output.stdout.split(separator: "\n") {
                let parts = line.split(separator: " ")
                if parts.count == 2, let id = Int64(parts[0]), let status = Int32(parts[1]) {
                    statuses[id, default: []].append(status)
                }
            }
        }
        #expect(statuses.keys.sorted() == ids)
        for id in ids {
            #expect(statuses[id]?.sorted() == [0, 4], "candidate \(id): \(statuses[id] ?? [])")
        }
        let decided = try listAll(shared.url)
        #expect(decided.allSatisfy { $0.status == "accepted" })
        #expect(try shared.psql("SELECT count(*) FROM contact") == "\(ids.count)")
        #expect(try shared.psql("SELECT count(*) FROM audit WHERE action = 'accept'") == "\(ids.count)")
        let losers = (try? String(contentsOf: folder.url.appendingPathComponent("bob.err"), encoding: .utf8)) ?? ""
        #expect(losers.isEmpty || losers.contains("was changed by someone else first"))
    }

    @Test("3 watchers on one shared folder with a PostgreSQL store: every file read by one of them, each card queued once")
    func watchersShareAFolder() throws {
        let shared = try SharedDatabase()
        let folder = try StoreFolder()
        let drop = folder.url.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        let names = ["clean.png", "flatbed.jpg", "qr-vcard.png", "scan.jpg"]
        for name in names {
            try FileManager.default.copyItem(
                at: Self.samples.appendingPathComponent(name), to: drop.appendingPathComponent(name))
        }
        // Migrate first, so the three start on an existing schema (migration races are tested elsewhere).
        #expect(try CLI.run(["queue", "list", "--db", shared.url]).status == 0)
        let watchers = try (0..<3).map { _ in
            try CLI.start(["watch", "--once", "--settle", "0.2", "--folder-id", "office", "--db", shared.url, drop.path])
        }
        let results = watchers.map(CLI.finish)
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let processed = try FileManager.default.contentsOfDirectory(atPath: drop.appendingPathComponent("processed").path)
        #expect(processed.sorted() == names)
        #expect(try FileManager.default.contentsOfDirectory(atPath: drop.appendingPathComponent("failed").path).isEmpty)
        #expect(try shared.psql("SELECT count(*) FROM scan WHERE status = 'queued'") == "\(names.count)")
        #expect(try shared.psql("SELECT count(*) FROM scan WHERE status = 'failed'") == "0")
        #expect(try shared.psql("SELECT count(*) FROM audit WHERE action = 'enqueue' AND entity = 'scan'") == "\(names.count)")
        #expect(try shared.psql("SELECT count(*) FROM file_claim") == "0")
        // Each file was read by exactly one watcher: the "file queued" log lines add up to the files.
        let queuedLines = results.map { $0.stderr.components(separatedBy: "file queued").count - 1 }
        #expect(queuedLines.reduce(0, +) == names.count, "\(queuedLines)")
    }

    @Test("A watcher killed mid-file loses its claim after the lease; another station takes the file, nothing doubled")
    func deadWatcherLosesItsClaim() throws {
        let shared = try SharedDatabase()
        let folder = try StoreFolder()
        let drop = folder.url.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.samples.appendingPathComponent("clean.png"), to: drop.appendingPathComponent("clean.png"))
        let first = try CLI.start(
            ["watch", "--settle", "0.2", "--claim-seconds", "8", "--folder-id", "office", "--db", shared.url, drop.path],
            environment: ["CARDSCAN_TEST_PAUSE_BEFORE_MOVE": "60"])
        defer { if first.0.isRunning { kill(first.0.processIdentifier, SIGKILL) } }
        // Wait for its commit (it then pauses before the move, holding the claim).
        let deadline = Date().addingTimeInterval(120)
        while (try? shared.psql("SELECT count(*) FROM scan")) != "1" && Date() < deadline { usleep(200_000) }
        #expect(try shared.psql("SELECT count(*) FROM file_claim") == "1")
        let expires = Double(try shared.psql("SELECT extract(epoch FROM expires_at) FROM file_claim")) ?? 0
        kill(first.0.processIdentifier, SIGKILL)
        _ = CLI.finish(first)
        let second = try CLI.run(
            ["watch", "--once", "--settle", "0.2", "--claim-seconds", "8", "--folder-id", "office", "--db", shared.url,
             drop.path])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(Date().timeIntervalSince1970 >= expires)  // it waited for the dead watcher's lease
        #expect(second.stderr.contains("file duplicate"), "\(second.stderr)")
        #expect(FileManager.default.fileExists(atPath: drop.appendingPathComponent("processed/clean.png").path))
        #expect(try shared.psql("SELECT count(*) FROM scan") == "1")
        #expect(try shared.psql("SELECT count(*) FROM file_claim") == "0")
    }
}

@Suite("CLI: undo, import, export and CardDAV push on a PostgreSQL store, as on SQLite", .serialized)
struct SharedStoreContactsCLITests {
    /// Queues one card through the library (the CLI has no OCR-free enqueue) and returns its ID.
    func enqueue(_ store: PostgresCardStore, in folder: StoreFolder, name: String, email: String) throws -> Int64 {
        let file = folder.url.appendingPathComponent("\(UUID().uuidString).jpg")
        try Data("fake image \(UUID().uuidString)".utf8).write(to: file)
        let fields = CardFields(
            name: FieldValue(value: name, confidence: 0.95), emails: [FieldValue(value: email, confidence: 0.9)])
        guard
            case .queued(_, let ids) = try store.enqueue(
                NewScan(
                    sourcePath: file.lastPathComponent, contentHash: try ContentHash.sha256(of: file), sourceFile: file,
                    candidates: [NewCandidate(cardIndex: 0, fields: fields, ocrText: name, confidence: 0.9)])),
            let id = ids.first
        else { throw StoreError.candidateNotFound(0) }
        return id
    }

    @Test("review's z undoes an accept; contacts import, export --include-imported, push --carddav, erase, push again")
    func contactsOnPostgres() throws {
        let shared = try SharedDatabase()
        let folder = try StoreFolder()
        let store = try PostgresCardStore(
            address: try PostgresAddress(parsing: shared.url),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let ada = try enqueue(store, in: folder, name: "Ada Lovelace", email: "ada@engines.example")

        // z in review: the accept is undone, the contact it made is gone.
        let review = try CardscanProcess.run(
            ["review", "--db", shared.url, "--reviewer", "alice"], stdin: Data("az\nq".utf8))
        #expect(review.stdout.contains("Undid your decision on candidate #\(ada)"), "\(review.stdout) \(review.stderr)")
        #expect(try store.candidate(ada).status == .pending)
        #expect(try shared.psql("SELECT count(*) FROM contact") == "0")
        #expect(try CLI.run(["queue", "accept", "\(ada)", "--db", shared.url]).status == 0)

        // An address book is imported, once.
        let book = folder.url.appendingPathComponent("book.vcf")
        try Data(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nN:Hopper;Grace;;;\r\nEMAIL:grace@navy.example\r\nUID:book-1\r\nEND:VCARD\r\n"
                .utf8
        ).write(to: book)
        let imported = try CLI.run(["contacts", "import", book.path, "--db", shared.url, "--reviewer", "ops"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("1 new, 0 updated, 0 unchanged"), "\(imported.stdout)")
        let again = try CLI.run(["contacts", "import", book.path, "--db", shared.url])
        #expect(again.stdout.contains("0 new, 0 updated, 1 unchanged"), "\(again.stdout)")
        let scanned = try CLI.run(["contacts", "export", "--db", shared.url, "--format", "vcard"])
        #expect(scanned.stdout.contains("FN:Ada Lovelace") && !scanned.stdout.contains("Grace"), "\(scanned.stdout)")
        let all = try CLI.run(["contacts", "export", "--db", shared.url, "--format", "vcard", "--include-imported"])
        #expect(all.stdout.contains("FN:Grace Hopper") && all.stdout.contains("UID:book-1"), "\(all.stdout)")

        // Push sends the scanned contact only; an erased contact is deleted on the next push.
        let server = try CardDAVServer.make()
        let passwordFile = folder.url.appendingPathComponent("password")
        try Data((server.password + "\n").utf8).write(to: passwordFile)
        let push = [
            "contacts", "push", "--db", shared.url, "--carddav", server.newAddressBook().absoluteString, "--user",
            server.user, "--password-file", passwordFile.path,
        ]
        let first = try CLI.run(push + ["--create"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("1 created, 0 updated, 0 deleted, 0 unchanged"), "\(first.stdout)")
        #expect(try shared.psql("SELECT count(*) FROM carddav_push") == "1")
        let contactID = try #require(try store.candidate(ada).contactID)
        #expect(try CLI.run(["contacts", "erase", "\(contactID)", "--yes", "--db", shared.url]).status == 0)
        let second = try CLI.run(push)
        #expect(second.stdout.contains("0 created, 0 updated, 1 deleted, 0 unchanged"), "\(second.stdout)")
        #expect(try shared.psql("SELECT count(*) FROM carddav_push") == "0")
    }
}
