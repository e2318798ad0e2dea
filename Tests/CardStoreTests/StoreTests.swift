import CardModel
import Foundation
import GRDB
import Testing

@testable import CardStore

@Suite("Store contract (SQLite and PostgreSQL): opening, enqueue, review decisions")
struct StoreTests {
    @Test("A new store is created from nothing with every migration, WAL, FULL sync and private modes")
    func migrationFromEmptyDatabase() throws {
        let folder = try TemporaryFolder()
        let store = try folder.openStore()
        let (journal, synchronous, foreignKeys, secureDelete, migrations) = try store.dbQueue.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                try Int.fetchOne(db, sql: "PRAGMA secure_delete"),
                try Schema.migrator.appliedMigrations(db)
            )
        }
        #expect(journal == "wal")
        #expect(synchronous == 2)  // FULL
        #expect(foreignKeys == 1)
        #expect(secureDelete == 1)
        #expect(migrations == Schema.migrator.migrations)
        let integrity = try store.dbQueue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.databaseURL.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folderAttributes = try FileManager.default.attributesOfItem(
            atPath: folder.databaseURL.deletingLastPathComponent().path)
        #expect((folderAttributes[.posixPermissions] as? Int) == 0o700)
        // Reopening an up-to-date store is a no-op.
        _ = try folder.openStore()
    }

    @Test("A store at the first migration is upgraded in place and keeps its queue")
    func migrationFromFirstVersion() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(
            at: folder.databaseURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: folder.databaseURL.path)
        try Schema.migrator.migrate(old, upTo: "2026-11-22 v1 queue, contacts, audit")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO scan (content_hash, source_path, status, created_at, updated_at)
                    VALUES (?, 'old.jpg', 'queued', '2026-01-01', '2026-01-01');
                    INSERT INTO candidate (scan_id, card_index, page, fields, ocr_text, confidence, created_at, updated_at)
                    VALUES (1, 0, 0, '{}', 'text', 0.5, '2026-01-01', '2026-01-01');
                    """, arguments: [String(repeating: "a", count: 64)])
        }
        try old.close()
        let store = try folder.openStore()
        let migrated = try store.dbQueue.read { try Schema.migrator.appliedMigrations($0) }
        #expect(migrated == Schema.migrator.migrations)
        #expect(try store.candidate(1).status == .pending)
        #expect(try store.candidate(1).firstReviewTags == nil)
    }

    @Test("A store written by a newer cardscan is refused instead of being written to")
    func newerSchemaIsRefused() throws {
        let folder = try TemporaryFolder()
        let store = try folder.openStore()
        try store.dbQueue.write { db in
            try db.execute(
                sql: "INSERT INTO grdb_migrations (identifier) VALUES ('2099-01-01 from the future')")
        }
        #expect(
            throws: StoreError.newerSchema(
                path: folder.databaseURL.path, unknownMigrations: ["2099-01-01 from the future"])
        ) {
            _ = try folder.openStore()
        }
    }

    @Test("Enqueue stores the scan, its cards and a private copy of the image named by content hash", arguments: Backend.allCases)
    func enqueueStoresCandidatesAndImage(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let outcome = try folder.enqueue(
            store, bytes: "image bytes", cards: [card(), card(name: "Charles Babbage")])
        guard case .queued(let scanID, let ids) = outcome else {
            Issue.record("expected queued, got \(outcome)")
            return
        }
        #expect(ids.count == 2)
        let first = try store.candidate(ids[0])
        #expect(first.scanID == scanID)
        #expect(first.status == .pending)
        #expect(first.fields == card())
        #expect(first.sourcePath == "cards/card.jpg")
        let image = try #require(try store.imageFile(ofCandidate: first.id)?.path)
        #expect(try String(contentsOfFile: image, encoding: .utf8) == "image bytes")
        #expect(image.hasSuffix("\(first.contentHash).jpg"))
        let mode = try FileManager.default.attributesOfItem(atPath: image)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let listed = try store.candidates(status: [.pending], limit: nil)
        #expect(listed.map(\.id) == ids)
        #expect(listed[1].name == "Charles Babbage")
    }

    @Test("Scanning the same bytes twice reports the first scan and adds nothing", arguments: Backend.allCases)
    func idempotentRescan(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let first = try folder.enqueue(store, bytes: "same bytes", name: "a.jpg")
        let second = try folder.enqueue(store, bytes: "same bytes", name: "renamed.jpg")
        guard case .queued(let scanID, _) = first else {
            Issue.record("expected queued")
            return
        }
        #expect(second == .duplicate(ofScan: scanID))
        #expect(try store.candidates(status: CandidateStatus.allCases, limit: nil).count == 1)
    }

    @Test("A recorded failure is listed, and a later successful scan of the same bytes replaces it", arguments: Backend.allCases)
    func failureThenSuccessfulRescan(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let (file, hash) = try folder.imageFile(bytes: "flaky")
        let failed = try store.recordFailure(
            sourcePath: "cards/card.jpg", contentHash: hash, reason: "OCR timed out")
        let again = try store.recordFailure(
            sourcePath: "cards/card.jpg", contentHash: hash, reason: "OCR timed out twice")
        #expect(failed == again)
        let unreadable = try store.recordFailure(
            sourcePath: "cards/gone.jpg", contentHash: nil, reason: "unreadable")
        #expect(
            try store.recordFailure(sourcePath: "cards/gone.jpg", contentHash: nil, reason: "unreadable")
                == unreadable)
        #expect(try store.failures().map(\.scanID).sorted() == [failed, unreadable].sorted())
        let outcome = try store.enqueue(
            NewScan(
                sourcePath: "cards/card.jpg", contentHash: hash, sourceFile: file,
                candidates: [NewCandidate(cardIndex: 0, fields: card(), ocrText: "x", confidence: 0.9)]))
        guard case .queued(let scanID, let ids) = outcome else {
            Issue.record("expected queued, got \(outcome)")
            return
        }
        #expect(scanID == failed)
        #expect(ids.count == 1)
        #expect(try store.failures().map(\.scanID) == [unreadable])
    }

    @Test("existingScan finds queued bytes only, so a failed file is read again on the next scan", arguments: Backend.allCases)
    func existingScanSkipsFailures(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        guard case .queued(let scanID, _) = try folder.enqueue(store, bytes: "stored") else {
            Issue.record("not queued")
            return
        }
        #expect(try store.existingScan(contentHash: ContentHash.sha256(of: Data("stored".utf8))) == scanID)
        let failedHash = ContentHash.sha256(of: Data("failed".utf8))
        try store.recordFailure(sourcePath: "f.jpg", contentHash: failedHash, reason: "unreadable")
        #expect(try store.existingScan(contentHash: failedHash) == nil)
    }

    @Test("A file that changed between hashing and copying is refused, and nothing is queued", arguments: Backend.allCases)
    func changedContentIsRefused(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let (file, _) = try folder.imageFile(bytes: "one")
        let wrongHash = ContentHash.sha256(of: Data("two".utf8))
        #expect(throws: StoreError.contentChanged(path: file.path)) {
            try store.enqueue(
                NewScan(sourcePath: "x", contentHash: wrongHash, sourceFile: file, candidates: []))
        }
        #expect(try store.candidates(status: CandidateStatus.allCases, limit: nil).isEmpty)
    }

    @Test("Accept with edits commits exactly the edited values, tags and an audit row", arguments: Backend.allCases)
    func acceptWithEdits(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let id = try folder.enqueueOne(store)
        let outcome = try store.accept(
            id,
            edits: [
                FieldEdit(field: .title, value: "Countess"),
                FieldEdit(field: .mobile, value: "+44 7700 900123"),
            ],
            tags: [try Tag(parsing: "customer-type:prospect")], reviewer: "alice", expectedVersion: 1,
            policy: ReviewPolicy())
        let contact = try #require(outcome.contact)
        #expect(contact.fields.name == "Ada Lovelace")
        #expect(contact.fields.title == "Countess")
        #expect(contact.fields.phones.map(\.e164) == ["+442071234567", "+447700900123"])
        #expect(contact.tags == [Tag(key: "customer-type", value: "prospect")])
        #expect(contact.candidateIDs == [id])
        let candidate = try store.candidate(id)
        #expect(candidate.status == .accepted)
        #expect(candidate.reviewedBy == "alice")
        #expect(candidate.contactID == contact.id)
        let audit = try store.auditTrail(contactID: contact.id)
        #expect(audit.contains { $0.action == "accept" && $0.actor == "alice" && $0.entityID == id })
        #expect(
            audit.contains {
                $0.action == "create" && $0.entity == "contact" && $0.newValues?.contains("Countess") == true
            })
    }

    @Test("A candidate cannot be committed twice, and a stale version writes nothing", arguments: Backend.allCases)
    func conflictsWriteNothing(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let id = try folder.enqueueOne(store)
        _ = try store.accept(
            id, edits: [], tags: [], reviewer: "alice", expectedVersion: nil, policy: ReviewPolicy())
        let error = #expect(throws: StoreError.self) {
            _ = try store.accept(
                id, edits: [], tags: [], reviewer: "bob", expectedVersion: nil, policy: ReviewPolicy())
        }
        if case .candidateConflict(_, _, let current)? = error {
            #expect(current.status == .accepted)
            #expect(current.reviewedBy == "alice")
        } else {
            Issue.record("unexpected \(String(describing: error))")
        }
        #expect(error?.description.contains("accepted by alice") == true)
        let other = try folder.enqueueOne(
            store, fields: card(name: "Grace Hopper", company: "Navy", email: nil, phone: nil))
        #expect(throws: StoreError.self) {
            _ = try store.reject(other, reason: nil, reviewer: "bob", expectedVersion: 7)
        }
        #expect(try store.candidate(other).status == .pending)
        #expect(try store.contacts(search: nil).count == 1)
    }

    @Test("Reject keeps the candidate out of the contacts for good", arguments: Backend.allCases)
    func reject(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let id = try folder.enqueueOne(store)
        let rejected = try store.reject(
            id, reason: "not a business card", reviewer: "bob", expectedVersion: 1)
        #expect(rejected.status == .rejected)
        #expect(rejected.rejectReason == "not a business card")
        #expect(throws: StoreError.self) {
            _ = try store.accept(
                id, edits: [], tags: [], reviewer: "alice", expectedVersion: nil, policy: ReviewPolicy())
        }
        #expect(try store.contacts(search: nil).isEmpty)
        #expect(try store.candidates(status: [.pending], limit: nil).isEmpty)
    }

    @Test("Merge fills empty fields, takes chosen fields, unites emails and phones", arguments: Backend.allCases)
    func mergeFieldByField(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let firstID = try folder.enqueueOne(store, fields: card(title: nil))
        let contact = try #require(
            try store.accept(
                firstID, edits: [], tags: [], reviewer: "alice", expectedVersion: nil, policy: ReviewPolicy()
            )
            .contact)
        let secondID = try folder.enqueueOne(
            store,
            fields: card(
                name: "Ada King", company: "Analytical Engines", email: "countess@engines.example",
                phone: "+442079999999", title: "Countess"))
        let merged = try store.merge(
            secondID, into: contact.id, take: ["name"], edits: [], reviewer: "bob", expectedVersion: nil)
        #expect(merged.fields.name == "Ada King")  // taken
        #expect(merged.fields.company == "Analytical Engines Ltd")  // kept
        #expect(merged.fields.title == "Countess")  // was empty
        #expect(merged.fields.emails == ["ada@engines.example", "countess@engines.example"])
        #expect(merged.fields.phones.count == 2)
        #expect(merged.version == contact.version + 1)
        #expect(merged.candidateIDs == [firstID, secondID])
        #expect(try store.candidate(secondID).status == .merged)
    }

    @Test("Second-review policy: a low-confidence card needs a second, different reviewer", arguments: Backend.allCases)
    func secondReviewPolicy(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let policy = ReviewPolicy(secondReviewBelow: 0.8)
        let low = try folder.enqueueOne(store, confidence: 0.5)
        let first = try store.accept(
            low, edits: [FieldEdit(field: .title, value: "Countess")],
            tags: [Tag(key: "region", value: "emea")],
            reviewer: "alice",
            expectedVersion: nil,
            policy: policy)
        guard case .awaitingSecondReview(let waiting) = first else {
            Issue.record("expected a pending second review, got \(first)")
            return
        }
        #expect(waiting.firstReviewer == "alice")
        #expect(try store.contacts(search: nil).isEmpty)
        #expect(
            throws: StoreError.secondReviewerRequired(
                id: low, firstReviewer: "alice", confidence: 0.5, threshold: 0.8)
        ) {
            _ = try store.accept(
                low, edits: [], tags: [], reviewer: "alice", expectedVersion: nil, policy: policy)
        }
        // The threshold lives in the candidate's state: the second reviewer need not repeat the flag.
        let second = try store.accept(
            low, edits: [], tags: [], reviewer: "bob", expectedVersion: nil, policy: ReviewPolicy())
        #expect(second.contact?.fields.title == "Countess")  // the first reviewer's edit survives
        #expect(second.contact?.tags == [Tag(key: "region", value: "emea")])  // and the first reviewer's tag
        // A stored threshold applies to reviewers who pass no flag.
        try store.setSecondReviewThreshold(0.95, actor: "admin")
        let other = try folder.enqueueOne(
            store, fields: card(name: "Grace Hopper", company: "Navy", email: nil, phone: nil))
        let outcome = try store.accept(
            other, edits: [], tags: [], reviewer: "alice", expectedVersion: nil, policy: ReviewPolicy())
        guard case .awaitingSecondReview = outcome else {
            Issue.record("stored threshold ignored: \(outcome)")
            return
        }
    }

    @Test("The first reviewer of a low-confidence card cannot finish it alone by merging it", arguments: Backend.allCases)
    func secondReviewCoversMerge(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let existingID = try folder.enqueueOne(
            store, fields: card(name: "Someone", company: "Else", email: nil, phone: nil))
        let existing = try #require(
            try store.accept(
                existingID, edits: [], tags: [], reviewer: "x", expectedVersion: nil, policy: ReviewPolicy()
            )
            .contact)
        let low = try folder.enqueueOne(store, confidence: 0.3)
        _ = try store.accept(
            low, edits: [], tags: [], reviewer: "alice", expectedVersion: nil,
            policy: ReviewPolicy(secondReviewBelow: 0.8))
        #expect(throws: StoreError.self) {
            _ = try store.merge(
                low, into: existing.id, take: [], edits: [], reviewer: "alice", expectedVersion: nil)
        }
        let merged = try store.merge(
            low, into: existing.id, take: [], edits: [], reviewer: "bob", expectedVersion: nil)
        #expect(merged.candidateIDs.contains(low))
    }

    @Test("The audit table refuses updates and deletes other than an erasure's redaction")
    func auditIsAppendOnly() throws {
        let folder = try TemporaryFolder()
        let store = try folder.openStore()
        _ = try folder.enqueueOne(store)
        #expect(throws: DatabaseError.self) {
            try store.dbQueue.write { try $0.execute(sql: "DELETE FROM audit") }
        }
        #expect(throws: DatabaseError.self) {
            try store.dbQueue.write { try $0.execute(sql: "UPDATE audit SET actor = 'mallory'") }
        }
        try store.dbQueue.write {
            try $0.execute(sql: "UPDATE audit SET old_values = NULL, new_values = NULL, redacted = 1")
        }
    }
}

@Suite("Store contract (SQLite and PostgreSQL): concurrent connections")
struct ConcurrencyTests {
    @Test("Eight connections enqueueing the same bytes at once: one scan, seven duplicates of it", arguments: Backend.allCases)
    func racingEnqueues(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        _ = try folder.open()  // create and migrate first, as the CLI's first run would
        let (file, hash) = try folder.imageFile(bytes: "raced bytes")
        let scan = NewScan(
            sourcePath: "raced.jpg", contentHash: hash, sourceFile: file,
            candidates: [NewCandidate(cardIndex: 0, fields: card(), ocrText: "x", confidence: 0.9)])
        let stores = try (0..<8).map { _ in try folder.open() }
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: stores.count) { i in
            outcomes.append(Result { try stores[i].enqueue(scan) })
        }
        let results = try outcomes.values.map { try $0.get() }
        let queued = results.filter { if case .queued = $0 { true } else { false } }
        #expect(queued.count == 1)
        guard case .queued(let scanID, _)? = queued.first else { return }
        #expect(results.filter { $0 == .duplicate(ofScan: scanID) }.count == 7)
        #expect(try stores[0].candidates(status: CandidateStatus.allCases, limit: nil).count == 1)
    }

    @Test("Erasing one person from a sheet of two cards keeps the other card queued, without the image", arguments: Backend.allCases)
    func erasureOnSharedSheet(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        guard
            case .queued(let scanID, let ids) = try folder.enqueue(
                store,
                cards: [card(), card(name: "Other Person", company: "Elsewhere", email: nil, phone: nil)])
        else {
            Issue.record("not queued")
            return
        }
        let contact = try #require(
            try store.accept(
                ids[0], edits: [], tags: [], reviewer: "a", expectedVersion: nil, policy: ReviewPolicy()
            ).contact)
        let image = try #require(try store.imageFile(ofCandidate: ids[1])?.path)
        let report = try store.eraseContact(contact.id, actor: "dpo")
        #expect(report.scanIDs == [scanID])
        let remaining = try store.candidate(ids[1])
        #expect(remaining.status == .pending)
        #expect(remaining.imagePath == nil)
        #expect(try store.imageFile(ofCandidate: ids[1]) == nil)
        #expect(remaining.sourcePath == "(erased)")
        #expect(!FileManager.default.fileExists(atPath: image))
    }
}

final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<EnqueueOutcome, any Error>] = []
    func append(_ result: Result<EnqueueOutcome, any Error>) { lock.withLock { results.append(result) } }
    var values: [Result<EnqueueOutcome, any Error>] { lock.withLock { results } }
}
