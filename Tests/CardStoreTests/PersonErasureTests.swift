import CardModel
import Foundation
import GRDB
import Testing

@testable import CardStore

@Suite("Store contract (SQLite and PostgreSQL): erasing a person, exporting a person")
struct PersonErasureTests {
    /// The raw bytes of every file of the store (SQLite) or the pg_dump output (PostgreSQL).
    func storeBytes(_ folder: StoreHarness) throws -> Data {
        switch folder.backend {
        case .sqlite:
            var data = Data()
            let root = folder.databaseURL.deletingLastPathComponent()
            for case let name as String in FileManager.default.enumerator(atPath: root.path)?.allObjects ?? [] {
                data += FileManager.default.contents(atPath: root.appendingPathComponent(name).path) ?? Data()
                data += Data(name.utf8)
            }
            return data
        case .postgres:
            let server = try TestServer.address()
            return Data(
                try TestServer.run(
                    TestServer.tool("pg_dump"),
                    ["-h", server.host, "-p", "\(server.port)", "-U", server.user, "-d", folder.postgres?.database ?? ""]
                ).utf8)
        }
    }

    @Test(
        "Erasure reaches the whole person: pending and rejected cards sharing an e-mail or phone, failure records naming them, their audit values",
        arguments: Backend.allCases)
    func erasureReachesThePerson(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let marker = "qzx\(UInt32.random(in: 100_000...999_999))"
        let email = "\(marker)@example.org"
        let phone = "+4420\(UInt32.random(in: 1_000_000...9_999_999))"
        let own = try folder.enqueueOne(store, fields: card(name: "Erin Marker", email: email, phone: phone))
        let contact = try #require(
            try store.accept(own, edits: [], tags: [], reviewer: "a", expectedVersion: nil, policy: ReviewPolicy()).contact)
        // The same person's other cards: a pending one (same e-mail, OCR slip in the name) and a
        // rejected one (same phone only), and one a reviewer links by hand (nothing shared).
        let pending = try folder.enqueueOne(store, fields: card(name: "Erln Marker", company: nil, email: email, phone: nil))
        let rejected = try folder.enqueueOne(store, fields: card(name: "E. Marker", company: nil, email: nil, phone: phone))
        _ = try store.reject(rejected, reason: "blurred", reviewer: "b", expectedVersion: nil)
        let linked = try folder.enqueueOne(store, fields: card(name: "Erin M.", company: "Elsewhere", email: nil, phone: nil))
        // A failure record whose file name is the e-mail.
        let failure = try store.recordFailure(sourcePath: "inbox/\(email).jpg", contentHash: nil, reason: "unreadable")
        // Someone else stays.
        let other = try folder.enqueueOne(store, fields: card(name: "Other Person", company: "Other", email: "other@example.org", phone: "+12025550100"))
        let unrelatedFailure = try store.recordFailure(sourcePath: "inbox/blank.jpg", contentHash: nil, reason: "empty")

        let person = try store.personRecords(ofContact: contact.id, alsoCandidates: [linked])
        #expect(person.candidates.map(\.id) == [own, pending, rejected, linked].sorted())
        #expect(person.failures.map(\.scanID) == [failure])
        #expect(person.audit.contains { $0.action == "enqueue" && $0.entity == "candidate" && $0.entityID == pending })
        #expect(person.contact.fields.emails == [email])
        #expect(try JSONEncoder().encode(person).range(of: Data(marker.utf8)) != nil)

        #expect(try storeBytes(folder).range(of: Data(marker.utf8)) != nil)  // the search would notice it
        let report = try store.eraseContact(contact.id, actor: "dpo", alsoCandidates: [linked])
        #expect(report.candidateIDs == [own, pending, rejected, linked].sorted())
        #expect(report.failureIDs == [failure])
        #expect(report.imagesRemoved == 4)
        for id in [own, pending, rejected, linked] {
            #expect(throws: StoreError.candidateNotFound(id)) { _ = try store.candidate(id) }
        }
        #expect(try store.candidate(other).status == .pending)
        #expect(try store.failures().map(\.scanID) == [unrelatedFailure])
        #expect(try store.auditTrail(contactID: nil).allSatisfy { !($0.newValues ?? "").contains(marker) && !($0.oldValues ?? "").contains(marker) })
        #expect(try storeBytes(folder).range(of: Data(marker.utf8)) == nil)
        #expect(try storeBytes(folder).range(of: Data(phone.utf8)) == nil)
        #expect(backend == .sqlite ? report.remainingTraces == nil : report.remainingTraces?.contains("backups") == true)
    }

    @Test("A linked card that belongs to another contact is refused, and nothing is erased", arguments: Backend.allCases)
    func linkedCardOfAnotherContactIsRefused(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let first = try folder.enqueueOne(store)
        let ada = try #require(
            try store.accept(first, edits: [], tags: [], reviewer: "a", expectedVersion: nil, policy: ReviewPolicy()).contact)
        let second = try folder.enqueueOne(store, fields: card(name: "Grace Hopper", company: "Navy", email: nil, phone: nil))
        let grace = try #require(
            try store.accept(second, edits: [], tags: [], reviewer: "a", expectedVersion: nil, policy: ReviewPolicy()).contact)
        #expect(throws: StoreError.self) {
            _ = try store.eraseContact(ada.id, actor: "dpo", alsoCandidates: [second])
        }
        #expect(try store.contact(ada.id).id == ada.id)
        #expect(try store.contact(grace.id).candidateIDs == [second])
    }
}

@Suite("Store: SQLite erasure with another process reading")
struct ErasureWithReaderTests {
    @Test("A reader holding an old snapshot keeps pages in the WAL: erasure says traces remain, and a later checkpoint clears them")
    func readerBlocksTheCheckpoint() throws {
        let folder = try StoreHarness(.sqlite)
        let store = try folder.openStore()
        let id = try folder.enqueueOne(store, fields: card(name: "Held Open", email: "held@example.org", phone: nil))
        let contact = try #require(
            try store.accept(id, edits: [], tags: [], reviewer: "a", expectedVersion: nil, policy: ReviewPolicy()).contact)
        // Another connection (as a running `review` would be) inside a read transaction.
        let reader = try DatabaseQueue(path: folder.databaseURL.path)
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let thread = Thread {
            try? reader.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM contact")
                holding.signal()
                release.wait()
            }
        }
        thread.start()
        holding.wait()
        let report = try store.eraseContact(contact.id, actor: "dpo")
        #expect(report.remainingTraces?.contains("holds the store open") == true)
        release.signal()
        Thread.sleep(forTimeInterval: 0.2)
        #expect(try store.purgeFreedBytes() == nil)
    }
}
