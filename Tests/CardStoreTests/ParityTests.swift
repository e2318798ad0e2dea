import CardModel
import Foundation
import Testing

@testable import CardStore

@Suite("Store contract (SQLite and PostgreSQL): note and event, and the same exports from both")
struct ParityTests {
    /// A scan of the Brazilian card with what the rep wrote (`scan --note/--event`).
    func enqueueWithContext(_ folder: StoreHarness, _ store: any CardStoring) throws -> Int64 {
        let (file, hash) = try folder.imageFile(
            "context.jpg", bytes: "card with context \(UUID().uuidString)")
        let outcome = try store.enqueue(
            NewScan(
                sourcePath: "cards/context.jpg", contentHash: hash, sourceFile: file,
                candidates: [
                    NewCandidate(cardIndex: 0, fields: brazilianCard(), ocrText: "Vinícius", confidence: 0.9)
                ], note: "wants a demo", event: "Hannover Messe 2026"))
        guard case .queued(_, let ids) = outcome, let id = ids.first else {
            throw StoreError.candidateNotFound(0)
        }
        return id
    }

    @Test(
        "Note and event: kept with the card, carried to the contact, searchable, editable; erasure of a shared sheet drops the note",
        arguments: Backend.allCases)
    func noteAndEvent(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let id = try enqueueWithContext(folder, store)
        let candidate = try store.candidate(id)
        #expect(candidate.note == "wants a demo" && candidate.event == "Hannover Messe 2026")
        let contact = try #require(
            try store.accept(
                id, edits: [], tags: [], reviewer: "ana", expectedVersion: nil, policy: ReviewPolicy()
            )
            .contact)
        #expect(contact.fields.note == "wants a demo" && contact.fields.event == "Hannover Messe 2026")
        #expect(try store.contacts(search: "hannover messe").map(\.contact.id) == [contact.id])
        let edited = try store.editContact(
            contact.id, edits: [FieldEdit(field: .event, value: "CeBIT 2027")], addTags: [], removeTags: [],
            actor: "ana", expectedVersion: nil)
        #expect(edited.fields.event == "CeBIT 2027" && edited.fields.note == "wants a demo")
        #expect(try store.contacts(search: "hannover").isEmpty)
        #expect(ContactExport.vCard(edited).contains("NOTE:wants a demo\\nEvent: CeBIT 2027"))
        // Another person's card on the same sheet keeps the scan row, without its note.
        let (file, hash) = try folder.imageFile("sheet.jpg", bytes: "a sheet of two cards")
        guard
            case .queued(_, let sheet) = try store.enqueue(
                NewScan(
                    sourcePath: "sheet.jpg", contentHash: hash, sourceFile: file,
                    candidates: [
                        NewCandidate(cardIndex: 0, fields: card(), ocrText: "Ada", confidence: 0.9),
                        NewCandidate(
                            cardIndex: 1,
                            fields: card(
                                name: "Grace Hopper", company: "Navy", email: "grace@navy.example", phone: nil
                            ),
                            ocrText: "Grace", confidence: 0.9),
                    ], note: "met both at the booth", event: "Expo"))
        else { throw StoreError.candidateNotFound(0) }
        let ada = try #require(
            try store.accept(
                sheet[0], edits: [], tags: [], reviewer: "ana", expectedVersion: nil, policy: ReviewPolicy()
            )
            .contact)
        _ = try store.eraseContact(ada.id, actor: "dpo")
        let grace = try store.candidate(sheet[1])
        #expect(grace.note == nil && grace.event == "Expo" && grace.sourcePath == "(erased)")
    }

    /// The same operations on a store of each backend, with the same clock.
    func populated(_ backend: Backend) throws -> (StoreHarness, any CardStoring) {
        let folder = try StoreHarness(backend)
        let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_780_000_000) }
        let store: any CardStoring =
            switch backend {
            case .sqlite: try SQLiteCardStore(url: folder.databaseURL, logger: StoreHarness.quiet, now: clock)
            case .postgres:
                try PostgresCardStore(
                    address: try #require(folder.postgres), logger: StoreHarness.quiet, now: clock)
            }
        let book = try ContactExport.export([fullContact, companyOnly], options: .init(format: .vcard)).text
        guard case .success(let file) = AddressBookImport.read(book, fileName: "book.vcf") else {
            throw StoreError.invalidValue(field: "book.vcf", reason: "not read back")
        }
        _ = try store.importContacts(file.contacts, source: "book.vcf", actor: "ops")
        let id = try enqueueWithContext(folder, store)
        // The imported contact shares the mobile: found at review, kept apart on purpose here.
        #expect(try store.possibleDuplicates(ofCandidate: id).map(\.contactID) == [1])
        let contact = try #require(
            try store.accept(
                id, edits: [FieldEdit(field: .mobile, value: "(41) 98726-4320")],
                tags: [Tag(key: "region", value: "latam")],
                reviewer: "ana", expectedVersion: nil, policy: ReviewPolicy(keepSeparate: true)
            ).contact)
        _ = try store.editContact(
            contact.id,
            edits: [
                FieldEdit(field: .middle, value: "Fernandes"), FieldEdit(field: .country, value: "Brasil"),
            ],
            addTags: [], removeTags: [], actor: "ana", expectedVersion: nil)
        return (folder, store)
    }

    @Test("A PostgreSQL store exports exactly what a SQLite store exports for the same data, in every format")
    func sameExports() throws {
        var exports: [Backend: [String]] = [:]
        var stores: [StoreHarness] = []
        for backend in Backend.allCases {
            let (folder, store) = try populated(backend)
            stores.append(folder)
            let contacts = try store.contacts(search: nil).map(\.contact)
            #expect(contacts.map(\.origin) == [.imported, .imported, .scanned])
            #expect(contacts[0].uid == fullContact.uid)
            // A scanned contact's UID is its own per store: name it the same before comparing.
            let scannedUID = contacts[2].uid
            #expect(scannedUID.hasPrefix("urn:uuid:"))
            var texts: [String] = []
            for format in [ContactExport.Format.vcard, .vcard3, .json] {
                texts.append(try ContactExport.export(contacts, options: .init(format: format)).text)
            }
            for preset in ContactExport.CSVPreset.allCases {
                texts.append(
                    try ContactExport.export(contacts, options: .init(format: .csv, preset: preset)).text)
            }
            exports[backend] = texts.map { $0.replacingOccurrences(of: scannedUID, with: "urn:uuid:SCANNED") }
        }
        let sqlite = try #require(exports[.sqlite])
        let postgres = try #require(exports[.postgres])
        #expect(sqlite.count == postgres.count)
        for (a, b) in zip(sqlite, postgres) {
            #expect(a == b)
        }
        #expect(sqlite.joined().contains("Fernandes") && sqlite.joined().contains("Hannover Messe 2026"))
    }

    @Test(
        "An import and an accept of the same person at once: the accept is refused as a duplicate, or the import reports it",
        arguments: Backend.allCases)
    func importRacesAccept(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let (reviewer, importer) = (try folder.open(), try folder.open())
        for round in 0..<8 {
            let email = "person\(round)@race.example"
            let candidate = try folder.enqueueOne(
                reviewer,
                fields: card(name: "Person \(round)", company: "Race \(round)", email: email, phone: nil))
            let contact = ImportedContact(
                line: 1, fields: ContactFields(name: "P. \(round)", emails: [email]), uid: "race-\(round)")
            let accepted = Box<Result<AcceptOutcome, any Error>>()
            let imported = Box<Result<ImportReport, any Error>>()
            DispatchQueue.concurrentPerform(iterations: 2) { worker in
                if worker == 0 {
                    accepted.set(
                        Result {
                            try reviewer.accept(
                                candidate, edits: [], tags: [], reviewer: "ana", expectedVersion: nil,
                                policy: ReviewPolicy())
                        })
                } else {
                    imported.set(
                        Result { try importer.importContacts([contact], source: "race.vcf", actor: "ops") })
                }
            }
            let report = try #require(try imported.value?.get())
            let importedID = try #require(report.created.first)
            switch accepted.value {
            case .success(.committed(let made)):
                // The accept went first: the import saw its contact.
                #expect(report.possibleDuplicates[importedID] == [made.id], "round \(round)")
            case .failure(let error as StoreError):
                // The import went first: the accept's duplicate check saw it.
                #expect(
                    error == .possibleDuplicate(id: candidate, contactIDs: [importedID]), "round \(round)")
            default:
                Issue.record("round \(round): unexpected outcome \(String(describing: accepted.value))")
            }
        }
    }
}

/// One value written by another thread.
final class Box<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T?
    func set(_ value: T) { lock.withLock { stored = value } }
    var value: T? { lock.withLock { stored } }
}
