import CardModel
import CardStore
import CardTestSupport
import Foundation
import Logging
import Testing

@testable import CardSync

/// The store implementations the push runs against (the same contract).
enum SyncBackend: String, CaseIterable, Sendable {
    case sqlite, postgres
}

/// A store with accepted contacts: a SQLite file in a temp folder, or a fresh database on the
/// private PostgreSQL server of `scripts/test`.
final class SyncFixture: @unchecked Sendable {
    let folder: URL
    let store: any CardStoring
    /// Keeps the PostgreSQL database until the fixture is released.
    private let database: TestPostgresDatabase?

    init(_ backend: SyncBackend = .sqlite) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cardsync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        switch backend {
        case .sqlite:
            database = nil
            store = try SQLiteCardStore(url: folder.appendingPathComponent("store/cardscan.sqlite"), logger: logger)
        case .postgres:
            let database = try TestPostgresDatabase()
            self.database = database
            store = try PostgresCardStore(address: try PostgresAddress(parsing: database.url), logger: logger)
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    @discardableResult
    func accept(name: String, email: String, title: String? = nil) throws -> Contact {
        let file = folder.appendingPathComponent("\(UUID().uuidString).jpg")
        try Data(UUID().uuidString.utf8).write(to: file)
        let fields = CardFields(
            name: FieldValue(value: name, confidence: 0.9),
            title: title.map { FieldValue(value: $0, confidence: 0.9) },
            emails: [FieldValue(value: email, confidence: 0.9)])
        guard
            case .queued(_, let ids) = try store.enqueue(
                NewScan(
                    sourcePath: file.lastPathComponent, contentHash: try ContentHash.sha256(of: file),
                    sourceFile: file,
                    candidates: [NewCandidate(cardIndex: 0, fields: fields, ocrText: name, confidence: 0.9)])),
            let id = ids.first,
            case .committed(let contact) = try store.accept(
                id, edits: [], tags: [], reviewer: "r", expectedVersion: nil, policy: ReviewPolicy())
        else { throw StoreError.candidateNotFound(0) }
        return contact
    }
}

@Suite("CardDAV push to a real Radicale server", .serialized)
struct CardDAVPushTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The server's contacts as (UID, FN, TITLE), read by listing the address book and getting each vCard.
    func serverContacts(_ client: CardDAVClient) async throws -> [String: (fn: String, title: String?)] {
        var out: [String: (String, String?)] = [:]
        for resource in try await client.list() {
            let text = try await client.get(resource.href).replacingOccurrences(of: "\r\n ", with: "")
            let lines = text.components(separatedBy: "\r\n")
            func value(_ name: String) -> String? {
                lines.first { $0.hasPrefix(name + ":") }.map { String($0.dropFirst(name.count + 1)) }
            }
            if let uid = value("UID") { out[uid] = (value("FN") ?? "", value("TITLE")) }
        }
        return out
    }

    func storeContacts(_ store: any CardStoring) throws -> [String: (fn: String, title: String?)] {
        var out: [String: (String, String?)] = [:]
        for listing in try store.contacts(search: nil) {
            out[listing.contact.uid] = (listing.contact.fields.name ?? "", listing.contact.fields.title)
        }
        return out
    }

    func same(_ a: [String: (fn: String, title: String?)], _ b: [String: (fn: String, title: String?)])
        -> Bool
    {
        Set(a.keys) == Set(b.keys)
            && a.allSatisfy { b[$0.key]?.fn == $0.value.fn && b[$0.key]?.title == $0.value.title }
    }

    @Test(
        "Push, edit, push, erase, push: the server holds the store's contacts after each step; a second push sends nothing",
        arguments: SyncBackend.allCases)
    func pushEditErase(_ backend: SyncBackend) async throws {
        let server = try CardDAVServer.make()
        let fixture = try SyncFixture(backend)
        let ada = try fixture.accept(name: "Ada Lovelace", email: "ada@x.example", title: "Analyst")
        try fixture.accept(name: "Grace Hopper", email: "grace@x.example")
        try fixture.accept(name: "张伟", email: "zhang@x.example")
        let client = CardDAVClient(
            addressBook: server.newAddressBook(), user: server.user, password: server.password)
        let push = CardDAVPush(store: fixture.store, client: client, logger: logger)
        let first = try await push.run(create: true)
        #expect(first.created.count == 3)
        #expect(same(try await serverContacts(client), try storeContacts(fixture.store)))

        let again = try await push.run(create: false)
        #expect(again.created.isEmpty && again.updated.isEmpty && again.deleted.isEmpty)
        #expect(again.unchanged.count == 3)

        _ = try fixture.store.editContact(
            ada.id, edits: [FieldEdit(field: .title, value: "Countess")], addTags: [], removeTags: [],
            actor: "r",
            expectedVersion: nil)
        let edited = try await push.run(create: false)
        #expect(edited.updated == [ada.id])
        #expect(edited.unchanged.count == 2)
        let afterEdit = try await serverContacts(client)
        #expect(afterEdit[ada.uid]?.title == "Countess")
        #expect(same(afterEdit, try storeContacts(fixture.store)))

        _ = try fixture.store.eraseContact(ada.id, actor: "dpo")
        let erased = try await push.run(create: false)
        #expect(erased.deleted == [ada.uid])
        let afterErase = try await serverContacts(client)
        #expect(afterErase[ada.uid] == nil)
        #expect(same(afterErase, try storeContacts(fixture.store)))
        #expect(try fixture.store.cardDAVRecords(server: client.addressBook.absoluteString).count == 2)
    }

    @Test("A contact changed on the server since the last push is not overwritten without --force")
    func serverChangeIsAConflict() async throws {
        let server = try CardDAVServer.make()
        let fixture = try SyncFixture()
        let ada = try fixture.accept(name: "Ada Lovelace", email: "ada@x.example")
        let client = CardDAVClient(
            addressBook: server.newAddressBook(), user: server.user, password: server.password)
        let push = CardDAVPush(store: fixture.store, client: client, logger: logger)
        _ = try await push.run(create: true)
        // Someone edits the card in their address book.
        let url = client.resourceURL(uid: ada.uid)
        let changed = ContactExport.vCard(ada, version: .v3, photo: nil).replacingOccurrences(
            of: "FN:Ada Lovelace", with: "FN:Ada King")
        let etag = try #require(try await client.etag(url))
        #expect(try await client.put(url, vCard: changed, ifMatch: etag) != .preconditionFailed)
        _ = try fixture.store.editContact(
            ada.id, edits: [FieldEdit(field: .title, value: "Countess")], addTags: [], removeTags: [],
            actor: "r",
            expectedVersion: nil)
        let report = try await push.run(create: false)
        #expect(report.conflicts == [ada.id])
        #expect(try await serverContacts(client)[ada.uid]?.fn == "Ada King")
        let forced = try await push.run(create: false, force: true)
        #expect(forced.updated == [ada.id])
        #expect(try await serverContacts(client)[ada.uid]?.title == "Countess")
    }

    @Test("A wrong password and a missing address book are clear errors")
    func errors() async throws {
        let server = try CardDAVServer.make()
        let fixture = try SyncFixture()
        let book = server.newAddressBook()
        let wrong = CardDAVClient(addressBook: book, user: server.user, password: "nope")
        do {
            _ = try await CardDAVPush(store: fixture.store, client: wrong, logger: logger).run(create: true)
            Issue.record("a wrong password was accepted")
        } catch let error as CardDAVError {
            #expect("\(error)".contains("refused the user name or password"))
        }
        let client = CardDAVClient(addressBook: book, user: server.user, password: server.password)
        do {
            _ = try await CardDAVPush(store: fixture.store, client: client, logger: logger).run(create: false)
            Issue.record("a missing address book was accepted")
        } catch let error as CardDAVError {
            #expect("\(error)".contains("--create"))
        }
    }
}
