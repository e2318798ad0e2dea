import CardModel
import Foundation
import Testing

@testable import CardStore

@Suite("Store contract (SQLite and PostgreSQL): address-book import, all or nothing, idempotent, part of duplicate detection")
struct ImportTests {
    func read(_ text: String, _ name: String) throws -> [ImportedContact] {
        switch AddressBookImport.read(text, fileName: name) {
        case .success(let file): return file.contacts
        case .failure(let failure):
            throw ImportProblem(line: failure.problems.first?.line ?? 0, reason: "\(failure.problems)")
        }
    }

    @Test(
        "Every export reads back to the same structured name, typed phones, e-mails and websites",
        arguments: [
            (ContactExport.Format.vcard, ContactExport.CSVPreset.google, "x.vcf"),
            (.vcard3, .google, "x.vcf"),
            (.csv, .google, "x.csv"), (.csv, .outlook, "x.csv"), (.csv, .zoho, "x.csv"),
            (.csv, .hubspot, "x.csv"),
        ])
    func exportsReadBack(format: ContactExport.Format, preset: ContactExport.CSVPreset, name: String) throws {
        let output = try ContactExport.export(
            [fullContact, companyOnly], options: .init(format: format, preset: preset))
        let contacts = try read(output.text, name)
        try #require(contacts.count == 2)
        let fields = ContactNormalizer(phoneNumbers: nil).normalized(contacts[0].fields)
        let lost = Set(output.losses.map(\.what))
        let parts = try #require(fields.nameParts)
        #expect(parts.family == "López-García")
        #expect([parts.given, parts.middle].filter { !$0.isEmpty }.joined(separator: " ") == "Ana María")
        #expect(parts.prefix == "Dr.")
        #expect(parts.suffix == (lost.contains("name suffix") ? "" : "PhD"))
        let expectedPhones = fullContact.fields.phones.filter { phone in
            !(preset == .hubspot && format == .csv && phone.kind == .other)
        }
        #expect(
            Set(fields.phones.map { "\($0.kind) \($0.value)" })
                == Set(expectedPhones.map { "\($0.kind) \($0.e164 ?? "")" }))
        let emailCount = fullContact.fields.emails.count - lost.filter { $0.hasSuffix("e-mail") }.count
        #expect(fields.emails == Array(fullContact.fields.emails.prefix(emailCount)))
        let websiteCount = 2 - lost.filter { $0.hasSuffix("website") }.count
        #expect(
            fields.websites
                == Array(
                    ["https://juniper.example", "https://blog.juniper.example/ana"].prefix(websiteCount)))
        #expect(fields.company == "Juniper Energy Ltda")
        #expect(fields.event == "Hannover Messe 2026")
        // The company's card stays a company's card, even where Last Name held the company.
        #expect(contacts[1].fields.name == nil)
        #expect(contacts[1].fields.company == "Acme Widgets GmbH")
    }

    @Test("Bad lines are named with their line numbers, and nothing of the file is returned")
    func badLinesNamed() {
        let vcf =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nthis line is broken\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n"
        guard case .failure(let failure) = AddressBookImport.read(vcf, fileName: "a.vcf") else {
            Issue.record("a broken file was read")
            return
        }
        #expect(failure.problems.map(\.line) == [4, 6])
        let csv =
            "First Name,Last Name,E-mail 1 - Value\r\nAda,Lovelace,ada@x.example\r\nGrace,Hopper\r\n\"Open,quote\r\n"
        guard case .failure(let csvFailure) = AddressBookImport.read(csv, fileName: "a.csv") else {
            Issue.record("a broken CSV was read")
            return
        }
        #expect(csvFailure.problems.map(\.line) == [4])
        let short = "First Name,Last Name,E-mail 1 - Value\r\nAda,Lovelace,ada@x.example\r\nGrace,Hopper\r\n"
        guard case .failure(let shortFailure) = AddressBookImport.read(short, fileName: "a.csv") else {
            Issue.record("a short row was read")
            return
        }
        #expect(shortFailure.problems.map(\.description) == ["line 3: 2 fields where the header has 3"])
    }

    @Test(
        "1,000 imported contacts: marked, audited, found as duplicates at review; a second import changes nothing",
        arguments: Backend.allCases)
    func thousandContacts(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        var text = ""
        for i in 0..<1000 {
            text += "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person \(i) Example\r\nN:Example;Person \(i);;;\r\n"
            text += "ORG:Company \(i % 50)\r\nEMAIL;TYPE=INTERNET:person\(i)@example.com\r\n"
            text += "TEL;TYPE=CELL:+1 415 555 \(String(format: "%04d", i))\r\nUID:book-\(i)\r\nEND:VCARD\r\n"
        }
        let contacts = try read(text, "book.vcf")
        #expect(contacts.count == 1000)
        let first = try store.importContacts(contacts, source: "book.vcf", actor: "importer")
        #expect(first.created.count == 1000)
        let again = try store.importContacts(contacts, source: "book.vcf", actor: "importer")
        #expect(again.created.isEmpty && again.updated.isEmpty && again.unchanged.count == 1000)
        let all = try store.contacts(search: nil)
        #expect(all.count == 1000)
        #expect(all.allSatisfy { $0.contact.origin == .imported })
        #expect(all[7].contact.uid == "book-7")
        #expect(all[7].contact.fields.phones.first?.e164 == "+14155550007")
        let audit = try store.auditTrail(contactID: all[7].contact.id)
        #expect(audit.map(\.action) == ["create"])
        #expect(audit.first?.newValues?.contains("\"origin\":\"imported\"") == true)
        // A scanned card of person 7 (same e-mail) is flagged as a possible duplicate at review.
        let candidate = try folder.enqueueOne(
            store,
            fields: card(name: "P. Example", company: "Other", email: "PERSON7@example.com", phone: nil))
        #expect(try store.possibleDuplicates(ofCandidate: candidate).map(\.contactID) == [all[7].contact.id])
        // A changed value in the file updates that contact only, audited as an edit.
        var changed = contacts
        changed[3].fields.title = "CTO"
        let third = try store.importContacts(changed, source: "book.vcf", actor: "importer")
        #expect(third.updated == [all[3].contact.id])
        #expect(third.unchanged.count == 999)
    }

    @Test("A CSV without UIDs imported twice changes nothing (its UIDs come from the values)", arguments: Backend.allCases)
    func csvIdempotent(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let csv = try ContactExport.export(
            [fullContact, companyOnly], options: .init(format: .csv, preset: .outlook)
        ).text
        let contacts = try read(csv, "outlook.csv")
        #expect(try store.importContacts(contacts, source: "outlook.csv", actor: "a").created.count == 2)
        let again = try store.importContacts(contacts, source: "outlook.csv", actor: "a")
        #expect(again.created.isEmpty && again.updated.isEmpty)
        #expect(try store.contacts(search: nil).count == 2)
    }
}
