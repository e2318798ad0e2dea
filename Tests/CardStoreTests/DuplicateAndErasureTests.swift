import CardModel
import Foundation
import GRDB
import Testing

@testable import CardStore

@Suite("Store: duplicates, erasure")
struct DuplicateAndErasureTests {
    /// Accepts a card as a new contact and returns it.
    func contact(_ store: any CardStoring, _ folder: TemporaryFolder, _ fields: CardFields) throws -> Contact
    {
        let id = try folder.enqueueOne(store, fields: fields)
        return try #require(
            try store.accept(
                id, edits: [], tags: [], reviewer: "t", expectedVersion: nil,
                policy: ReviewPolicy(keepSeparate: true)
            )
            .contact)
    }

    @Test(
        "A candidate is flagged as a possible duplicate by email, E.164 phone, or a close name at the same company",
        arguments: Backend.allCases, [
            (
                card(name: "Someone Else", company: nil, email: "ADA@engines.example ", phone: nil),
                DuplicateReason.sameEmail
            ),
            (card(name: "Someone Else", company: nil, email: nil, phone: "+442071234567"), .samePhone),
            (
                card(name: "Lovelace, Ada", company: "ANALYTICAL ENGINES, LTD.", email: nil, phone: nil),
                .similarNameAndCompany
            ),
            (
                card(name: "Ada Lovelacе", company: "Analytical Engines", email: nil, phone: nil),
                .similarNameAndCompany
            ),
            (
                card(name: "A. Lovelace", company: "Analytical Engines Inc", email: nil, phone: nil),
                .similarNameAndCompany
            ),
        ])
    func duplicateDetection(_ backend: Backend, example: (candidate: CardFields, reason: DuplicateReason)) throws {
        let (candidate, reason) = example
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let existing = try contact(store, folder, card())
        let id = try folder.enqueueOne(store, fields: candidate)
        let matches = try store.possibleDuplicates(ofCandidate: id)
        #expect(matches.map(\.contactID) == [existing.id])
        #expect(matches.first?.reasons.contains(reason) == true)
        #expect(
            matches.first?.differences.contains { $0.field == "name" }
                == (candidate.name?.value != "Ada Lovelace"))
        #expect(throws: StoreError.possibleDuplicate(id: id, contactIDs: [existing.id])) {
            _ = try store.accept(
                id, edits: [], tags: [], reviewer: "t", expectedVersion: nil, policy: ReviewPolicy())
        }
        // "Keep separate" is an explicit decision.
        let kept = try store.accept(
            id, edits: [], tags: [], reviewer: "t", expectedVersion: nil,
            policy: ReviewPolicy(keepSeparate: true))
        #expect(kept.contact != nil)
        // The listing shows both as possible duplicates of each other.
        let listing = try store.contacts(search: nil)
        #expect(listing.allSatisfy { $0.possibleDuplicates.count == 1 })
    }

    @Test(
        "Different people are not flagged: other email, other phone, other name at the same company, same name elsewhere",
        arguments: Backend.allCases, [
            card(name: "Charles Babbage", email: "charles@engines.example", phone: "+442070000000"),
            card(name: "Ada Lovelace", company: "Difference Engines", email: nil, phone: nil),
            card(name: "Ada Lovelace", company: nil, email: nil, phone: nil),
        ])
    func noFalseDuplicates(_ backend: Backend, candidate: CardFields) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        _ = try contact(store, folder, card())
        let id = try folder.enqueueOne(store, fields: candidate)
        #expect(try store.possibleDuplicates(ofCandidate: id).isEmpty)
    }

    @Test("Contacts search ignores case and accents and finds tags", arguments: Backend.allCases)
    func search(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let zoe = try contact(
            store, folder, card(name: "Zoë Müller", company: "Bäckerei", email: nil, phone: nil))
        _ = try contact(
            store, folder, card(name: "Other Person", company: "Elsewhere", email: nil, phone: nil))
        _ = try store.editContact(
            zoe.id, edits: [], addTags: [Tag(key: "industry", value: "bakery")], removeTags: [], actor: "t",
            expectedVersion: nil)
        #expect(try store.contacts(search: "zoe muller").map(\.contact.id) == [zoe.id])
        #expect(try store.contacts(search: "BACKEREI").map(\.contact.id) == [zoe.id])
        #expect(try store.contacts(search: "industry:bakery").map(\.contact.id) == [zoe.id])
    }

    @Test("Editing a contact with a stale version is refused and writes nothing", arguments: Backend.allCases)
    func contactEditConflict(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let ada = try contact(store, folder, card())
        _ = try store.editContact(
            ada.id, edits: [FieldEdit(field: .title, value: "Countess")], addTags: [], removeTags: [],
            actor: "a", expectedVersion: ada.version)
        #expect(
            throws: StoreError.contactConflict(
                id: ada.id, expectedVersion: ada.version, currentVersion: ada.version + 1)
        ) {
            _ = try store.editContact(
                ada.id, edits: [FieldEdit(field: .title, value: "Other")], addTags: [], removeTags: [],
                actor: "b", expectedVersion: ada.version)
        }
        #expect(try store.contact(ada.id).fields.title == "Countess")
    }

    @Test(
        "Erasure leaves no byte of the contact's values in the database, WAL or image folder; the audit keeps the fact"
    )
    func erasureByRawBytes() throws {
        let folder = try TemporaryFolder()
        let store = try folder.openStore()
        let marker = "ZQXMARKER\(UInt32.random(in: 100_000...999_999))"
        // The marker is in the image bytes, the name, an email, the OCR text and the file name.
        let (file, hash) = try folder.imageFile("\(marker).jpg", bytes: "JPEG \(marker) bytes")
        let fields = card(name: "Erin \(marker)", email: "\(marker.lowercased())@example.org")
        let outcome = try store.enqueue(
            NewScan(
                sourcePath: "inbox/\(marker).jpg", contentHash: hash, sourceFile: file,
                candidates: [
                    NewCandidate(
                        cardIndex: 0, fields: fields, ocrText: "Erin \(marker)\nCEO", confidence: 0.9)
                ]))
        guard case .queued(_, let ids) = outcome, let id = ids.first else {
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
            addTags: [try Tag(parsing: "region:\(marker)")], removeTags: [], actor: "bob",
            expectedVersion: nil)
        // A second card of the same person, merged in.
        let second = try folder.enqueueOne(
            store, fields: card(name: "Erin \(marker)", email: "\(marker.lowercased())@example.org"))
        _ = try store.merge(
            second, into: accepted.id, take: [], edits: [], reviewer: "alice", expectedVersion: nil)
        // An unrelated contact stays.
        let other = try contact(
            store, folder, card(name: "Keep Me", company: "Other", email: "keep@example.org", phone: nil))

        func filesContainMarker() throws -> [String] {
            var hits: [String] = []
            var paths = [
                folder.databaseURL.path, folder.databaseURL.path + "-wal", folder.databaseURL.path + "-shm",
            ]
            if let enumerator = FileManager.default.enumerator(atPath: store.imagesDirectory.path) {
                for case let name as String in enumerator {
                    paths.append(store.imagesDirectory.appendingPathComponent(name).path)
                }
            }
            for path in paths {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                if data.range(of: Data(marker.utf8)) != nil
                    || data.range(of: Data(marker.lowercased().utf8)) != nil
                {
                    hits.append(path)
                }
                if path.contains(marker) { hits.append(path) }
            }
            return hits
        }
        // Move everything into the main file first, so the erasure must clean its pages, not just the WAL.
        try store.purgeFreedBytes()
        #expect(try filesContainMarker().contains(folder.databaseURL.path))  // the search would notice it

        let report = try store.eraseContact(accepted.id, actor: "dpo")
        #expect(report.candidateIDs == [id, second])
        #expect(report.imagesRemoved == 2)
        #expect(report.auditRowsRedacted > 0)
        #expect(try filesContainMarker() == [])
        #expect(throws: StoreError.contactNotFound(accepted.id)) { _ = try store.contact(accepted.id) }
        #expect(throws: StoreError.candidateNotFound(id)) { _ = try store.candidate(id) }
        #expect(try store.contact(other.id).fields.name == "Keep Me")
        let erasure = try #require(try store.auditTrail(contactID: nil).last)
        #expect(erasure.action == "erase")
        #expect(erasure.actor == "dpo")
        #expect(erasure.entityID == accepted.id)
        let integrity = try store.dbQueue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
        // Rescanning the same file after an erasure is possible (the scan row is gone).
        let again = try store.enqueue(
            NewScan(sourcePath: "inbox/again.jpg", contentHash: hash, sourceFile: file, candidates: []))
        if case .duplicate = again { Issue.record("erased scan still blocks a rescan") }
    }
}

@Suite("Store: query plans stay indexed")
struct QueryPlanTests {
    @Test("The duplicate check reads the email, phone and company indexes, never a full scan of contacts")
    func duplicateLookupsUseIndexes() throws {
        let folder = try TemporaryFolder()
        let store = try folder.openStore()
        let plans = try store.dbQueue.read { db in
            try [
                "SELECT DISTINCT contact_id FROM contact_email WHERE email IN (?)",
                "SELECT DISTINCT contact_id FROM contact_phone WHERE e164 IN (?)",
                "SELECT id, name_key FROM contact WHERE company_key = ? AND company_key <> ''",
                """
                SELECT c.id FROM candidate c JOIN scan s ON s.id = c.scan_id WHERE c.status IN (?) ORDER BY c.id
                """,
            ].map { sql in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: ["x"]).map {
                    $0["detail"] as String
                }
                .joined(separator: " | ")
            }
        }
        for plan in plans { #expect(plan.contains("USING"), "\(plan)") }
        #expect(plans[2].contains("contact_company_key"), "\(plans[2])")
        #expect(!plans.joined().contains("SCAN contact "), "\(plans)")
    }
}
