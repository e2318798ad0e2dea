import CardModel
import Foundation
import Testing

@testable import CardStore

/// What only the PostgreSQL store has: migrations under an advisory lock, roles, TLS, pg_dump.
/// Runs against the private server of `scripts/test`; without it these tests fail, never skip.
@Suite("PostgreSQL store: migrations, roles, TLS, erasure as pg_dump sees it")
struct PostgresStoreTests {
    @Test("Eight processes opening an empty database at once migrate it once; reopening is a no-op")
    func concurrentMigration() throws {
        let folder = try StoreHarness(.postgres)
        let results = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            results.append(Result { _ = try folder.openPostgres(); return .duplicate(ofScan: 0) })
        }
        for result in results.values { _ = try result.get() }
        let rows = try folder.psql("SELECT count(*) FROM cardscan_migration").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(rows == "\(PostgresSchema.migrations.count)")
        let store = try folder.openPostgres()
        #expect(try store.appliedMigrationIDs() == PostgresSchema.migrations.map(\.id))
    }

    @Test("A store at pg v1 is upgraded in place: its contacts keep their values and get their own urn:uuid UIDs")
    func upgradeFromFirstVersion() throws {
        let folder = try StoreHarness(.postgres)
        let first = try #require(PostgresSchema.migrations.first)
        for statement in PostgresSchema.statements(first.sql) { try folder.psql(statement) }
        try folder.psql("INSERT INTO cardscan_migration (id) VALUES ('\(first.id)')")
        try folder.psql(
            """
            INSERT INTO contact (name, company, created_at, updated_at) VALUES
                ('Ada Lovelace', 'Engines', now(), now()), ('Grace Hopper', 'Navy', now(), now())
            """)
        let store = try folder.openPostgres()
        #expect(try store.appliedMigrationIDs() == PostgresSchema.migrations.map(\.id))
        let contacts = try store.contacts(search: nil).map(\.contact)
        #expect(contacts.map(\.fields.name) == ["Ada Lovelace", "Grace Hopper"])
        #expect(contacts.allSatisfy { $0.uid.hasPrefix("urn:uuid:") && $0.origin == .scanned })
        #expect(Set(contacts.map(\.uid)).count == 2)
        #expect(try store.cardDAVRecords(server: "https://dav.example/book/").isEmpty)
    }

    @Test("A database migrated by a newer cardscan is refused instead of being written to")
    func newerSchemaIsRefused() throws {
        let folder = try StoreHarness(.postgres)
        _ = try folder.openPostgres()
        try folder.psql("INSERT INTO cardscan_migration (id) VALUES ('2099-01-01 from the future')")
        #expect(
            throws: StoreError.newerSchema(
                path: folder.postgres?.description ?? "", unknownMigrations: ["2099-01-01 from the future"])
        ) {
            _ = try folder.openPostgres()
        }
    }

    @Test("The audit table refuses updates and deletes other than an erasure's redaction")
    func auditIsAppendOnly() throws {
        let folder = try StoreHarness(.postgres)
        let store = try folder.openPostgres()
        _ = try folder.enqueueOne(store)
        #expect(throws: StoreError.self) { try folder.psql("DELETE FROM audit") }
        #expect(throws: StoreError.self) { try folder.psql("UPDATE audit SET actor = 'mallory'") }
        try folder.psql("UPDATE audit SET old_values = NULL, new_values = NULL, redacted = true")
    }

    @Test("Roles: a station queues but cannot read contacts, a reviewer decides but cannot erase; each refusal names the role")
    func rolesAreEnforcedByTheServer() throws {
        let folder = try StoreHarness(.postgres)
        let owner = try folder.openPostgres()
        let ada = try folder.enqueueOne(owner)
        let rolesSQL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sql/postgres-roles.sql")
        let server = try TestServer.address()
        _ = try TestServer.run(
            TestServer.tool("psql"),
            [
                "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", server.host, "-p", "\(server.port)", "-U", server.user,
                "-d", folder.postgres?.database ?? "", "-f", rolesSQL.path,
            ])
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        let (station, reviewer, admin) = ("station_\(suffix)", "alice_\(suffix)", "dpo_\(suffix)")
        try folder.psql(
            """
            CREATE ROLE \(station) LOGIN IN ROLE cardscan_station;
            CREATE ROLE \(reviewer) LOGIN IN ROLE cardscan_reviewer;
            CREATE ROLE \(admin) LOGIN IN ROLE cardscan_admin;
            """)
        defer { _ = try? folder.psql("DROP OWNED BY \(station), \(reviewer), \(admin); DROP ROLE \(station), \(reviewer), \(admin)") }

        // A station queues cards and records failures ...
        let stationStore = try folder.openPostgres(user: station)
        let grace = try folder.enqueueOne(stationStore, fields: card(name: "Grace Hopper", company: "Navy", email: "grace@navy.example", phone: nil))
        let (file, hash) = try folder.imageFile("dup.jpg", bytes: "the same bytes as before")
        _ = try stationStore.enqueue(NewScan(sourcePath: "dup.jpg", contentHash: hash, sourceFile: file, candidates: []))
        #expect(
            try stationStore.enqueue(NewScan(sourcePath: "dup.jpg", contentHash: hash, sourceFile: file, candidates: []))
                != .queued(scanID: 0, candidateIDs: []))
        try stationStore.recordFailure(sourcePath: "bad.jpg", contentHash: nil, reason: "unreadable")
        // ... and reads nothing else.
        #expect(throws: StoreError.permissionDenied(operation: "list contacts", role: "cardscan_reviewer")) {
            _ = try stationStore.contacts(search: nil)
        }
        #expect(throws: StoreError.permissionDenied(operation: "read a candidate", role: "cardscan_reviewer")) {
            _ = try stationStore.candidate(ada)
        }
        #expect(throws: StoreError.self) {
            _ = try TestServer.run(
                TestServer.tool("psql"),
                ["-X", "-h", server.host, "-p", "\(server.port)", "-U", station, "-d", folder.postgres?.database ?? "",
                 "-c", "SELECT name FROM contact"])
        }
        let refusal = StoreError.permissionDenied(operation: "list contacts", role: "cardscan_reviewer").description
        #expect(refusal.contains("needs the cardscan_reviewer role"))

        // A reviewer decides and edits, but may not erase or change the policy.
        let reviewerStore = try folder.openPostgres(user: reviewer)
        let contact = try #require(
            try reviewerStore.accept(ada, edits: [], tags: [], reviewer: reviewer, expectedVersion: nil, policy: ReviewPolicy()).contact)
        _ = try reviewerStore.reject(grace, reason: nil, reviewer: reviewer, expectedVersion: nil)
        _ = try reviewerStore.editContact(
            contact.id, edits: [FieldEdit(field: .title, value: "Countess")], addTags: [], removeTags: [], actor: reviewer,
            expectedVersion: nil)
        #expect(throws: StoreError.permissionDenied(operation: "erase a contact", role: "cardscan_admin")) {
            _ = try reviewerStore.eraseContact(contact.id, actor: reviewer)
        }
        #expect(throws: StoreError.permissionDenied(operation: "change settings", role: "cardscan_admin")) {
            try reviewerStore.setSecondReviewThreshold(0.5, actor: reviewer)
        }
        #expect(throws: StoreError.permissionDenied(operation: "enqueue a scan", role: "cardscan_station")) {
            _ = try folder.enqueueOne(reviewerStore)
        }

        // A reviewer imports, records CardDAV pushes, and undoes their own accept (the contact it
        // made goes, through the checked function); a station can do none of that.
        let imported = try reviewerStore.importContacts(
            [ImportedContact(line: 1, fields: ContactFields(name: "Hedy Lamarr", emails: ["hedy@x.example"]), tags: [], uid: "book-1")],
            source: "book.vcf", actor: reviewer)
        #expect(imported.created.count == 1)
        let record = CardDAVRecord(
            server: "https://dav.example/book/", uid: contact.uid, href: "https://dav.example/book/a.vcf", etag: "\"1\"",
            contentHash: String(repeating: "ab", count: 32), pushedAt: Date())
        try reviewerStore.saveCardDAVRecord(record)
        #expect(try reviewerStore.cardDAVRecords(server: record.server).map(\.uid) == [contact.uid])
        #expect(throws: StoreError.permissionDenied(operation: "read CardDAV push records", role: "cardscan_reviewer")) {
            _ = try stationStore.cardDAVRecords(server: record.server)
        }
        #expect(throws: StoreError.permissionDenied(operation: "import contacts", role: "cardscan_reviewer")) {
            _ = try stationStore.importContacts([], source: "book.vcf", actor: station)
        }
        let third = try folder.enqueueOne(
            owner, fields: card(name: "Katherine Johnson", company: "NASA", email: "kj@nasa.example", phone: nil))
        let thirdContact = try #require(
            try reviewerStore.accept(third, edits: [], tags: [], reviewer: reviewer, expectedVersion: nil, policy: ReviewPolicy())
                .contact)
        let undone = try reviewerStore.undoDecision(
            third, reviewer: reviewer, expectedVersion: try reviewerStore.candidate(third).version)
        #expect(undone.status == .pending)
        #expect(throws: StoreError.contactNotFound(thirdContact.id)) { _ = try reviewerStore.contact(thirdContact.id) }
        // The reviewer cannot delete a contact by hand, nor through the function: Ada's has a card.
        #expect(throws: StoreError.self) {
            _ = try TestServer.run(
                TestServer.tool("psql"),
                ["-X", "-v", "ON_ERROR_STOP=1", "-h", server.host, "-p", "\(server.port)", "-U", reviewer,
                 "-d", folder.postgres?.database ?? "", "-c", "DELETE FROM contact WHERE id = \(contact.id)"])
        }
        #expect(throws: StoreError.self) {
            _ = try TestServer.run(
                TestServer.tool("psql"),
                ["-X", "-v", "ON_ERROR_STOP=1", "-h", server.host, "-p", "\(server.port)", "-U", reviewer,
                 "-d", folder.postgres?.database ?? "", "-c", "SELECT cardscan_undo_accept(\(contact.id), \(ada))"])
        }
        #expect(try reviewerStore.contact(contact.id).fields.title == "Countess")

        // An administrator erases.
        let adminStore = try folder.openPostgres(user: admin)
        let report = try adminStore.eraseContact(contact.id, actor: admin)
        #expect(report.candidateIDs == [ada])
    }

    @Test("sslmode=require encrypts; verify-full accepts the server signed by the test CA and refuses an unknown CA")
    func encryptedTransport() throws {
        let folder = try StoreHarness(.postgres)
        guard let ca = ProcessInfo.processInfo.environment["CARDSCAN_TEST_POSTGRES_CA"], var address = folder.postgres
        else {
            Issue.record("CARDSCAN_TEST_POSTGRES_CA is not set: run the tests through scripts/test")
            return
        }
        func encrypted(_ store: PostgresCardStore) throws -> Bool {
            try store.withConnection { tx in
                try tx.value(Bool.self, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") ?? false
            }
        }
        address.sslMode = .require
        #expect(try encrypted(PostgresCardStore(address: address, logger: StoreHarness.quiet)))
        address.sslMode = .verifyFull
        address.sslRootCert = ca
        for host in ["127.0.0.1", "localhost"] {
            address.host = host
            #expect(try encrypted(PostgresCardStore(address: address, logger: StoreHarness.quiet)))
        }
        // The same URL parsed from text, as `--db` gives it.
        let parsed = try PostgresAddress(
            parsing: "postgres://\(address.user)@127.0.0.1:\(address.port)/\(address.database)?sslmode=verify-full&sslrootcert=\(ca)")
        #expect(try encrypted(PostgresCardStore(address: parsed, logger: StoreHarness.quiet)))
        // A CA that did not sign the server's certificate.
        let other = try TemporaryFolder()
        let otherCA = other.url.appendingPathComponent("other.crt").path
        _ = try TestServer.run(
            "/usr/bin/openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=other CA",
             "-keyout", other.url.appendingPathComponent("other.key").path, "-out", otherCA])
        address.sslRootCert = otherCA
        #expect(throws: StoreError.self) { _ = try PostgresCardStore(address: address, logger: StoreHarness.quiet) }
        // sslmode=disable is plain text (the test server allows it; an office's pg_hba.conf should not).
        address.sslMode = .disable
        #expect(try !encrypted(PostgresCardStore(address: address, logger: StoreHarness.quiet)))
    }

    @Test("An erased contact's values are gone from pg_dump's output (rows, images, audit), other contacts stay")
    func erasureLeavesNothingInPgDump() throws {
        let folder = try StoreHarness(.postgres)
        let store = try folder.openPostgres()
        let marker = "ZQXMARKER\(UInt32.random(in: 100_000...999_999))"
        let (file, hash) = try folder.imageFile("\(marker).jpg", bytes: "JPEG \(marker) bytes")
        let fields = card(name: "Erin \(marker)", email: "\(marker.lowercased())@example.org")
        guard
            case .queued(_, let ids) = try store.enqueue(
                NewScan(
                    sourcePath: "inbox/\(marker).jpg", contentHash: hash, sourceFile: file,
                    candidates: [NewCandidate(cardIndex: 0, fields: fields, ocrText: "Erin \(marker)\nCEO", confidence: 0.9)])),
            let id = ids.first
        else {
            Issue.record("not queued")
            return
        }
        let accepted = try #require(
            try store.accept(
                id, edits: [FieldEdit(field: .title, value: "CEO \(marker)")], tags: [], reviewer: "alice",
                expectedVersion: nil, policy: ReviewPolicy()
            ).contact)
        _ = try store.editContact(
            accepted.id, edits: [FieldEdit(field: .department, value: "Dept \(marker)")],
            addTags: [try Tag(parsing: "region:\(marker)")], removeTags: [], actor: "bob", expectedVersion: nil)
        let keep = try folder.enqueueOne(store, fields: card(name: "Keep Me", company: "Other", email: "keep@example.org", phone: nil))
        _ = try store.accept(keep, edits: [], tags: [], reviewer: "alice", expectedVersion: nil, policy: ReviewPolicy())

        func dump() throws -> String {
            let server = try TestServer.address()
            return try TestServer.run(
                TestServer.tool("pg_dump"),
                ["-h", server.host, "-p", "\(server.port)", "-U", server.user, "-d", folder.postgres?.database ?? ""])
        }
        let hexMarker = Data(marker.utf8).map { String(format: "%02x", $0) }.joined()
        let before = try dump()
        #expect(before.contains(marker))
        #expect(before.contains(hexMarker))  // the image bytes, as bytea hex: the search would notice them
        let report = try store.eraseContact(accepted.id, actor: "dpo")
        #expect(report.imagesRemoved == 1)
        let after = try dump()
        #expect(!after.contains(marker))
        #expect(!after.lowercased().contains(marker.lowercased()))
        #expect(!after.contains(hexMarker))
        #expect(after.contains("Keep Me"))
        #expect(try store.auditTrail(contactID: nil).last?.action == "erase")
    }

    @Test("A --db URL selects PostgreSQL, a path SQLite, and any other scheme is a usage error")
    func addressParsing() throws {
        let url = "postgres://station1:s3cret@db.office.example:6543/cardscan?sslmode=verify-full&sslrootcert=/etc/ca.crt"
        guard case .postgres(let address) = try StoreAddress.resolve(explicit: url, environment: [:]) else {
            Issue.record("not postgres")
            return
        }
        #expect(address.user == "station1")
        #expect(address.password == "s3cret")
        #expect(address.host == "db.office.example")
        #expect(address.port == 6543)
        #expect(address.database == "cardscan")
        #expect(address.sslMode == .verifyFull)
        #expect(address.sslRootCert == "/etc/ca.crt")
        #expect(!address.description.contains("s3cret"))
        guard case .postgres(let fromEnvironment) = try StoreAddress.resolve(
            explicit: nil, environment: ["CARDSCAN_DB": "postgresql://alice@localhost/shop"])
        else {
            Issue.record("CARDSCAN_DB URL not postgres")
            return
        }
        #expect(fromEnvironment.port == 5432)
        #expect(fromEnvironment.sslMode == .prefer)
        guard case .postgres(let socket) = try StoreAddress.resolve(
            explicit: "postgres://alice@/shop?host=/run/postgresql", environment: [:])
        else {
            Issue.record("socket URL not postgres")
            return
        }
        #expect(socket.socketDirectory == "/run/postgresql")
        #expect(try StoreAddress.resolve(explicit: "cards/store.sqlite", environment: [:]) != .postgres(address))
        if case .sqlite(let file) = try StoreAddress.resolve(explicit: "/tmp/a:b/x.sqlite", environment: [:]) {
            #expect(file.path == "/tmp/a:b/x.sqlite")
        } else {
            Issue.record("a path with a colon is still a path")
        }
        for bad in ["mysql://root@localhost/db", "postgre://alice@host/db", "sqlite:///tmp/x"] {
            #expect(throws: StoreError.self) { _ = try StoreAddress.resolve(explicit: bad, environment: [:]) }
        }
        for bad in ["postgres://host/db", "postgres://alice@host/", "postgres://alice@host/db?sslmode=maybe",
                    "postgres://alice@host/db?colour=red"] {
            #expect(throws: StoreError.self) { _ = try StoreAddress.resolve(explicit: bad, environment: [:]) }
        }
    }
}

@Suite("Store contract (SQLite and PostgreSQL): review claims")
struct ClaimTests {
    @Test("Two reviewers claiming at once get different cards; an abandoned claim expires and the card comes back", arguments: Backend.allCases)
    func claimsHandOutDifferentCards(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let first = try folder.enqueueOne(store, fields: card(name: "One Person", company: "A", email: nil, phone: nil))
        let second = try folder.enqueueOne(store, fields: card(name: "Two Person", company: "B", email: nil, phone: nil))
        let alice = try folder.open()
        let bob = try folder.open()
        let a = try #require(try alice.claimNextCandidate(reviewer: "alice", lease: 60, excluding: []))
        let b = try #require(try bob.claimNextCandidate(reviewer: "bob", lease: 60, excluding: []))
        #expect(Set([a.id, b.id]) == [first, second])
        // Nothing left for a third reviewer while both hold their cards.
        #expect(try store.claimNextCandidate(reviewer: "carol", lease: 60, excluding: []) == nil)
        // Alice's own claim is hers again (she restarted review).
        #expect(try alice.claimNextCandidate(reviewer: "alice", lease: 60, excluding: [])?.id == a.id)
        // Bob decides: his card is gone from the queue; he releases nothing.
        _ = try bob.reject(b.id, reason: nil, reviewer: "bob", expectedVersion: b.version)
        #expect(try bob.claimNextCandidate(reviewer: "bob", lease: 60, excluding: []) == nil)
        // Alice gives hers back: Bob gets it.
        try alice.releaseClaim(a.id, reviewer: "alice")
        #expect(try bob.claimNextCandidate(reviewer: "bob", lease: 0.3, excluding: [])?.id == a.id)
        // Bob walks away; after the lease, Carol gets it.
        #expect(try store.claimNextCandidate(reviewer: "carol", lease: 60, excluding: []) == nil)
        Thread.sleep(forTimeInterval: 0.6)
        #expect(try store.claimNextCandidate(reviewer: "carol", lease: 60, excluding: [])?.id == a.id)
        // Skipped cards are passed over.
        #expect(try store.claimNextCandidate(reviewer: "carol", lease: 60, excluding: [a.id]) == nil)
    }

    @Test("Eight reviewers claiming concurrently: every card handed out exactly once", arguments: Backend.allCases)
    func concurrentClaims(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        var ids: Set<Int64> = []
        for n in 0..<24 {
            ids.insert(try folder.enqueueOne(store, fields: card(name: "Person \(n)", company: "C\(n)", email: nil, phone: nil)))
        }
        let reviewers = try (0..<8).map { _ in try folder.open() }
        let claimed = ClaimLog()
        DispatchQueue.concurrentPerform(iterations: reviewers.count) { i in
            while let candidate = try? reviewers[i].claimNextCandidate(reviewer: "r\(i)", lease: 60, excluding: []) {
                claimed.add(candidate.id)
                _ = try? reviewers[i].reject(candidate.id, reason: nil, reviewer: "r\(i)", expectedVersion: candidate.version)
            }
        }
        #expect(claimed.ids.sorted() == ids.sorted())
    }
}

final class ClaimLog: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int64] = []
    func add(_ id: Int64) { lock.withLock { values.append(id) } }
    var ids: [Int64] { lock.withLock { values } }
}
